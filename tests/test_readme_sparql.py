"""The curl examples of README's SPARQL section, run against the app on a real port.

Each ``curl`` command (with its continuation lines) is run with bash; the ``# => text`` line
after it says what its output must contain.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from pyoxigraph import NamedNode, Quad

from app.api import create_app
from app.config import Settings
from app.store import EmbeddedStore
from tests.live_server import serve
from tests.readme_examples import curl_examples, run_example, section

SECTION = section("SPARQL")


def examples() -> list[tuple[str, str]]:
    return curl_examples(SECTION)


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    store = EmbeddedStore(None)
    # Enough triples that the README's cross-product query cannot finish within the limit.
    graph = NamedNode("http://example.org/graph/filler")
    store.add_quads(
        Quad(NamedNode(f"http://example.org/s{i}"), NamedNode("http://example.org/p"),
             NamedNode(f"http://example.org/o{i}"), graph)
        for i in range(500)
    )  # fmt: skip
    settings = Settings(store="memory", token=SecretStr("s3cret"), query_timeout=2)
    with serve(create_app(settings, store=store)) as url:
        yield url.removeprefix("http://")


def test_readme_has_curl_examples() -> None:
    assert len(examples()) >= 8


@pytest.mark.parametrize("command,expected", examples(), ids=[e[1] for e in examples()])
def test_readme_curl_example(command: str, expected: str, base: str) -> None:
    run_example(command, expected, base)
