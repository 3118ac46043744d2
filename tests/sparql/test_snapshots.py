"""Query snapshots: one directory per service, hard-linked backups, left-overs cleaned up."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph

from app.sparql.workers import SnapshotManager


def test_snapshots_follow_the_data_version_and_keep_one_previous(tmp_path: Path) -> None:
    store = pyoxigraph.Store(str(tmp_path / "store"))
    manager = SnapshotManager(store, tmp_path / "store")
    first = manager.current("v1")
    assert manager.current("v1") == first
    second = manager.current("v2")
    third = manager.current("v3")
    assert second != first and second.exists() and third.exists()
    assert not first.exists()  # only the latest and the one before are kept
    assert pyoxigraph.Store.read_only(str(third)) is not None
    manager.close()
    assert not manager.root.exists()


def test_two_services_on_one_store_do_not_share_snapshots(tmp_path: Path) -> None:
    store = pyoxigraph.Store(str(tmp_path / "store"))
    one = SnapshotManager(store, tmp_path / "store")
    two = SnapshotManager(store, tmp_path / "store")
    one.current("v1")
    one.close()
    assert two.current("v1").exists()
    two.close()


def test_snapshot_directories_of_dead_processes_are_removed(tmp_path: Path) -> None:
    orphan = tmp_path / "store.snapshots-999999999-abc"
    orphan.mkdir()
    store = pyoxigraph.Store(str(tmp_path / "store"))
    manager = SnapshotManager(store, tmp_path / "store")
    assert not orphan.exists()
    manager.close()


def test_in_memory_store_is_copied_into_an_on_disk_snapshot() -> None:
    store = pyoxigraph.Store()
    node = pyoxigraph.NamedNode("http://example.org/a")
    store.add(pyoxigraph.Quad(node, node, node, node))
    manager = SnapshotManager(store, None)
    snapshot = pyoxigraph.Store.read_only(str(manager.current("v1")))
    assert len(list(snapshot)) == 1
    manager.close()
