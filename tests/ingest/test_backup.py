"""Backup and restore: every graph round-trips (blank nodes too); restore needs an empty store."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import RdfFormat

from app.errors import Conflict, RdfSyntaxError
from app.ingest.backup import backup, restore
from app.ingest.batch import ingest, retract
from app.store import EmbeddedStore, Store
from app.store.base import canonical_nquads
from tests.ingest.conftest import readme_example


def _everything(store: Store) -> bytes:
    return canonical_nquads(store.quads())


def test_backup_restores_every_graph_identically(ready: Store, tmp_path: Path) -> None:
    _, payload = readme_example()  # a citation as a blank node
    ingest(ready, payload, RdfFormat.TURTLE, "alice")
    gone = ingest(ready, b"<http://e.org/a> <http://e.org/p> [] .", RdfFormat.TURTLE, "bob")
    retract(ready, gone.batch.id, "carol")  # the audit graph is saved too
    saved = io.BytesIO()
    count = backup(ready, saved)
    target = EmbeddedStore(tmp_path / "restored")
    try:
        assert restore(target, io.BytesIO(saved.getvalue())) == count
        assert _everything(target) == _everything(ready)
        assert target.content_hash() == ready.content_hash()
        assert target.data_version == ready.data_version
    finally:
        target.close()


def test_restore_refuses_a_store_with_data(ready: Store) -> None:
    saved = io.BytesIO()
    backup(ready, saved)
    before = ready.content_hash()
    with pytest.raises(Conflict, match="not empty"):
        restore(ready, io.BytesIO(saved.getvalue()))
    assert ready.content_hash() == before


def test_restore_of_a_broken_file_writes_nothing(tmp_path: Path) -> None:
    target = EmbeddedStore(tmp_path / "restored")
    good = b'<http://e.org/a> <http://e.org/p> "1" <http://e.org/g> .\n'
    try:
        with pytest.raises(RdfSyntaxError) as raised:
            restore(target, io.BytesIO(good + b"<http://e.org/a> <broken"))
        assert raised.value.extensions["line"] == 2
        assert target.triple_count() == 0
    finally:
        target.close()


def _cli(args: list[str], store_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {"PACTGRAPH_STORE": str(store_dir), "PATH": "/usr/bin:/bin", "PACTGRAPH_DATASETS": ""}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, env=env
    )


def test_cli_backup_and_restore_round_trip(tmp_path: Path) -> None:
    facts = tmp_path / "facts.ttl"
    facts.write_text('<http://e.org/a> <http://e.org/p> [ <http://e.org/q> "nested" ] .\n')
    first, second, file = tmp_path / "first", tmp_path / "second", tmp_path / "backup.nq"
    assert _cli(["load", str(facts)], first).returncode == 0
    saved = _cli(["backup", str(file)], first)
    assert saved.returncode == 0, saved.stderr
    restored = _cli(["restore", str(file)], second)
    assert restored.returncode == 0, restored.stderr
    refused = _cli(["restore", str(file)], second)
    assert refused.returncode == 2 and "not empty" in refused.stderr
    stores = [EmbeddedStore(first), EmbeddedStore(second)]
    try:
        assert _everything(stores[0]) == _everything(stores[1])
    finally:
        for store in stores:
            store.close()
