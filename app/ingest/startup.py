"""Start-up loading, one code path for ``pactgraph serve`` and the app's lifespan.

An empty on-disk store is built in one bulk pass (:mod:`app.ingest.bulk`). Otherwise the
bundled graph and every dataset found in ``PACTGRAPH_DATASETS`` are loaded when the store
lacks their current content (a content hash each, kept in the store); then links, derived data
and the data version are refreshed once. A second start with unchanged files does nothing,
except recompute derived data when a process died between a write and its refresh
(:func:`app.ingest.writes.repair_derived`).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.bundle import BUNDLE_ROOT
from app.config import Settings
from app.ingest.bulk import bulk_first_load, is_fresh
from app.ingest.bundle import BundleReport, ensure_bundle
from app.ingest.datasets import ImportSummary, ensure_datasets, refresh_after_import
from app.ingest.datasets.summary import ProgressFn
from app.ingest.writes import repair_derived
from app.store import Store


@dataclass(frozen=True)
class StartupReport:
    """What :func:`prepare` loaded."""

    bundle: BundleReport
    datasets: list[ImportSummary]
    #: Derived data was stale (a write cut short) and was recomputed.
    repaired: bool = False
    #: How long :func:`prepare` took (the first start: the whole import).
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        """Whether anything was (re)loaded."""
        return self.bundle.loaded or bool(self.datasets)

    def lines(self, triples: int) -> list[str]:
        """What start-up did, as ``pactgraph serve`` prints it and the app's lifespan logs it;
        ``triples``: the store's size after it."""
        bundle = "loaded" if self.bundle.loaded else "unchanged, not reloaded"
        out = [
            f"bundle {bundle}: {self.bundle.files} files; datasets imported: "
            f"{len(self.datasets)}; {triples} triples; prepared in {self.seconds:.1f} s"
        ]
        if self.repaired:
            out.append("derived data was stale (a write was cut short): recomputed")
        return out + [line for summary in self.datasets for line in summary.lines()]


def prepare(
    store: Store,
    settings: Settings,
    on_file: Callable[[Path], None] | None = None,
    on_progress: ProgressFn | None = None,
    root: Path = BUNDLE_ROOT,
) -> StartupReport:
    """Bring the store up to date with the bundle and the configured datasets.

    An empty on-disk store is filled by the bulk first load (:mod:`app.ingest.bulk`); any
    other store is updated graph by graph, each in its own transaction.
    """
    started = time.perf_counter()
    report = _prepare(store, settings, on_file, on_progress, root)
    return dataclasses.replace(report, seconds=time.perf_counter() - started)


def _prepare(
    store: Store,
    settings: Settings,
    on_file: Callable[[Path], None] | None,
    on_progress: ProgressFn | None,
    root: Path,
) -> StartupReport:
    if is_fresh(store):
        bulk = bulk_first_load(store, settings.dataset_dirs, root, on_file, on_progress)
        return StartupReport(bulk.bundle, bulk.datasets)
    bundle = ensure_bundle(store, root, on_file=on_file, derive=False)
    datasets = ensure_datasets(store, settings.dataset_dirs, on_progress)
    if bundle.loaded or datasets:
        refresh_after_import(store)
        return StartupReport(bundle, datasets)
    return StartupReport(bundle, datasets, repaired=repair_derived(store))
