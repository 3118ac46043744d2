"""Apps over real stores: the miniature graph alone, for answers known exactly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.config import PROJECT_ROOT, Settings
from app.ingest.bundle import bundle_content_hash, bundle_files, bundle_graph, bundle_hash
from app.store import EmbeddedStore, Store
from tests.queries.conftest import load_mini


def serve_alone(store: Store) -> TestClient:
    """A client of an app serving ``store`` as it is.

    The store is marked as holding the current bundle, so the app's start-up does not load
    ``graph_data/`` on top of the fixture and answers stay those of the fixture alone.
    """
    files = bundle_files(PROJECT_ROOT)
    store.set_meta("bundleHash", bundle_hash(PROJECT_ROOT, files))
    graphs = [bundle_graph(PROJECT_ROOT, path) for path in files]
    store.set_meta("bundleContent", bundle_content_hash(store, graphs))
    return TestClient(create_app(Settings(store="memory"), store=store))


@pytest.fixture(scope="module")
def mini_client() -> Iterator[TestClient]:
    """The miniature graph (tests/fixtures/mini*.ttl) in an in-memory store, served."""
    with serve_alone(load_mini(EmbeddedStore(None))) as client:
        yield client
