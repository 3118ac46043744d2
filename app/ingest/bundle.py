"""The bundled graph (``ontology/`` and ``graph_data/``): loaded once, reloaded on change.

Each file becomes one named graph (``.../id/graph/bundle/<path>``). Two hashes are kept in the
store: one of the files (``bundleHash``) and one of what the bundle graphs held right after
loading (``bundleContent``: per graph, its triple count and sorted N-Triples, blank nodes
unlabelled). Start-up reloads when either differs, so an edited file is picked up and a bundle
graph changed inside the store (by any path that slipped past :func:`app.graphs.is_maintained`)
does not outlive a restart; a second start with nothing changed only reads the bundle graphs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import BlankNode, NamedNode, Triple

from app.graphs import BUNDLE_GRAPH_PREFIX
from app.ingest.formats import BY_EXTENSION, format_for_path
from app.ingest.writes import after_write
from app.store import Store, render

BUNDLE_DIRS = ("ontology", "graph_data")

_CONTENT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH $g { ?s ?p ?o } }"


@dataclass(frozen=True)
class BundleReport:
    """What :func:`ensure_bundle` did."""

    loaded: bool
    files: int
    triples: int
    bundle_hash: str


def bundle_files(root: Path) -> list[Path]:
    """RDF files of the bundle, in a stable order."""
    return sorted(
        path
        for directory in BUNDLE_DIRS
        for path in (root / directory).rglob("*")
        if path.is_file() and path.suffix.lower() in BY_EXTENSION
    )


def bundle_hash(root: Path, files: list[Path]) -> str:
    """SHA-256 over every file's relative path and bytes."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def bundle_graph(root: Path, path: Path) -> NamedNode:
    """The named graph a bundled file is loaded into."""
    return NamedNode(BUNDLE_GRAPH_PREFIX + path.relative_to(root).as_posix())


def bundle_content_hash(store: Store, graphs: list[NamedNode]) -> str:
    """SHA-256 of what ``graphs`` hold: each graph's name, triple count and sorted N-Triples.

    Blank nodes are written unlabelled (``_:``), so the hash does not depend on the labels a
    store gives them; the lines are kept as a multiset, not deduplicated.
    """
    digest = hashlib.sha256()
    for graph in sorted(graphs, key=lambda g: g.value):
        lines = sorted(_line(t) for t in store.construct(render(_CONTENT, {"g": graph})))
        digest.update(f"{graph.value}\0{len(lines)}\0".encode())
        digest.update("".join(lines).encode())
    return digest.hexdigest()


def _line(triple: Triple) -> str:
    terms = (triple.subject, triple.predicate, triple.object)
    return " ".join("_:" if isinstance(t, BlankNode) else str(t) for t in terms) + "\n"


def ensure_bundle(
    store: Store,
    root: Path,
    on_file: Callable[[Path], None] | None = None,
    force: bool = False,
    derive: bool = True,
) -> BundleReport:
    """Load the bundle if the store lacks it or holds another version of it (files or content).

    Graphs of files that were removed from the bundle are dropped. Derived data is refreshed
    and the data version bumped once, after all files are in (``derive=False`` leaves both to
    the caller, which loads more first: :func:`app.ingest.startup.prepare`).
    """
    files = bundle_files(root)
    current = bundle_hash(root, files)
    graphs = [bundle_graph(root, path) for path in files]
    if (
        not force
        and store.get_meta("bundleHash") == current
        and store.get_meta("bundleContent") == bundle_content_hash(store, graphs)
    ):
        return BundleReport(False, len(files), store.triple_count(), current)
    wanted = {graph.value for graph in graphs}
    for graph in store.named_graphs():
        if graph.value.startswith(BUNDLE_GRAPH_PREFIX) and graph.value not in wanted:
            store.drop_graph(graph)
    for path in files:
        if on_file is not None:
            on_file(path)
        store.replace_graph(bundle_graph(root, path), path.read_bytes(), format_for_path(path))
    store.set_meta("bundleHash", current)
    store.set_meta("bundleContent", bundle_content_hash(store, graphs))
    if derive:
        after_write(store)
    return BundleReport(True, len(files), store.triple_count(), current)
