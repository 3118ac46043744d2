"""The data the view tests draw: the miniature graph, its states and the views' extras
(quotes, a state and an agreement with hostile labels)."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat

from app import rules
from app.store import Store

FIXTURES = Path(__file__).parent.parent / "fixtures"
FILES = ("mini.ttl", "mini_states.ttl", "views.ttl")
ST = "https://w3id.org/pactgraph/id/state/"
AG = "https://w3id.org/pactgraph/id/agreement/"
HOSTILE_STATE = "<img src=x onerror=alert(1)>"
HOSTILE_AGREEMENT = "<img src=x onerror=alert(2)>"


def load_view_data(store: Store) -> Store:
    """Load the view fixtures into ``store`` (one graph per file) and derive status periods."""
    for name in FILES:
        graph = NamedNode(f"https://w3id.org/pactgraph/id/graph/test/{name}")
        store.replace_graph(graph, (FIXTURES / name).read_bytes(), RdfFormat.TURTLE)
    rules.refresh(store)
    return store
