"""Benchmark: what the parse-based SPARQL checks cost, next to the engine's own parse.

Every client query is parsed by rdflib (:mod:`app.sparql.guard`) before Oxigraph runs it, in
the query worker. For each example query of the query page's library (with its prefixes), and
for a bulk ``INSERT DATA`` of growing size, the table gives the median over the runs of the
check and of the same text in Oxigraph on an empty store (parse, plan, no data), and their
ratio.

    .venv/bin/python bench/sparql_guard.py           # 7 runs each
    .venv/bin/python bench/sparql_guard.py --quick   # 2 runs, a smoke test
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pyoxigraph import Store

from app.config import Settings
from app.sparql.guard import Policy, check_query, check_update
from app.sparql.library import load_examples


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 runs per row")
    runs = 2 if parser.parse_args().quick else 7
    settings = Settings()
    policy = Policy(10 * 1024 * 1024, settings.sparql_max_depth)
    engine = Store()
    check_query("ASK {}", policy)  # import and warm the grammar
    print(f"{'text':44s} {'bytes':>7s} {'check ms':>9s} {'oxigraph ms':>12s} {'ratio':>6s}")
    rows: list[tuple[str, str, Callable[[], object], Callable[[], object]]] = []
    for example in load_examples():
        text = example.query
        rows.append(
            (
                example.name,
                text,
                partial(check_query, text, policy),
                partial(engine.query, text),
            )
        )
    for n in (100, 1000):
        triples = " ".join(f'<http://ex.org/s{i}> <http://ex.org/p> "v{i}" .' for i in range(n))
        text = f"INSERT DATA {{ GRAPH <http://ex.org/g> {{ {triples} }} }}"
        rows.append(
            (
                f"INSERT DATA, {n} triples",
                text,
                partial(check_update, text, policy),
                partial(Store().update, text),
            )
        )
    for name, text, check, oxigraph in rows:
        ours, theirs = median_ms(check, runs), median_ms(oxigraph, runs)
        size = len(text.encode())
        print(f"{name:44s} {size:7d} {ours:9.1f} {theirs:12.2f} {ours / theirs:6.0f}")


if __name__ == "__main__":
    main()
