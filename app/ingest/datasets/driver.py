"""The shared driver of the dataset importers: one code path for the CLI, start-up and tests.

:func:`run_import` builds a dataset's graph in memory and writes it with one atomic
``store.replace_graph``: re-running replaces it, never duplicates it. :func:`import_dataset`
(the CLI) adds the follow-up every data change needs (cross-dataset links, derived data, data
version); :func:`ensure_datasets` (start-up) imports what is found in the configured
directories unless the store already holds that content (a hash per dataset, kept with
``store.set_meta`` like the bundle's).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import RdfFormat, Triple, serialize

from app.errors import InvalidParameter
from app.ingest.datasets import atop, cow_alliances, cow_states, dcad
from app.ingest.datasets.builder import GraphBuilder, describe_dataset
from app.ingest.datasets.linking import link_same_treaties
from app.ingest.datasets.summary import DatasetInfo, ImportSummary, ProgressFn
from app.ingest.writes import after_write
from app.store import Store

#: Bump when a mapping changes, so stores re-import unchanged files at the next start.
MAPPING_VERSION = "2"

Build = Callable[[Path, GraphBuilder, ImportSummary, ProgressFn], None]


@dataclass(frozen=True)
class Importer:
    """A dataset importer: the CLI name, its description, the files it reads, its mapping."""

    command: str
    info: DatasetInfo
    files: tuple[str, ...]
    build: Build

    def directory(self, path: Path) -> Path:
        """The directory holding the files (the CLI takes a directory or one file)."""
        return path.parent if path.is_file() else path

    def found_in(self, root: Path) -> Path | None:
        """The directory under ``root`` (itself or a child) holding every file, if any."""
        for candidate in [root, *sorted(p for p in root.iterdir() if p.is_dir())]:
            if all((candidate / name).is_file() for name in self.files):
                return candidate
        return None

    def content_hash(self, directory: Path) -> str:
        """SHA-256 over the mapping version and every file read."""
        digest = hashlib.sha256(f"{self.info.name}:{MAPPING_VERSION}".encode())
        for name in self.files:
            digest.update((directory / name).read_bytes())
        return digest.hexdigest()


IMPORTERS: dict[str, Importer] = {
    i.command: i
    for i in (
        Importer("cow-states", cow_states.INFO, cow_states.FILES, cow_states.build),
        Importer("cow-alliances", cow_alliances.INFO, cow_alliances.FILES, cow_alliances.build),
        Importer("atop", atop.INFO, atop.FILES, atop.build),
        Importer("dcad", dcad.INFO, dcad.FILES, dcad.build),
    )
}


def importer(command: str) -> Importer:
    """Look an importer up by its CLI name."""
    try:
        return IMPORTERS[command]
    except KeyError:
        raise InvalidParameter(
            f"unknown dataset {command!r}; known: {', '.join(IMPORTERS)}",
            parameter="dataset",
            valid=list(IMPORTERS),
        ) from None


def _no_progress(what: str, done: int, total: int) -> None:
    """Progress sink for callers that do not show progress."""


def build_dataset(
    item: Importer, path: Path, on_progress: ProgressFn | None = None
) -> tuple[list[Triple], ImportSummary]:
    """Map the dataset at ``path`` to the triples of its named graph, without writing them.

    The one mapping for both writers: :func:`run_import` (transactional) and the bulk first
    load (:mod:`app.ingest.bulk`).

    :raises FileNotFoundError: a file the importer needs is missing.
    """
    directory = item.directory(path)
    for name in item.files:
        if not (directory / name).is_file():
            raise FileNotFoundError(2, "dataset file missing", str(directory / name))
    started = time.perf_counter()
    summary = ImportSummary(item.info.name, item.info.graph.value)
    builder = GraphBuilder(item.info)
    item.build(directory, builder, summary, on_progress or _no_progress)
    builder.former_states()
    describe_dataset(builder, summary, dt.datetime.now(dt.UTC))
    summary.triples = len(set(builder.triples))
    summary.seconds = time.perf_counter() - started
    return builder.triples, summary


def run_import(
    store: Store, item: Importer, path: Path, on_progress: ProgressFn | None = None
) -> ImportSummary:
    """Map the dataset at ``path`` and replace its named graph atomically.

    :raises FileNotFoundError: a file the importer needs is missing.
    """
    started = time.perf_counter()
    triples, summary = build_dataset(item, path, on_progress)
    data = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
    store.replace_graph(item.info.graph, data, RdfFormat.N_TRIPLES)
    store.set_meta(meta_key(item), item.content_hash(item.directory(path)))
    summary.seconds = time.perf_counter() - started
    return summary


def refresh_after_import(store: Store) -> None:
    """What every change of dataset graphs needs: links, derived data, a new data version."""
    link_same_treaties(store)
    after_write(store)


def import_dataset(
    store: Store, command: str, path: Path, on_progress: ProgressFn | None = None
) -> ImportSummary:
    """Import one dataset (``pactgraph import <command> PATH``) and refresh what depends on it."""
    summary = run_import(store, importer(command), path, on_progress)
    refresh_after_import(store)
    return summary


def ensure_datasets(
    store: Store, roots: list[Path], on_progress: ProgressFn | None = None
) -> list[ImportSummary]:
    """Import each dataset found under ``roots`` whose content the store does not hold yet.

    Returns the summaries of the imports done (empty: nothing changed). The caller refreshes
    derived data once afterwards (:func:`refresh_after_import`).
    """
    return [
        run_import(store, item, directory, on_progress)
        for item, directory in found_datasets(roots)
        if store.get_meta(meta_key(item)) != item.content_hash(directory)
    ]


def found_datasets(roots: list[Path]) -> list[tuple[Importer, Path]]:
    """Each importer whose files are under one of ``roots``, with the directory holding them."""
    found = []
    for item in IMPORTERS.values():
        directory = next((d for r in roots if (d := item.found_in(r)) is not None), None)
        if directory is not None:
            found.append((item, directory))
    return found


def meta_key(item: Importer) -> str:
    """The meta key holding the content hash of the dataset a store holds."""
    return f"datasetHash/{item.info.name}"
