"""The real datasets in ../shared/data, imported once per test session (importing takes time)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from app.ingest.bundle import ensure_bundle
from app.ingest.datasets import ImportSummary, refresh_after_import, run_import
from app.ingest.datasets.driver import IMPORTERS
from app.store import EmbeddedStore, Store

# ../shared/data beside the checkout; a git worktree elsewhere names it in PACTGRAPH_TEST_DATA.
DATA = Path(os.environ.get("PACTGRAPH_TEST_DATA") or PROJECT_ROOT.parent / "shared" / "data")
PATHS = {
    "cow-states": DATA / "cow-state-system-2016",
    "cow-alliances": DATA / "cow-alliances-4.1",
    "atop": DATA / "atop-5.1" / "atop5_1m.csv",
    "dcad": DATA / "dcad-1.0" / "DCAD-v1.0-main.csv",
}

needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"the datasets are not at {DATA}")


@pytest.fixture(scope="session")
def imported() -> Iterator[tuple[Store, dict[str, ImportSummary]]]:
    """An embedded in-memory store with the bundle, all four datasets, links and derived data.

    In memory because writing ~500k quads through SPARQL Update into the on-disk store takes
    minutes on this machine (docs/benchmarks.md); the mapping is the same either way.
    """
    if not DATA.is_dir():
        pytest.skip(f"the datasets are not at {DATA}")
    store = EmbeddedStore(None)
    ensure_bundle(store, PROJECT_ROOT, derive=False)
    summaries = {name: run_import(store, IMPORTERS[name], path) for name, path in PATHS.items()}
    refresh_after_import(store)
    yield store, summaries
    store.close()


@pytest.fixture(scope="session")
def data_store(imported: tuple[Store, dict[str, ImportSummary]]) -> Store:
    """The store of :func:`imported`."""
    return imported[0]


@pytest.fixture(scope="session")
def summaries(imported: tuple[Store, dict[str, ImportSummary]]) -> dict[str, ImportSummary]:
    """The import summaries of :func:`imported`, by CLI name."""
    return imported[1]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here reads the real files."""
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(needs_data)
