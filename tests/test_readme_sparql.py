"""The curl examples of README's SPARQL section, run against the app on a real port.

Each ``curl`` command (with its continuation lines) is run with bash; the ``# => text`` line
after it says what its output must contain.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator

import pytest
from pydantic import SecretStr
from pyoxigraph import NamedNode, Quad

from app.api import create_app
from app.config import PROJECT_ROOT, Settings
from app.store import EmbeddedStore
from tests.live_server import serve

README = (PROJECT_ROOT / "README.md").read_text()
SECTION = README.split("## SPARQL\n", 1)[1].split("\n## ", 1)[0]


def examples() -> list[tuple[str, str]]:
    found = []
    for block in re.findall(r"```sh\n(.*?)```", SECTION, re.DOTALL):
        command: list[str] = []
        for line in block.splitlines():
            if line.startswith("curl") or (command and command[-1].endswith("\\")):
                command.append(line)
            elif line.startswith("# => ") and command:
                found.append(("\n".join(command), line[5:]))
                command = []
    return found


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
    result = subprocess.run(
        ["bash", "-c", command.replace("127.0.0.1:8000", base)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
