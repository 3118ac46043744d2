"""The curl examples of README's "Panels for regression" section, against a live server over
the bundle and COW's state system."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.api import create_app
from app.config import Settings
from app.store import Store
from tests.live_server import serve
from tests.readme_examples import curl_examples, run_example, section

EXAMPLES = curl_examples(section("Panels for regression"))


@pytest.fixture(scope="module")
def base(curated_store: Store) -> Iterator[str]:
    with serve(create_app(Settings(store="memory", datasets=""), store=curated_store)) as url:
        yield url.removeprefix("http://")


def test_readme_shows_panels_with_examples() -> None:
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[e[1] for e in EXAMPLES])
def test_readme_panel_example(command: str, expected: str, base: str) -> None:
    run_example(command, expected, base)
