"""The pactgraph command: load, query, dump, and help for every subcommand."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import build_parser, main


def run(args: list[str], store_dir: Path, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {"PACTGRAPH_STORE": str(store_dir), "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "facts.ttl"
    path.write_text('<http://example.org/a> <http://example.org/name> "Alpha" .\n')
    return path


def test_every_subcommand_has_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) >= {"serve", "load", "query", "dump"}  # type: ignore[arg-type]
    for action in sub._choices_actions:  # type: ignore[attr-defined]
        assert action.help


def test_load_then_query_as_json_and_csv(tmp_path: Path, data_file: Path) -> None:
    store = tmp_path / "store"
    loaded = run(["load", str(data_file)], store)
    assert loaded.returncode == 0, loaded.stderr
    query = "SELECT ?n WHERE { <http://example.org/a> <http://example.org/name> ?n }"
    as_json = run(["query", query, "--format", "json"], store)
    assert json.loads(as_json.stdout) == [{"n": "Alpha"}]
    as_csv = run(["query", query, "--format", "csv"], store)
    assert as_csv.stdout.splitlines() == ["n", "Alpha"]


def test_load_is_idempotent_per_file(tmp_path: Path, data_file: Path) -> None:
    store = tmp_path / "store"
    run(["load", str(data_file)], store)
    run(["load", str(data_file)], store)
    count = run(
        [
            "query",
            "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/name> ?o }",
            "--format",
            "json",
        ],
        store,
    )
    assert json.loads(count.stdout) == [{"n": "1"}]


def test_dump_writes_nquads_and_trig(tmp_path: Path, data_file: Path) -> None:
    store = tmp_path / "store"
    run(["load", str(data_file)], store)
    out = tmp_path / "dump.nq"
    assert run(["dump", "-o", str(out)], store).returncode == 0
    assert '"Alpha"' in out.read_text()
    trig = run(["dump", "--format", "trig"], store)
    assert "{" in trig.stdout and "Alpha" in trig.stdout


def test_errors_are_reported_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://a> <http://b> ")
    result = run(["load", str(bad)], tmp_path / "store")
    assert result.returncode == 2
    assert "RDF syntax error" in result.stderr and "Traceback" not in result.stderr
    syntax = run(["query", "SELEC nothing"], tmp_path / "store")
    assert syntax.returncode == 2 and "SPARQL syntax error" in syntax.stderr
    missing = run(["load", str(tmp_path / "none.ttl")], tmp_path / "store")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    unknown = run(["load", str(tmp_path)], tmp_path / "store")
    assert unknown.returncode == 2


def test_main_returns_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACTGRAPH_STORE", "memory")
    assert main(["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--format", "csv"]) == 0
