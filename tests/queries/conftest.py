"""The miniature graph loaded into each store kind, with derived data computed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import NamedNode, RdfFormat

from app import rules
from app.store import Store

MINI = Path(__file__).parent.parent / "fixtures" / "mini.ttl"


@pytest.fixture
def mini(store: Store) -> Store:
    graph = NamedNode("https://w3id.org/pactgraph/id/graph/test/mini")
    store.replace_graph(graph, MINI.read_bytes(), RdfFormat.TURTLE)
    rules.refresh(store)
    return store
