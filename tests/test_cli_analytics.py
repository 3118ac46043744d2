"""`pactgraph analytics ...` and `pactgraph export`, and the README's Analytics example."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from pyoxigraph import NamedNode, RdfFormat

from app import rules
from app.config import PROJECT_ROOT
from app.ingest.bundle import ensure_bundle
from app.store import EmbeddedStore
from tests.queries.conftest import MINI

README = (PROJECT_ROOT / "README.md").read_text()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store with the bundled graph and the mini graph, closed for the CLI."""
    path = tmp_path_factory.mktemp("cli") / "store"
    store = EmbeddedStore(path)
    ensure_bundle(store, PROJECT_ROOT)
    store.replace_graph(
        NamedNode("https://w3id.org/pactgraph/id/graph/test/mini"),
        MINI.read_bytes(),
        RdfFormat.TURTLE,
    )
    rules.refresh(store)
    store.bump_data_version()
    store.close()
    return path


def run(args: list[str], store: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        capture_output=True,
        text=True,
        env={"PACTGRAPH_STORE": str(store), "PATH": "/usr/bin:/bin"},
        cwd=cwd or PROJECT_ROOT,
        check=False,
    )


def readme_analytics_commands() -> list[list[str]]:
    section = README.split("## Analytics", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    return [
        shlex.split(line)[1:]
        for line in block.strip().splitlines()
        if line.startswith(".venv/bin/pactgraph ")
    ]


def test_readme_analytics_example_runs(store_dir: Path, tmp_path: Path) -> None:
    commands = readme_analytics_commands()
    assert commands, "the Analytics section has a pactgraph example"
    for args in commands:
        result = run(args, store_dir, cwd=tmp_path)
        assert result.returncode == 0, (args, result.stderr)
        if args[0] == "analytics":
            assert json.loads(result.stdout)
    assert nx.read_graphml(tmp_path / "intel-2019.graphml").number_of_edges() > 0
    assert (tmp_path / "kor-intel.svg").read_text().startswith("<svg")


def test_each_question_answers_as_json(store_dir: Path) -> None:
    hubs = json.loads(
        run(
            ["analytics", "centrality", "--type", "shares_intelligence_with", "--as-of", "2019"],
            store_dir,
        ).stdout
    )
    assert hubs["scores"][0]["code"] == "KOR"
    for args in (
        ["communities", "--as-of", "2019"],
        ["ego", "RUS", "-k", "2"],
        ["alignment", "KOR", "JPN", "--type", "shares_intelligence_with"],
        ["similar", "KOR", "--metric", "jaccard"],
        ["diff", "2012", "2019", "--type", "shares_intelligence_with"],
        ["overlay", "--measure", "eigenvector"],
    ):
        result = run(["analytics", *args], store_dir)
        assert result.returncode == 0, (args, result.stderr)
        json.loads(result.stdout)


def test_csv_export_to_standard_output(store_dir: Path) -> None:
    result = run(["export", "--format", "csv", "--table", "nodes", "--as-of", "2019"], store_dir)
    assert result.stdout.splitlines()[0] == "id,code,label,degree"


def test_unknown_state_and_relation_exit_2_without_traceback(store_dir: Path) -> None:
    missing = run(["analytics", "path", "ZZZ", "JPN"], store_dir)
    assert missing.returncode == 2 and "Not found" in missing.stderr
    assert "Traceback" not in missing.stderr
    unknown = run(["analytics", "centrality", "--type", "friends_with"], store_dir)
    assert unknown.returncode == 2 and "valid relations" in unknown.stderr
