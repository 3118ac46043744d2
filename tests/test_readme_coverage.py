"""The curl examples of README's "Coverage horizons" section, run against the app serving the
bundled graph on a real port (tests/datasets/test_beyond_coverage.py checks the same answers
with DCAD imported)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.api import create_app
from app.config import Settings
from tests.live_server import serve
from tests.readme_examples import curl_examples, run_example, section

EXAMPLES = curl_examples(section("Coverage horizons"))


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve(create_app(Settings(store="memory"))) as url:
        yield url.removeprefix("http://")


def test_readme_explains_coverage_horizons_with_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[e[1] for e in EXAMPLES])
def test_readme_coverage_example(command: str, expected: str, base: str) -> None:
    run_example(command, expected, base)
