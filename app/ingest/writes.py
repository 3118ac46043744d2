"""What every write does once its data is in: the one post-write step for every write path.

SPARQL Update, the Graph Store Protocol, ingest batches, dataset imports and the CLI all call
:func:`after_write`, so derived data and the data version can never lag behind a write.

A process killed between a write and its :func:`after_write` would leave derived data (status
periods, shortcuts) behind the data. So the meta graph records the data version the derived
graph was computed for (``derivedFor``): a writer clears it before writing
(:func:`mark_writing`), :func:`after_write` sets it, and :func:`repair_derived` (run at start-up
and by a re-post of an existing batch) recomputes derived data whenever it differs from the
data version.

A write that says which triples it wrote or removed (ingest batches, retractions, Graph Store
writes) gets derived data recomputed for what those triples touch only
(:func:`app.rules.refresh_touched`); the others (SPARQL Update, dataset and bundle imports,
repairs, ``pactgraph rebuild``) get the full rebuild. Shortcuts hold "today", so the first
write of a new day rebuilds in full too (``derivedOn``).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable

from pyoxigraph import Quad, Triple

from app import rules
from app.store import Store
from app.store.versioned import written

#: Serialises the writers of this process (ingest batches, Graph Store writes, SPARQL Update):
#: each write and its :func:`after_write` finish before the next write starts, so a refresh
#: never overwrites a newer derived graph with one computed from older data.
WRITE_LOCK = threading.Lock()

#: Meta key: the data version the derived graph was computed for ("" while a write is running).
DERIVED_FOR = "derivedFor"
#: Meta key: the day the shortcuts were last computed in full for ("in force today").
DERIVED_ON = "derivedOn"


def mark_writing(store: Store) -> None:
    """Record, before a write, that derived data will be stale until :func:`after_write` ends."""
    store.set_meta(DERIVED_FOR, "")


def after_write(store: Store, changed: Iterable[Triple | Quad] | None = None) -> str:
    """Recompute derived data (status periods, shortcuts), bump the data version and tell the
    readers that keep data per version (:func:`app.store.versioned.written`).

    ``changed``: every triple the write added or removed, so only what they touch is
    recomputed; None when the write cannot say (a full rebuild). Returns the new data version
    (ETags, caches and query snapshots key on it).
    """
    today = dt.date.today()
    before = store.data_version
    touched = None if changed is None else rules.touched_terms(changed)
    agreements: frozenset[str] | None = None
    if touched is None or store.get_meta(DERIVED_ON) != today.isoformat():
        rules.refresh(store, today)
        store.set_meta(DERIVED_ON, today.isoformat())
    else:
        agreements = frozenset(a.value for a in rules.refresh_touched(store, touched, today))
    version = store.bump_data_version()
    store.set_meta(DERIVED_FOR, version)
    written(store, before, version, agreements)
    return version


def derived_is_stale(store: Store) -> bool:
    """Whether derived data was computed for another data version (or a write was cut short)."""
    return store.get_meta(DERIVED_FOR) != store.data_version


def repair_derived(store: Store) -> bool:
    """Recompute derived data when it is stale; True when it was.

    Callers hold :data:`WRITE_LOCK` or run before the server takes writes (start-up).
    """
    if not derived_is_stale(store):
        return False
    after_write(store)
    return True
