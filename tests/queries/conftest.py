"""The miniature graph loaded into each store kind, with derived data computed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat

from app import rules
from app.store import Store

FIXTURES = Path(__file__).parent.parent / "fixtures"
MINI = FIXTURES / "mini.ttl"
MINI_STATES = FIXTURES / "mini_states.ttl"


def load_mini(store: Store) -> Store:
    """Load the miniature graph and its states, then derive status periods and shortcuts."""
    for path in (MINI, MINI_STATES):
        graph = NamedNode(f"https://w3id.org/pactgraph/id/graph/test/{path.stem}")
        store.replace_graph(graph, path.read_bytes(), RdfFormat.TURTLE)
    rules.refresh(store)
    store.bump_data_version()
    return store


@pytest.fixture
def mini(store: Store) -> Store:
    return load_mini(store)
