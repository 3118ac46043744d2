"""Data for the view tests: the miniature graph for unit tests, and a hostile fixture (a state,
an agreement and a source whose labels are markup) added to the bundled graph for the HTTP
and browser tests."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from pyoxigraph import NamedNode, RdfFormat

from app import rules
from app.api import create_app
from app.config import Settings
from app.store import EmbeddedStore, Store

FIXTURES = Path(__file__).parent.parent / "fixtures"
ST = "https://w3id.org/pactgraph/id/state/"
AG = "https://w3id.org/pactgraph/id/agreement/"
HOSTILE_STATE = "<img src=x onerror=alert(1)>"
HOSTILE_AGREEMENT = "<img src=x onerror=alert(2)>"


def load(store: Store, *names: str) -> Store:
    """Load fixture files into ``store`` (one graph each) and derive status periods."""
    for name in names:
        graph = NamedNode(f"https://w3id.org/pactgraph/id/graph/test/{name}")
        store.replace_graph(graph, (FIXTURES / name).read_bytes(), RdfFormat.TURTLE)
    rules.refresh(store)
    return store


def load_mini_world(store: Store) -> Store:
    """The miniature graph, its states and the hostile fixture."""
    return load(store, "mini.ttl", "mini_states.ttl", "hostile.ttl")


def bundled_app() -> FastAPI:
    """The app on an in-memory store: the bundled graph (loaded at start) plus hostile.ttl."""
    return create_app(Settings(store="memory"), store=load(EmbeddedStore(None), "hostile.ttl"))
