"""An in-memory store with the bundled graph (the extractor's lexicons come from it)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT
from app.extract.extractor import Extractor, extractor_for
from app.extract.lexicon import Lexicon, lexicon_for
from app.ingest.bundle import ensure_bundle
from app.store import EmbeddedStore, Store

# ../shared/seeds beside the checkout; a worktree elsewhere finds it beside PACTGRAPH_TEST_DATA.
SEEDS = (
    Path(os.environ["PACTGRAPH_TEST_DATA"]).parent / "seeds"
    if os.environ.get("PACTGRAPH_TEST_DATA")
    else PROJECT_ROOT.parent / "shared" / "seeds"
)
GOLD = PROJECT_ROOT / "tests" / "extract" / "gold"


@pytest.fixture(scope="session")
def bundled() -> Iterator[Store]:
    """The bundled graph in memory (shared: tests that write use their own store)."""
    store = EmbeddedStore(None)
    ensure_bundle(store, PROJECT_ROOT)
    yield store
    store.close()


@pytest.fixture(scope="session")
def lexicon(bundled: Store) -> Lexicon:
    return lexicon_for(bundled)


@pytest.fixture(scope="session")
def extractor(lexicon: Lexicon) -> Extractor:
    return extractor_for(lexicon)
