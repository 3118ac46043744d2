"""Backup and restore: every named graph, the meta graph included, as N-Quads.

A backup is the whole store (data, batches, provenance, audit, derived graph, bookkeeping), so
a restored store answers exactly as the saved one did, data version included. Restore only
goes into an empty store: merging a backup into live data would mix two histories.
"""

from __future__ import annotations

from typing import BinaryIO

from pyoxigraph import RdfFormat, parse

from app.errors import Conflict
from app.store import Store
from app.store.base import rdf_syntax_error


def backup(store: Store, out: BinaryIO) -> int:
    """Write every quad of ``store`` to ``out`` as N-Quads; returns the number of quads."""
    count = store.triple_count()
    store.dump(out, RdfFormat.N_QUADS)
    return count


def restore(store: Store, source: BinaryIO) -> int:
    """Load a backup into an empty store, in one transaction; returns the number of quads.

    :raises Conflict: the store already holds data (nothing is written).
    :raises RdfSyntaxError: the file is not N-Quads (nothing is written).
    """
    present = store.triple_count()
    if present:
        raise Conflict(
            f"the store is not empty ({present} quads): restore only into an empty store. "
            "Point PACTGRAPH_STORE at a new directory (or an empty SPARQL server) and retry.",
            quads=present,
        )
    try:
        quads = list(parse(source, RdfFormat.N_QUADS))
    except SyntaxError as exc:
        raise rdf_syntax_error(exc, "not an N-Quads backup: ") from exc
    store.add_quads(quads)
    return len(quads)
