"""Stores and apps ready for ingest: bundle loaded, the test states present, a write token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from pyoxigraph import NamedNode, RdfFormat

from app.api import create_app
from app.config import PROJECT_ROOT, Settings
from app.ingest.bundle import bundle_graph
from app.sparql.endpoint import SparqlService
from app.store import EmbeddedStore, Store

TOKEN = "test-token-1234"
STATES_FILE = Path(__file__).with_name("states.ttl")
STATES_GRAPH = NamedNode("https://w3id.org/pactgraph/id/graph/test/states")


def prepare(store: Store) -> Store:
    """The ontology and three test states: what batches are checked against, loaded fast.

    The curated graph is left out to keep each test's fresh store cheap; the served-process
    tests (test_server.py) run against the whole bundle.
    """
    for path in sorted((PROJECT_ROOT / "ontology").glob("*.ttl")):
        store.replace_graph(bundle_graph(PROJECT_ROOT, path), path.read_bytes(), RdfFormat.TURTLE)
    store.replace_graph(STATES_GRAPH, STATES_FILE.read_bytes(), RdfFormat.TURTLE)
    return store


@pytest.fixture
def ready(store: Store) -> Store:
    """The parametrised store (embedded and remote), ready for batches."""
    return prepare(store)


@pytest.fixture
def served_store(tmp_path: Path) -> Iterator[Store]:
    """An embedded on-disk store ready for batches (HTTP tests: the core runs on both kinds)."""
    store = prepare(EmbeddedStore(tmp_path / "store"))
    yield store
    store.close()


@pytest.fixture
def client(served_store: Store) -> Iterator[TestClient]:
    """The app over the ready store, with one write token named ``default``."""
    settings = Settings(store="memory", token=SecretStr(TOKEN), max_body_bytes=64 * 1024)
    app = create_app(settings, store=served_store)
    # Outside `with`, TestClient skips the lifespan (and its load of the whole bundle): the
    # fixture's store is what the app serves.
    app.state.store = served_store
    app.state.sparql = SparqlService(served_store, settings)
    yield TestClient(app)
    app.state.sparql.close()


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def readme_example() -> tuple[str, bytes]:
    """The curl command of README's "Adding facts" and the Turtle it posts."""
    readme = (PROJECT_ROOT / "README.md").read_text()
    section = readme.split("## Adding facts", 1)[1]
    command = next(
        block.split("```", 1)[0]
        for block in section.split("```sh")[1:]
        if "api/v1/ingest" in block.split("```", 1)[0]
    )
    payload = command.split("<<'EOF'\n", 1)[1].split("\nEOF\n", 1)[0] + "\n"
    return command, payload.encode()
