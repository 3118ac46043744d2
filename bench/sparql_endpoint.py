"""What the killable query workers cost: one query, direct, through a worker, over HTTP.

Baseline: pyoxigraph in this process (no timeout possible). Then the same query through
:class:`app.sparql.endpoint.SparqlService` (a worker process over a snapshot, pickled results),
and through the whole ASGI app (``/sparql``). Prints medians and the ratio to the baseline.

    .venv/bin/python bench/sparql_endpoint.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from functools import partial

from fastapi.testclient import TestClient
from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions

from app.api import create_app
from app.config import PROJECT_ROOT, Settings
from app.ingest.bundle import ensure_bundle
from app.media import negotiate_both
from app.ontology import SPARQL_PREFIXES
from app.sparql.endpoint import SparqlService
from app.sparql.library import load_examples
from app.sparql.protocol import QueryOperation
from app.store import EmbeddedStore

RUNS = 40


def median_ms(action: Callable[[], object]) -> float:
    action()  # warm-up (worker start, snapshot)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    store = EmbeddedStore(None)
    ensure_bundle(store, PROJECT_ROOT)
    settings = Settings(store="memory")
    service = SparqlService(store, settings)
    formats = negotiate_both(None, None)
    queries = {
        "ASK {}": "ASK {}",
        "states (LIMIT 20)": SPARQL_PREFIXES
        + "SELECT ?s ?l WHERE { ?s a pg:State ; skos:prefLabel ?l } LIMIT 20",
        "mission example": next(e for e in load_examples() if e.name.startswith("01")).query,
    }
    print(f"{store.triple_count()} triples; median of {RUNS} runs, ms")
    print(f"{'query':<20} {'in-process':>11} {'worker':>9} {'HTTP':>9} {'worker/base':>12}")
    with TestClient(create_app(settings, store=store)) as client:
        for name, query in queries.items():
            base = median_ms(partial(_raw_json, store, query))
            worker = median_ms(partial(service.query, QueryOperation(query), formats))
            http = median_ms(partial(client.post, "/sparql", data={"query": query}))
            print(f"{name:<20} {base:>11.2f} {worker:>9.2f} {http:>9.2f} {worker / base:>11.1f}x")
    service.close()


def _raw_json(store: EmbeddedStore, query: str) -> bytes | None:
    """The baseline: pyoxigraph answering ``query`` as SPARQL JSON, nothing around it."""
    results = store.inner.query(query, use_default_graph_as_union=True)
    assert isinstance(results, QuerySolutions | QueryBoolean), "the queries here are SELECT or ASK"
    return results.serialize(format=QueryResultsFormat.JSON)


if __name__ == "__main__":
    main()
