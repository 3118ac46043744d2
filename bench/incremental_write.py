"""One 14-triple agreement ingest: incremental derived data vs the full rebuild (issue 15a).

Usage: ``python bench/incremental_write.py [STORE]``. STORE is a store ``make run`` built
(bundle + datasets; copied to a temporary directory, never changed); without it only the
bundle-only store is measured. Prints a table: median of 5 ingests (each a new agreement) and
the full rebuild (``pactgraph rebuild``'s work), with the ratio to the bundle-only ingest.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pyoxigraph import RdfFormat
from real_data import BATCH  # the same 14-triple agreement as the real-data table

from app.bundle import BUNDLE_ROOT
from app.ingest.batch import ingest
from app.ingest.bundle import ensure_bundle
from app.ingest.writes import after_write
from app.store import EmbeddedStore


def _measure(store: EmbeddedStore, tag: str) -> tuple[float, float]:
    after_write(store)  # the day's full rebuild, so the ingests below are incremental
    times = []
    for n in range(5):
        data = BATCH.format(tag=f"{tag}-{n}-{time.time_ns()}").encode()
        start = time.perf_counter()
        ingest(store, data, RdfFormat.TURTLE, "bench")
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    after_write(store)
    return statistics.median(times), time.perf_counter() - start


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        bundle = EmbeddedStore(Path(tmp) / "bundle")
        ensure_bundle(bundle, BUNDLE_ROOT)
        rows.append(("bundle only", bundle.triple_count(), *_measure(bundle, "b")))
        bundle.close()
        if len(sys.argv) > 1:
            copy = Path(tmp) / "real"
            shutil.copytree(sys.argv[1], copy)
            real = EmbeddedStore(copy)
            rows.append(("make-run store", real.triple_count(), *_measure(real, "r")))
            real.close()
    base = rows[0][2]
    print("| store | quads | ingest (median of 5) | x bundle-only | full rebuild |")
    print("|---|---:|---:|---:|---:|")
    for name, quads, inc, full in rows:
        print(f"| {name} | {quads:,} | {inc * 1000:.0f} ms | {inc / base:.2f} | {full:.2f} s |")


if __name__ == "__main__":
    main()
