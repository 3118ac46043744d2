"""The relation interval table of each store's data version: every dyad's relations as dated
intervals, built once per version, so "does this relation hold on day D?" is a lookup.

The table itself is :class:`app.asof.IntervalTable`, the as-of rule
(:func:`app.ontology.relation_pattern`) materialised — the same one :mod:`app.rules` computes the
shortcut relations from. This module keeps it per data version for the readers (edges,
neighbourhoods for paths, projections for analytics and the explorer) and carries it over a
write that names the agreements it recomputed.

``tests/queries/test_intervals.py`` compares the table with the SPARQL rule relation by
relation, status by status, date by date; the cross-surface tests (``tests/one_rule.py``) check
the answers read from it against the shortcuts :mod:`app.rules` writes.
"""

from __future__ import annotations

from app.asof import IntervalTable, read_agreements
from app.store import Store
from app.store.versioned import VersionedCache, on_write, store_token, version_key

#: One table per store object and data version (a new version makes the old one unreachable).
_TABLES: VersionedCache[IntervalTable] = VersionedCache(maxsize=4)


def interval_table(store: Store) -> IntervalTable:
    """The interval table of ``store``'s current data version, built on first use."""
    return _TABLES.get_or_build(version_key(store), lambda: IntervalTable(read_agreements(store)))


@on_write
def _carry_over(store: Store, before: str, after: str, agreements: frozenset[str] | None) -> None:
    """After a write that names the agreements it recomputed, the new version's table is the
    old one with those agreements read again: milliseconds instead of a full build."""
    token = store_token(store)
    old = _TABLES.peek((token, before))
    if agreements is not None and old is not None:
        _TABLES.put((token, after), old.patched(store, agreements))
