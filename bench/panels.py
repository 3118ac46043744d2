"""Time and peak memory of the panels on a store with every dataset (the store `make run` builds).

    .venv/bin/python bench/panels.py --store DIR [--repeat N]

Each repetition runs in a fresh child process (so peak RSS is that of one panel build, store
opening included): the readings from the store, the DuckDB build, and the files. The baseline,
measured in the same run, is the universe alone (the full directed dyad-year keys written as
CSV, no source): the floor any panel of that size pays. The last rows run the CLI command of
the issue end to end.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from app.panels import SOURCES, Kind, PanelRequest, build
from app.panels.extract import dataset_ties, relation_periods, system_spells
from app.panels.files import Format, write
from app.store import EmbeddedStore

store_dir, out_dir, what = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
store = EmbeddedStore(Path(store_dir))
times = {}
def timed(name, fn):
    started = time.perf_counter()
    value = fn()
    times[name] = time.perf_counter() - started
    return value
if what == "readings":
    timed("read: COW system spells", lambda: system_spells(store))
    for key in ("atop", "cow", "dcad"):
        timed(f"read: {key} ties", lambda: dataset_ties(store, SOURCES[key]))
    timed("read: pactgraph relation periods", lambda: relation_periods(store))
else:
    sources = () if what == "baseline" else tuple(SOURCES.values())
    request = PanelRequest(Kind.dyad_year, sources, 1816, 2024, directed=True)
    panel = timed("build", lambda: build(store, request))
    times["rows"] = panel.table.num_rows
    formats = (Format.csv,) if what == "baseline" else tuple(Format)
    for fmt in formats:
        timed(f"write {fmt.value}", lambda: write(panel, fmt, out_dir / f"panel.{fmt.value}"))
times["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(times))
"""


def child(store: Path, out: Path, what: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(store), str(out), what],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


_WRAPPER = r"""
import resource, subprocess, sys, time
started = time.perf_counter()
subprocess.run(sys.argv[1:], check=True, capture_output=True)
wall = time.perf_counter() - started
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def cli(store: Path, out: Path) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of the issue's command, end to end (its only child)."""
    command = [
        str(Path(sys.executable).with_name("pactgraph")),
        "panel", "dyad-year", "--directed", "--start", "1816", "--end", "2024",
        "-o", str(out / "cli.csv"),
    ]  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PACTGRAPH_STORE": str(store)},
    )
    wall, peak = done.stdout.split()
    return float(wall), float(peak)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, required=True, help="a store with every dataset")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for _ in range(args.repeat):
            for what in ("baseline", "readings", "full"):
                for name, value in child(args.store, out, what).items():
                    runs.setdefault(f"{what}: {name}", []).append(value)
            wall, peak = cli(args.store, out)
            runs.setdefault("cli: wall", []).append(wall)
            runs.setdefault("cli: peak_rss_mb", []).append(peak)
        rows = int(runs["full: rows"][0])
        floor = statistics.median(runs["baseline: build"]) + statistics.median(
            runs["baseline: write csv"]
        )
        print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"rows: {rows:,} (baseline universe: {int(runs['baseline: rows'][0]):,})\n")
        print(f"| step (median of {args.repeat}) | seconds | vs baseline |")
        print("|---|---:|---:|")
        for name, values in runs.items():
            if name.endswith(("rows", "peak_rss_mb")):
                continue
            median = statistics.median(values)
            print(f"| {name} | {median:.2f} | {median / floor:.2f}x |")
        print("\n| process | peak RSS (MB, max of runs) |")
        print("|---|---:|")
        for what in ("baseline", "readings", "full", "cli"):
            print(f"| {what} | {max(runs[f'{what}: peak_rss_mb']):.0f} |")


if __name__ == "__main__":
    main()
