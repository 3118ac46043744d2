"""The curl examples of README's "Exploring in the browser" section, run against the app
serving the bundled graph on a real port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.api import create_app
from app.config import Settings
from tests.live_server import serve
from tests.readme_examples import curl_examples, run_example, section

EXAMPLES = curl_examples(section("Exploring in the browser"))


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve(create_app(Settings(store="memory"))) as url:
        yield url.removeprefix("http://")


def test_readme_explains_the_explorer_with_examples() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[e[1] for e in EXAMPLES])
def test_readme_explore_example(command: str, expected: str, base: str) -> None:
    run_example(command, expected, base)
