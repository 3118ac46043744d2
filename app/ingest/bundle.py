"""The bundled graph (``ontology/`` and ``graph_data/``): loaded once, reloaded on change.

Each file becomes one named graph (``.../id/graph/bundle/<path>``). A content hash of all the
files is kept in the store; start-up compares it and reloads only when the files changed, so a
second start is fast and an edited file is picked up without wiping anything else.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import NamedNode

from app.graphs import BUNDLE_GRAPH_PREFIX
from app.ingest.formats import BY_EXTENSION, format_for_path
from app.ingest.writes import after_write
from app.store import Store

BUNDLE_DIRS = ("ontology", "graph_data")


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


def ensure_bundle(
    store: Store,
    root: Path,
    on_file: Callable[[Path], None] | None = None,
    force: bool = False,
    derive: bool = True,
) -> BundleReport:
    """Load the bundle if the store lacks it or holds another version of it.

    Graphs of files that were removed from the bundle are dropped. Derived data is refreshed
    and the data version bumped once, after all files are in (``derive=False`` leaves both to
    the caller, which loads more first: :func:`app.ingest.startup.prepare`).
    """
    files = bundle_files(root)
    current = bundle_hash(root, files)
    if not force and store.get_meta("bundleHash") == current:
        return BundleReport(False, len(files), store.triple_count(), current)
    wanted = {bundle_graph(root, path).value for path in files}
    for graph in store.named_graphs():
        if graph.value.startswith(BUNDLE_GRAPH_PREFIX) and graph.value not in wanted:
            store.drop_graph(graph)
    for path in files:
        if on_file is not None:
            on_file(path)
        store.replace_graph(bundle_graph(root, path), path.read_bytes(), format_for_path(path))
    store.set_meta("bundleHash", current)
    if derive:
        after_write(store)
    return BundleReport(True, len(files), store.triple_count(), current)
