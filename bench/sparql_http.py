"""`/sparql` over HTTP against `oxigraph serve` on a copy of the same store, in one run.

Give it a store that pactgraph built and no process uses (e.g. the one `make run` makes, with
the server stopped). Both servers get a copy of their own; the same 2-hop query is sent to
each (JSON results), after one warm-up, alternately, and the medians and their ratio printed.

    .venv/bin/python -m bench.sparql_http /tmp/some-store
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from app.ontology import SPARQL_PREFIXES
from tests.oxigraph_server import OxigraphServer, free_port

RUNS = 5
TWO_HOP = SPARQL_PREFIXES + (
    "SELECT ?a ?b ?c WHERE { ?a pg:hasAllianceWith ?b . ?b pg:sharesIntelligenceWith ?c }"
)
ACCEPT = "application/sparql-results+json"


def start_pactgraph(store: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTGRAPH_")}
    env["PACTGRAPH_STORE"] = str(store)
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "pactgraph"), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            httpx.post(url, data={"query": "ASK {}"}, timeout=5).raise_for_status()
            return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("pactgraph serve did not answer within 300 s")


def timed(client: httpx.Client, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.post(url, data={"query": TWO_HOP}, headers={"Accept": ACCEPT})
    response.raise_for_status()
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, len(response.json()["results"]["bindings"])


def main(store: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="sparql-http-", dir=store.parent) as work:
        ours, theirs = Path(work) / "pactgraph", Path(work) / "oxigraph"
        shutil.copytree(store, ours)
        shutil.copytree(store, theirs)
        oxigraph = OxigraphServer(theirs)
        oxigraph.start()
        process, url = start_pactgraph(ours)
        try:
            with httpx.Client(timeout=120) as client:
                timings: dict[str, list[float]] = {"pactgraph /sparql": [], "oxigraph serve": []}
                rows = {}
                for target in (url, oxigraph.url):
                    timed(client, target)  # warm-up: worker start, snapshot, caches
                for _ in range(RUNS):
                    for name, target in (
                        ("pactgraph /sparql", url),
                        ("oxigraph serve", oxigraph.url),
                    ):
                        elapsed, rows[name] = timed(client, target)
                        timings[name].append(elapsed)
        finally:
            process.terminate()
            process.wait(30)
            oxigraph.stop()
    base = statistics.median(timings["oxigraph serve"])
    print(f"2-hop query, JSON, median of {RUNS} over loopback HTTP")
    print(f"{'server':<20} {'rows':>6} {'median ms':>10} {'ratio':>7}")
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"{name:<20} {rows[name]:>6} {median:>10.1f} {median / base:>6.2f}x")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
