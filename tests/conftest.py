"""Store fixtures: the same tests run on the embedded store and on a real Oxigraph server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.store import EmbeddedStore, RemoteStore, Store
from tests.oxigraph_server import OxigraphServer

# Apps built in tests load the bundle only: tests that need the datasets import them
# explicitly (tests/ingest), once per session, instead of at every app start-up.
os.environ.setdefault("PACTGRAPH_DATASETS", "")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """One server process for the session; tests clear the data they wrote."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"))
    server.start()
    yield server
    server.stop()


def _clear(store: Store) -> None:
    store.update("DROP SILENT ALL")


@pytest.fixture(params=["embedded", "remote"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each kind: embedded on disk, and a real `oxigraph serve`."""
    opened: Store
    if request.param == "embedded":
        opened = EmbeddedStore(tmp_path / "store")
    else:
        server: OxigraphServer = request.getfixturevalue("oxigraph_server")
        opened = RemoteStore(server.url)
        _clear(opened)
    yield opened
    if request.param == "remote":
        _clear(opened)
    opened.close()
