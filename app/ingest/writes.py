"""What every write does once its data is in: the one post-write step for every write path.

SPARQL Update, the Graph Store Protocol, ingest batches, dataset imports and the CLI all call
:func:`after_write`, so derived data and the data version can never lag behind a write.
"""

from __future__ import annotations

from app import rules
from app.store import Store


def after_write(store: Store) -> str:
    """Recompute derived data (status periods, shortcuts) and bump the data version.

    Returns the new data version (ETags, caches and query snapshots key on it).
    """
    rules.refresh(store)
    return store.bump_data_version()
