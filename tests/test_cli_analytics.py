"""`pactgraph analytics ...` and `pactgraph export`, and the README's Analytics example."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

from app.cli import main
from app.config import PROJECT_ROOT
from app.ingest.bundle import ensure_bundle
from app.store import EmbeddedStore

README = (PROJECT_ROOT / "README.md").read_text()
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store with the bundled graph, closed so the command can open it."""
    path = tmp_path_factory.mktemp("cli") / "store"
    store = EmbeddedStore(path)
    ensure_bundle(store, PROJECT_ROOT)
    store.close()
    return path


@pytest.fixture
def pactgraph(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Run:
    """Run the command in this process, as the console script does; (exit code, out, err)."""
    monkeypatch.setenv("PACTGRAPH_STORE", str(store_dir))

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def readme_analytics_commands() -> list[list[str]]:
    section = README.split("## Analytics", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    return [
        shlex.split(line)[1:]
        for line in block.strip().splitlines()
        if line.startswith(".venv/bin/pactgraph ")
    ]


def test_readme_analytics_example_runs(
    pactgraph: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    commands = readme_analytics_commands()
    assert commands, "the Analytics section has a pactgraph example"
    for args in commands:
        code, out, err = pactgraph(*args)
        assert code == 0, (args, err)
        if args[0] == "analytics":
            assert json.loads(out)
    assert nx.read_graphml(tmp_path / "intel-2019.graphml").number_of_edges() > 0
    assert (tmp_path / "kor-intel.svg").read_text().startswith("<svg")


@pytest.mark.parametrize(
    "args",
    [
        ["communities", "--as-of", "2019"],
        ["ego", "Russia", "-k", "2"],
        ["alignment", "KOR", "JPN", "--type", "shares_intelligence_with"],
        ["similar", "KOR", "--metric", "jaccard"],
        ["diff", "2012", "2019", "--type", "shares_intelligence_with"],
        ["overlay", "--measure", "eigenvector"],
    ],
)
def test_each_question_answers_as_json(pactgraph: Run, args: list[str]) -> None:
    code, out, err = pactgraph("analytics", *args)
    assert code == 0, err
    assert json.loads(out)


def test_hubs_of_intelligence_sharing(pactgraph: Run) -> None:
    code, out, _ = pactgraph(
        "analytics", "centrality", "--type", "shares_intelligence_with", "--as-of", "2019"
    )
    assert code == 0
    assert json.loads(out)["scores"][0]["code"] == "KOR"


def test_csv_export_to_standard_output(pactgraph: Run) -> None:
    code, out, _ = pactgraph("export", "--format", "csv", "--table", "nodes", "--as-of", "2019")
    assert code == 0 and out.splitlines()[0] == "id,code,label,degree"


def test_unknown_state_and_relation_exit_2_with_a_message(pactgraph: Run) -> None:
    code, _, err = pactgraph("analytics", "path", "Atlantis", "JPN")
    assert code == 2 and "no state is called 'Atlantis'" in err
    code, _, err = pactgraph("analytics", "centrality", "--type", "friends_with")
    assert code == 2 and "valid relations" in err
