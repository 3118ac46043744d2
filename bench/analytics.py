"""Benchmark: the analytics projection (cold and cached) and every measure on it.

The synthetic world is the one of ``bench/rest_path.py`` (200 states, 50,000 agreements from a
seed, the real bundle and derivation rules), imported from there rather than generated again.
With ``--store DIR`` the same measures run on an existing embedded store instead, e.g. one
holding the imported datasets (``pactgraph serve`` with ``PACTGRAPH_DATASETS``).

For each step the table gives the median of the timed runs; the projection is timed cold (a
fresh cache: one SPARQL query per relation) and warm (the same call again: a cache hit), and
the cache counters are printed at the end.

    .venv/bin/python bench/analytics.py              # 200 states, 50,000 agreements
    .venv/bin/python bench/analytics.py --quick      # 5,000 agreements, a smoke test
    .venv/bin/python bench/analytics.py --store var/store --as-of 2012
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import rest_path

from app.analytics import alignment, change, communities, export, measures, paths
from app.analytics.projection import ProjectionCache, project
from app.store import EmbeddedStore, Store

ALL = None
INTEL = ["shares_intelligence_with"]


def median_s(action: Callable[[], object], repeat: int) -> float:
    """Median seconds of ``repeat`` calls (no warm-up: callers decide what is cached)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        action()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def world(agreements: int, seed: int) -> Store:
    """The synthetic world of bench/rest_path.py, built and loaded in memory."""
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "world.nq"
        facts = rest_path.build_world(seed, rest_path.STATES, agreements, dump)
        print(f"world: {facts}", file=sys.stderr)
        return rest_path.load_store(dump)


def run(store: Store, as_of: dt.date, repeat: int) -> list[tuple[str, float]]:
    """Time the projection and each measure; returns (step, median seconds)."""
    cache = ProjectionCache()
    rows: list[tuple[str, float]] = []

    def cold(relations: list[str] | None) -> None:
        cache.clear()
        project(store, relations, as_of, cache=cache)

    rows.append(("projection, intelligence layer, cold", median_s(lambda: cold(INTEL), repeat)))
    rows.append(("projection, all 7 relations, cold", median_s(lambda: cold(ALL), repeat)))
    graph = project(store, ALL, as_of, cache=cache)
    rows.append(
        ("projection, all relations, cached", median_s(lambda: project(store, ALL, as_of), 50))
    )
    print(
        f"projection: {graph.number_of_nodes()} states, {graph.number_of_edges()} ties",
        file=sys.stderr,
    )
    # The best-connected state, and the least-connected one that has a tie: paths and
    # alignment then compare a hub with the periphery.
    tied = sorted((n for n in graph if graph.degree(n)), key=lambda n: (-graph.degree(n), n))
    a, b = tied[0], tied[-1]
    found = communities.communities(graph)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("degree centrality", lambda: measures.centrality(graph, "degree")),
        ("betweenness centrality", lambda: measures.centrality(graph, "betweenness")),
        ("eigenvector centrality", lambda: measures.centrality(graph, "eigenvector")),
        ("Louvain communities", lambda: communities.communities(graph)),
        (
            "brokers (betweenness, constraint, effective size)",
            lambda: communities.brokers(graph, found),
        ),
        ("shortest chains with evidence", lambda: paths.connection(store, a, b, as_of=as_of)),
        ("ego network, 2 hops", lambda: paths.ego_network(store, a, 2, as_of=as_of)),
        (
            "alignment of two states (7 layers)",
            lambda: alignment.alignment(store, a, b, as_of=as_of),
        ),
        ("most similar states (S-score)", lambda: alignment.most_similar(store, a, as_of=as_of)),
        (
            "partners per year, one state, 20 years",
            lambda: change.partners_by_year(store, a, None, as_of.year - 19, as_of.year),
        ),
        (
            "diff between two dates (intelligence)",
            lambda: change.diff(store, as_of.replace(year=as_of.year - 5), as_of, INTEL),
        ),
    ]
    steps += [
        (f"export {fmt}", lambda fmt=fmt: export.export(store, fmt, as_of=as_of))  # type: ignore[misc]
        for fmt in export.FORMATS
    ]
    for name, action in steps:
        rows.append((name, median_s(action, repeat)))
        print(f"{name}: {rows[-1][1]:.3f} s", file=sys.stderr)
    info = cache.info()
    print(f"bench cache: {info}", file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5,000 agreements")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--store", type=Path, help="an existing embedded store instead")
    parser.add_argument("--as-of", default="2020-06-30", help="date of the projection")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    as_of = (
        dt.date.fromisoformat(args.as_of)
        if len(args.as_of) > 4
        else dt.date(int(args.as_of), 12, 31)
    )
    if args.store:
        store: Store = EmbeddedStore(args.store)
        label = f"store {args.store}"
    else:
        agreements = 5_000 if args.quick else 50_000
        store = world(agreements, args.seed)
        label = f"synthetic world: 200 states, {agreements:,} agreements, seed {args.seed}"
    from app.analytics.projection import DEFAULT_CACHE

    rows = run(store, as_of, args.repeat)
    print(f"\n{label}; as of {as_of}; median of {args.repeat} runs\n")
    print("| step | median |")
    print("|---|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds * 1000:,.1f} ms |")
    info = DEFAULT_CACHE.info()
    print(
        f"\nprojection cache (store-level calls): {info.hits} hits, {info.misses} misses; "
        "repeated calls with unchanged data were served from the cache"
    )


if __name__ == "__main__":
    main()
