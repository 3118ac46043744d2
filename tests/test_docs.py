"""README stays true: the two set-up commands, every setting, every CLI subcommand."""

from __future__ import annotations

import pytest

from app.cli import build_parser
from app.config import PROJECT_ROOT, Settings

README = (PROJECT_ROOT / "README.md").read_text()


def test_readme_opens_with_the_two_setup_commands() -> None:
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in first_block.strip().splitlines()] == [
        "make run",
        "make test",
    ]


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented(name: str) -> None:
    assert f"`PACTGRAPH_{name.upper()}`" in README


def test_every_subcommand_is_documented() -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for command in sub.choices:  # type: ignore[union-attr]
        assert f"pactgraph {command}" in README
