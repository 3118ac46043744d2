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

Writers are serialised by :func:`write_lock`: in one process by :data:`WRITE_LOCK`; across
processes sharing a SPARQL server by a lease in the store's meta graph (``writeLease``), which a
write claims in one update before it starts and removes when it ends. A process that finds the
lease held by another refuses the write (409, ``Retry-After``) rather than waiting, so no
request hangs behind another process's long write; a lease left by a process that died expires
after :data:`LEASE_S`. The embedded store needs no lease: RocksDB lets one process open it.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress

from pyoxigraph import Quad, Triple

from app import rules
from app.errors import Conflict, StoreUnavailable
from app.store import Store
from app.store.versioned import written

#: Serialises the writers of this process (ingest batches, Graph Store writes, SPARQL Update):
#: each write and its :func:`after_write` finish before the next write starts, so a refresh
#: never overwrites a newer derived graph with one computed from older data.
WRITE_LOCK = threading.Lock()

#: Meta key: who holds the cross-process write lease, and until when ("<epoch s> <holder>").
WRITE_LEASE = "writeLease"
#: Seconds a lease lasts: longer than any one write with its full rebuild of derived data on
#: the ``make run`` data, so a live writer never loses it; also how long a dead one blocks.
LEASE_S = 900
#: Seconds a refused writer is told to wait (``Retry-After``): most writes take less.
RETRY_AFTER_S = 2

#: Meta key: the data version the derived graph was computed for ("" while a write is running).
DERIVED_FOR = "derivedFor"
#: Meta key: the day the shortcuts were last computed in full for ("in force today").
DERIVED_ON = "derivedOn"


@contextmanager
def write_lock(store: Store) -> Iterator[None]:
    """Hold the write lock of this process and, on a remote store, the store's write lease.

    :raises Conflict: another process holds the lease (nothing was written).
    """
    with WRITE_LOCK:
        if store.kind != "remote":
            yield
            return
        lease = _claim_lease(store)
        try:
            yield
        finally:
            # A store gone mid-write keeps the lease: this process takes it back at its next
            # write (see _claim_lease), the others wait for it to expire.
            with suppress(StoreUnavailable):
                store.drop_meta(WRITE_LEASE, lease)


def _claim_lease(store: Store) -> str:
    now = int(time.time())
    me = f"{socket.gethostname()}:{os.getpid()}:"
    held = store.meta_values(WRITE_LEASE)
    # Leases of this process are leftovers: WRITE_LOCK is held, so none of its writes runs.
    live = [v for v in held if _lease_until(v) > now and not _holder(v).startswith(me)]
    if not live:
        for stale in held:
            store.drop_meta(WRITE_LEASE, stale)
        lease = f"{now + LEASE_S} {me}{uuid.uuid4().hex[:8]}"
        if store.claim_meta(WRITE_LEASE, lease):
            return lease
        store.drop_meta(WRITE_LEASE, lease)
        live = [v for v in store.meta_values(WRITE_LEASE) if not _holder(v).startswith(me)]
    holders = ", ".join(_holder(value) for value in live) or "another process"
    raise Conflict(
        f"another pactgraph process ({holders}) is writing to this store; retry shortly",
        retry_after=RETRY_AFTER_S,
    )


def _lease_until(lease: str) -> int:
    """When a lease (``"<epoch s> <holder>"``) expires; 0 (expired) if it is not one."""
    until = lease.split(" ", 1)[0]
    return int(until) if until.isdigit() else 0


def _holder(lease: str) -> str:
    return lease.split(" ", 1)[-1]


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

    Callers hold :func:`write_lock` or run before the server takes writes (start-up).
    """
    if not derived_is_stale(store):
        return False
    after_write(store)
    return True
