"""Store fixtures: the same tests run on the embedded store and on a real Oxigraph server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.store import EmbeddedStore, RemoteStore, Store
from tests.oxigraph_server import OxigraphServer

# Apps built in tests load the bundle only: tests that need the datasets import them
# explicitly (tests/ingest), once per session, instead of at every app start-up.
os.environ.setdefault("PACTGRAPH_DATASETS", "")
# Nor do they warm caches in the background (tests/api/test_warm_up.py does): hundreds of apps
# start here, each over a small store, and their threads would only compete for the cores.
os.environ.setdefault("PACTGRAPH_WARM_UP", "false")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """One server process for the session; tests clear the data they wrote."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"))
    server.start()
    yield server
    server.stop()


@contextmanager
def _empty_store(request: pytest.FixtureRequest, directory: Path) -> Iterator[Store]:
    """An empty store of the kind ``request.param`` names; the remote one is cleared after."""
    opened: Store
    if request.param == "embedded":
        opened = EmbeddedStore(directory / "store")
    else:
        server: OxigraphServer = request.getfixturevalue("oxigraph_server")
        opened = RemoteStore(server.url)
        opened.update("DROP SILENT ALL")
    try:
        yield opened
    finally:
        if request.param == "remote":
            opened.update("DROP SILENT ALL")
        opened.close()


@pytest.fixture(params=["embedded", "remote"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each kind: embedded on disk, and a real `oxigraph serve`."""
    with _empty_store(request, tmp_path) as opened:
        yield opened


@pytest.fixture(scope="module", params=["embedded", "remote"])
def module_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """An empty store of each kind shared by one test module (load expensive data once)."""
    with _empty_store(request, tmp_path_factory.mktemp("module")) as opened:
        yield opened


#: Parameter values that put a test on a real server (store kinds here and in tests/remote).
_SERVER_KINDS = frozenset({"remote", "oxigraph", "virtuoso"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test on a real SPARQL server ``remote``, so ``-m remote`` selects them all.

    A test is on a server when it asks for a server fixture, when a store parameter says so
    (``store``/``module_store``/``bundled`` "remote", the three-store kinds), or when it lives
    in tests/remote. Tests that start their own server carry the mark in their module.
    """
    for item in items:
        callspec = getattr(item, "callspec", None)
        params = callspec.params.values() if callspec is not None else ()
        fixtures = set(getattr(item, "fixturenames", ()))
        if (
            fixtures & {"oxigraph_server", "virtuoso_server"}
            or any(isinstance(v, str) and v in _SERVER_KINDS for v in params)
            or "remote" in item.path.relative_to(Path(__file__).parent).parts[:1]
        ):
            item.add_marker(pytest.mark.remote)
