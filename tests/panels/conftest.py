"""A store with the curated bundle and COW's state system only (the universe of every panel).

Small enough to build in seconds; the datasets' own columns are tested on the full import in
tests/datasets/test_panels.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.config import PROJECT_ROOT
from app.ingest.bundle import ensure_bundle
from app.ingest.datasets import refresh_after_import, run_import
from app.ingest.datasets.driver import IMPORTERS
from app.store import EmbeddedStore, Store
from tests.datasets.conftest import DATA, PATHS


@pytest.fixture(scope="module")
def curated_store() -> Iterator[Store]:
    """The bundle and COW state-system membership, in memory, with derived data."""
    if not DATA.is_dir():
        pytest.skip(f"the datasets are not at {DATA}")
    store = EmbeddedStore(None)
    ensure_bundle(store, PROJECT_ROOT, derive=False)
    run_import(store, IMPORTERS["cow-states"], PATHS["cow-states"])
    refresh_after_import(store)
    yield store
    store.close()
