"""The bulk first load: an empty on-disk store gets the bundle and every dataset in one pass.

Writing half a million quads graph by graph as SPARQL updates takes over a minute; pyoxigraph's
``bulk_extend`` takes seconds but is not atomic. So the first start builds the whole store in
memory (the same triples the transactional importers write, from the same mapping), links and
derives there (pyoxigraph answers the rules' queries several times faster in memory than on
RocksDB) while a second thread bulk-loads the generated graphs into a fresh sibling directory,
adds the computed graphs (links, derived data, bookkeeping) to it, checks that copy
(:func:`check`: every graph holds what was generated, every content hash is recorded, derived
data is current), and only then swaps it in for the empty store
(:meth:`app.store.EmbeddedStore.adopt`). A crash before the swap leaves the empty store, and the
next start begins again. Every later import is transactional, as before.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeGuard

from pyoxigraph import NamedNode, RdfFormat, Triple, serialize

from app.errors import PactgraphError
from app.graphs import DERIVED_GRAPH, LINKS_GRAPH, META_GRAPH
from app.ingest.bundle import (
    BundleReport,
    bundle_content_hash,
    bundle_files,
    bundle_graph,
    bundle_hash,
)
from app.ingest.datasets.driver import build_dataset, found_datasets, meta_key
from app.ingest.datasets.linking import link_same_treaties
from app.ingest.datasets.summary import ImportSummary, ProgressFn
from app.ingest.formats import format_for_path
from app.ingest.writes import after_write, derived_is_stale
from app.store import EmbeddedStore, Store, render
from app.store.base import parse_triples

#: Meta keys of the bundle (:mod:`app.ingest.bundle`).
_BUNDLE_HASH, _BUNDLE_CONTENT = "bundleHash", "bundleContent"

_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH $g { ?s ?p ?o } }"
#: The graphs computed from the generated ones: links, derived data, bookkeeping.
_COMPUTED = (LINKS_GRAPH, DERIVED_GRAPH, META_GRAPH)


class BulkLoadFailed(PactgraphError):
    """The store built by the bulk first load does not hold what was generated (our fault)."""

    status = 500
    title = "Bulk load failed"


@dataclass(frozen=True)
class BulkReport:
    """What :func:`bulk_first_load` loaded."""

    bundle: BundleReport
    datasets: list[ImportSummary]


def is_fresh(store: Store) -> TypeGuard[EmbeddedStore]:
    """Whether ``store`` is an empty on-disk store, the one case the bulk load is for."""
    return isinstance(store, EmbeddedStore) and store.path is not None and store.is_empty()


def bulk_first_load(
    store: EmbeddedStore,
    roots: list[Path],
    root: Path,
    on_file: Callable[[Path], None] | None = None,
    on_progress: ProgressFn | None = None,
) -> BulkReport:
    """Build the bundle and the datasets under ``roots`` in memory, copy them into a fresh
    directory, then adopt it.

    :raises BulkLoadFailed: the built store failed :func:`check`; ``store`` is left empty.
    """
    if store.path is None:
        raise ValueError("the bulk first load needs an on-disk store")
    for leftover in store.path.parent.glob(f".{store.path.name}.bulk-*"):
        shutil.rmtree(leftover)
    fresh = store.path.with_name(f".{store.path.name}.bulk-{os.getpid()}")
    memory, built = EmbeddedStore(None), EmbeddedStore(fresh)
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        # RocksDB takes each generated graph in a second thread as soon as it is built
        # (pyoxigraph's bulk load runs without the GIL), while the next dataset is mapped and
        # then links and derived data are computed in memory. Both stores load the same
        # N-Triples, written once.
        copies: list[Future[None]] = []
        files = bundle_files(root)
        graphs = [bundle_graph(root, path) for path in files]
        bundle = []
        for path, graph in zip(files, graphs, strict=True):
            if on_file is not None:
                on_file(path)
            bundle.append((graph, parse_triples(path.read_bytes(), format_for_path(path), graph)))
        copies.append(_load(memory, built, pool, bundle))
        meta = {
            _BUNDLE_HASH: bundle_hash(root, files),
            _BUNDLE_CONTENT: bundle_content_hash(memory, graphs),
        }
        summaries = []
        for item, directory in found_datasets(roots):
            triples, summary = build_dataset(item, directory, on_progress)
            copies.append(_load(memory, built, pool, [(item.info.graph, triples)]))
            graphs.append(item.info.graph)
            meta[meta_key(item)] = item.content_hash(directory)
            summaries.append(summary)
        for key, value in meta.items():
            memory.set_meta(key, value)
        link_same_treaties(memory)
        after_write(memory)
        for copy in copies:
            copy.result()
        # The memory store holds each generated triple once: what the copy must hold.
        expected = {graph.value: _count(memory, graph) for graph in [*graphs, *_COMPUTED]}
        built.bulk_import(memory.export_graphs(_COMPUTED))
        check(built, expected, meta)
        report = BundleReport(True, len(files), built.triple_count(), meta[_BUNDLE_HASH])
    except BaseException:
        pool.shutdown(cancel_futures=True)
        built.close()
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    finally:
        pool.shutdown()
        del memory  # its quads are in the fresh directory now, or thrown away
    built.close()
    store.adopt(fresh)
    return BulkReport(report, summaries)


def _load(
    memory: EmbeddedStore,
    built: EmbeddedStore,
    pool: ThreadPoolExecutor,
    parts: list[tuple[NamedNode, list[Triple]]],
) -> Future[None]:
    """Load generated graphs into ``memory`` now and into ``built`` in ``pool``'s thread."""
    data = [
        (graph, serialize(triples, format=RdfFormat.N_TRIPLES) or b"") for graph, triples in parts
    ]
    memory.bulk_import(data)
    return pool.submit(built.bulk_import, data)


def _count(store: Store, graph: NamedNode) -> int:
    rows = store.select(render(_COUNT, {"g": graph}))
    return int(rows[0]["n"].value) if rows else 0


def check(store: Store, expected: dict[str, int], meta: dict[str, str]) -> None:
    """The one consistency check of a bulk-loaded store, before anyone may read it.

    :raises BulkLoadFailed: a graph holds another number of quads than was generated, a
        content hash is not recorded, or derived data was not computed for this data.
    """
    for graph, count in expected.items():
        held = _count(store, NamedNode(graph))
        if held != count:
            raise BulkLoadFailed(f"graph <{graph}> holds {held} quads, {count} were generated")
    for key, value in meta.items():
        if store.get_meta(key) != value:
            raise BulkLoadFailed(f"meta {key!r} is not recorded")
    if derived_is_stale(store):
        raise BulkLoadFailed("derived data was not computed for the loaded data")
