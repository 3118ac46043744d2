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
from app.ingest.bundle import ensure_bundle
from app.store import Store

TOKEN = "test-token-1234"
STATES_FILE = Path(__file__).with_name("states.ttl")
STATES_GRAPH = NamedNode("https://w3id.org/pactgraph/id/graph/test/states")


def prepare(store: Store) -> Store:
    """Load the bundle and the test states, as a served store would hold them."""
    ensure_bundle(store, PROJECT_ROOT)
    store.replace_graph(STATES_GRAPH, STATES_FILE.read_bytes(), RdfFormat.TURTLE)
    return store


@pytest.fixture
def ready(store: Store) -> Store:
    """The parametrised store (embedded and remote), ready for batches."""
    return prepare(store)


@pytest.fixture
def client(ready: Store) -> Iterator[TestClient]:
    """The app over the ready store, with one write token named ``default``."""
    settings = Settings(store="memory", token=SecretStr(TOKEN), max_body_bytes=64 * 1024)
    with TestClient(create_app(settings, store=ready)) as test_client:
        yield test_client


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
