"""Derived shortcuts on the four datasets: the one rule, evaluated as app.rules evaluates it.

:mod:`app.rules` reads :func:`app.ontology.relation_pattern` on a memory copy of the triples
the pattern reads; on the real data (curated, COW, ATOP, DCAD: obligations, intermediaries,
coverage horizons) the shortcuts must equal the pattern read on the store itself.
"""

from __future__ import annotations

import datetime as dt

from app.store import Store
from tests.one_rule import derived_shortcuts, shortcuts_read_on_the_store


def test_shortcuts_are_the_rule_read_on_the_whole_store(data_store: Store) -> None:
    shortcuts = derived_shortcuts(data_store)
    assert len(shortcuts) > 10_000
    assert shortcuts == shortcuts_read_on_the_store(data_store, dt.date.today())
