"""The bulk first load holds what the transactional import writes (bundle, DCAD, states)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from app.config import PROJECT_ROOT, Settings
from app.ingest.bulk import BulkLoadFailed, check
from app.ingest.startup import prepare
from app.store import META_GRAPH, EmbeddedStore, Store
from app.store.base import canonical_nquads
from app.vocab import PROV
from tests.datasets.conftest import DATA

pytestmark = pytest.mark.skipif(not DATA.is_dir(), reason=f"the datasets are not at {DATA}")


def _data(store: Store) -> bytes:
    """Every quad but bookkeeping and the import time (which differs between two imports)."""
    return canonical_nquads(
        q
        for q in store.quads()
        if q.graph_name != META_GRAPH and q.predicate != PROV.generatedAtTime
    )


@pytest.fixture(scope="module")
def datasets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two smallest datasets, DCAD and the COW state system."""
    root = tmp_path_factory.mktemp("data")
    for name in ("dcad-1.0", "cow-state-system-2016"):
        shutil.copytree(DATA / name, root / name)
    return root


def test_bulk_first_load_equals_the_transactional_import_and_reopens_as_is(
    datasets: Path, tmp_path: Path
) -> None:
    path = tmp_path / "store"
    settings = Settings(store=str(path), datasets=str(datasets))
    bulk = EmbeddedStore(path)
    report = prepare(bulk, settings, root=PROJECT_ROOT)
    assert report.bundle.loaded
    assert sorted(s.dataset for s in report.datasets) == ["cow-states-2016", "dcad-1.0"]
    assert not list(tmp_path.glob(".store.*")), "no build or replaced directory left over"
    transactional = EmbeddedStore(None)
    prepare(transactional, Settings(store="memory", datasets=str(datasets)), root=PROJECT_ROOT)
    try:
        assert _data(bulk) == _data(transactional)
    finally:
        transactional.close()
    version = bulk.data_version
    bulk.close()
    reopened = EmbeddedStore(path)
    try:
        again = prepare(reopened, settings, root=PROJECT_ROOT)
        assert not again.changed and not again.repaired and reopened.data_version == version
    finally:
        reopened.close()


def test_check_rejects_a_graph_missing_quads() -> None:
    store = EmbeddedStore(None)
    with pytest.raises(BulkLoadFailed, match="holds 0 quads, 3 were generated"):
        check(store, {NamedNode("https://example.org/g").value: 3}, {})
