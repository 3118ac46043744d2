"""Three stores side by side: embedded pyoxigraph, a real `oxigraph serve`, a real Virtuoso 7.

Virtuoso starts once per session on free loopback ports with a throwaway database. Without
``virtuoso-t`` (``make test`` installs it with apt-get when it can) these tests skip, saying
why, except under ``CI=true``, where a missing Virtuoso is a failure.

The ``store`` and ``mini`` fixtures of this package are Virtuoso alone: the suites re-run
here (the store suite, the as-of/relations/paths/states tests) already run on the other two
kinds where they live. ``mini`` is loaded once per module (those tests only read), because
deriving the shortcuts over HTTP takes a second per load. The side-by-side comparisons use
:func:`open_empty` for all three kinds.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import pytest

from app.store import EmbeddedStore, RemoteStore, Store
from app.store.dialects import Virtuoso
from tests.oxigraph_server import OxigraphServer
from tests.queries.conftest import load_mini
from tests.virtuoso_server import PASSWORD, USER, VirtuosoServer, virtuoso_binary

Kind = Literal["embedded", "oxigraph", "virtuoso"]
KINDS: tuple[Kind, ...] = ("embedded", "oxigraph", "virtuoso")


@contextmanager
def started_virtuoso(directory: Path) -> Iterator[VirtuosoServer]:
    """A started Virtuoso over a new database in ``directory``, stopped when done.

    Skips, saying why, when Virtuoso is not installed, except under ``CI=true`` (a failure).
    """
    if virtuoso_binary() is None:
        reason = "virtuoso-t not installed (make test installs virtuoso-opensource as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    server = VirtuosoServer(directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """One Virtuoso for the session (its start takes seconds); tests drop what they wrote."""
    with started_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


def virtuoso_store(server: VirtuosoServer) -> RemoteStore:
    """A remote store on ``server`` speaking the Virtuoso dialect, allowed to write."""
    return RemoteStore(server.url, dialect=Virtuoso(), user=USER, password=PASSWORD)


def clear(store: Store) -> None:
    """Drop every graph pactgraph can see (on Virtuoso, never its system graphs)."""
    for graph in store.named_graphs():
        store.drop_graph(graph)


@contextmanager
def open_empty(
    request: pytest.FixtureRequest,
    kind: Kind,
    directory: Path,
    virtuoso: VirtuosoServer | None = None,
) -> Iterator[Store]:
    """An empty store of ``kind`` (on ``virtuoso`` if given); servers are cleared afterwards."""
    opened: Store
    if kind == "embedded":
        opened = EmbeddedStore(directory / "store")
    elif kind == "oxigraph":
        server: OxigraphServer = request.getfixturevalue("oxigraph_server")
        opened = RemoteStore(server.url)
    else:
        opened = virtuoso_store(virtuoso or request.getfixturevalue("virtuoso_server"))
    clear(opened)
    try:
        yield opened
    finally:
        if kind != "embedded":
            clear(opened)
        opened.close()


@pytest.fixture
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty Virtuoso store (the suites imported here run on the other kinds elsewhere)."""
    with open_empty(request, "virtuoso", tmp_path) as opened:
        yield opened


@pytest.fixture(scope="module")
def mini(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The miniature graph with derived data, in a Virtuoso database of the module's own.

    Not the session's database: as-of answers on Virtuoso 7.2.5 were seen coming back empty in
    full runs on a database that had held other graphs before (``test_as_of_suite.py``), and
    a new database takes seconds to start.
    """
    directory = tmp_path_factory.mktemp("mini")
    with (
        started_virtuoso(directory / "virtuoso") as server,
        open_empty(request, "virtuoso", directory, server) as opened,
    ):
        yield load_mini(opened)
