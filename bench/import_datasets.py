"""Import time and triples per second of each dataset and of the full set.

    .venv/bin/python bench/import_datasets.py [--data ../shared/data] [--disk DIR] [--repeat N]

Each repetition imports the four datasets into a fresh store (in memory, or on disk under DIR),
then runs the follow-up every import needs (same-treaty links, derived data). The table shows
medians over the repetitions.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from app.config import PROJECT_ROOT
from app.ingest.bundle import ensure_bundle
from app.ingest.datasets import IMPORTERS, refresh_after_import, run_import
from app.store import EmbeddedStore

FOUND = {
    "cow-states": "cow-state-system-2016",
    "cow-alliances": "cow-alliances-4.1",
    "atop": "atop-5.1",
    "dcad": "dcad-1.0",
}


def one_run(data: Path, disk: Path | None) -> dict[str, tuple[int, int, float]]:
    """(rows, triples, seconds) per dataset, plus the follow-up and the full set."""
    directory = Path(tempfile.mkdtemp(dir=disk)) if disk else None
    store = EmbeddedStore(directory)
    ensure_bundle(store, PROJECT_ROOT, derive=False)
    result: dict[str, tuple[int, int, float]] = {}
    for name, folder in FOUND.items():
        summary = run_import(store, IMPORTERS[name], data / folder)
        result[name] = (summary.rows_read, summary.triples, summary.seconds)
    started = time.perf_counter()
    refresh_after_import(store)
    follow_up = time.perf_counter() - started
    result["links + derived"] = (0, 0, follow_up)
    result["full set"] = (
        sum(r[0] for r in result.values()),
        store.triple_count(),
        sum(r[2] for r in result.values()),
    )
    store.close()
    if directory is not None:
        shutil.rmtree(directory)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=PROJECT_ROOT.parent / "shared" / "data")
    parser.add_argument("--disk", type=Path, help="benchmark the on-disk store under this dir")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = [one_run(args.data, args.disk) for _ in range(args.repeat)]
    print(f"store: {'on disk' if args.disk else 'in memory'}, median of {args.repeat} runs")
    print(f"| {'dataset':<16} | {'rows':>6} | {'triples':>8} | {'seconds':>8} | {'triples/s':>9} |")
    print(f"|{'-' * 18}|{'-' * 7}:|{'-' * 9}:|{'-' * 9}:|{'-' * 10}:|")
    for name in runs[0]:
        rows, triples, _ = runs[0][name]
        seconds = statistics.median(run[name][2] for run in runs)
        rate = f"{triples / seconds:,.0f}" if triples else "-"
        print(f"| {name:<16} | {rows:>6} | {triples:>8} | {seconds:>8.2f} | {rate:>9} |")


if __name__ == "__main__":
    main()
