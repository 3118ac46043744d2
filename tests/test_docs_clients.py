"""docs/clients.md stays true: every recipe runs against a served store and prints what it says.

Each ``python`` and ``sh`` block is one script, run as it is (``127.0.0.1:8000`` pointed at a
live server holding the bundled graph, writes allowed with ``$PACTGRAPH_TOKEN``); every
``# => text`` line of the block names text its output must contain. The blocks run in the
order of the page, as a reader would run them.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from app.api import create_app
from app.config import PROJECT_ROOT, Settings
from tests.live_server import serve

PAGE = (PROJECT_ROOT / "docs" / "clients.md").read_text()
BLOCKS = re.findall(r"```(python|sh)\n(.*?)```", PAGE, re.DOTALL)
TOKEN = "recipe-token"
#: The interpreter and shell of each kind of block.
RUNNERS = {"python": [sys.executable, "-c"], "sh": ["bash", "-c"]}


@pytest.fixture(scope="module")
def host() -> Iterator[str]:
    settings = Settings(store="memory", token=SecretStr(TOKEN))
    with serve(create_app(settings)) as url:
        yield url.removeprefix("http://")


def expected(block: str) -> list[str]:
    return [line[5:] for line in block.splitlines() if line.startswith("# => ")]


def test_the_page_has_every_recipe_the_issue_names() -> None:
    text = "\n".join(code for _, code in BLOCKS)
    for name in ("import httpx", "SPARQLWrapper", "import pandas", "import networkx"):
        assert name in text
    for write in ("/api/v1/ingest", "-X DELETE", "-X PUT", "-X POST"):
        assert write in text
    assert all(expected(code) for _, code in BLOCKS)


def test_every_recipe_runs_and_prints_what_the_page_says(host: str) -> None:
    environment = {**os.environ, "PACTGRAPH_TOKEN": TOKEN}
    for kind, code in BLOCKS:
        result = subprocess.run(
            [*RUNNERS[kind], code.replace("127.0.0.1:8000", host)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=environment,
        )
        assert result.returncode == 0, f"{code}\n{result.stderr}"
        for fragment in expected(code):
            assert fragment in result.stdout, f"{code}\nprinted:\n{result.stdout}"
