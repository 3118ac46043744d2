"""Derived data on Virtuoso when a refresh has nothing to insert (no empty INSERT DATA)."""

from __future__ import annotations

from app import rules
from app.graphs import DERIVED_GRAPH
from app.store import Store


def test_a_full_rebuild_of_an_empty_store_writes_nothing(store: Store) -> None:
    assert rules.refresh(store) == 0
    assert DERIVED_GRAPH not in store.named_graphs()
