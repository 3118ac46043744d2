"""Benchmark: the path question through REST, raw pyoxigraph and rdflib, plus a load run.

A synthetic world (200 states, 50,000 agreements, generated from a seed) is built once, with
the real ontology and the real derivation rules, and dumped to N-Quads. Every contender loads
that dump, then answers "who shares intelligence with QAA's allies?" as of one date:

* **REST, in process**: ``GET /api/v1/query/path`` through the ASGI app (Starlette TestClient);
* **REST, HTTP**: the same request to a uvicorn process on loopback (one worker);
* **pyoxigraph**: the SPARQL text the REST answer carries, run on a pyoxigraph store;
* **rdflib**: the same SPARQL on rdflib's in-memory Dataset (the baseline peer), in a
  subprocess with a time limit, few repeats (it is slow).

Then a load run on loopback (uvicorn, 2 workers, a fixed number of requests from threads)
prints requests/s and p50/p99 for the path question and for a state lookup.

    .venv/bin/python bench/rest_path.py            # full run (rdflib takes minutes)
    .venv/bin/python bench/rest_path.py --quick    # 5,000 agreements, for a smoke test
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import pyoxigraph  # noqa: E402
from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat  # noqa: E402

from app import rules  # noqa: E402
from app.api import create_app  # noqa: E402
from app.config import PROJECT_ROOT, Settings  # noqa: E402
from app.ingest.bundle import bundle_files, bundle_hash, ensure_bundle  # noqa: E402
from app.ontology import ID_NS, PG, RDF_NS, SKOS_NS, XSD_NS, Status, date_literal  # noqa: E402
from app.queries.paths import parse_path, path_query  # noqa: E402
from app.store import EmbeddedStore, render  # noqa: E402

#: Environment variable naming the world dump a uvicorn worker loads (bench only).
DUMP_ENV = "BENCH_WORLD_DUMP"
START, PATH, AS_OF = "QAA", "has_alliance_with/shares_intelligence_with", "2020-06-30"
#: States in the world (bench/real_data.py --world and bench/analytics.py build the same one).
STATES = 200
#: Share of each agreement type in the synthetic world (alliances rare, as in the real one).
TYPE_SHARES = {
    "GSOMIA": 0.05,
    "IntelligenceMOU": 0.01,
    "DefenseObligation": 0.01,
    "ConsultationObligation": 0.005,
    "NonAggressionObligation": 0.005,
    "ACSA": 0.08,
    "DefenseCooperation": 0.45,
    "StrategicPartnership": 0.09,
    "JointExercise": 0.30,
}
_TYPE = NamedNode(RDF_NS + "type")
_PREF = NamedNode(SKOS_NS + "prefLabel")
_DATE = NamedNode(XSD_NS + "date")


def state_codes(n: int) -> list[str]:
    """``QAA``, ``QAB`` …: user-assigned ISO 3166 codes, so no real state is shadowed."""
    return ["Q" + a + b for a, b in product("ABCDEFGHIJKLMNOPQRSTUVWXYZ", repeat=2)][:n]


def world_quads(seed: int, states: int, agreements: int) -> Iterator[Quad]:
    """The synthetic states, sources and agreements (deterministic for a seed)."""
    rng = random.Random(seed)
    graph = NamedNode(ID_NS + "graph/bench/world")
    codes = state_codes(states)
    nodes = [NamedNode(f"{ID_NS}state/{c}") for c in codes]
    for code, node in zip(codes, nodes, strict=True):
        yield Quad(node, _TYPE, PG.State, graph)
        yield Quad(node, _PREF, Literal(f"State {code}", language="en"), graph)
        yield Quad(node, PG.iso3, Literal(code), graph)
    sources = [NamedNode(f"{ID_NS}source/bench-{i}") for i in range(100)]
    names, weights = list(TYPE_SHARES), list(TYPE_SHARES.values())
    day0 = dt.date(1950, 1, 1).toordinal()
    span = dt.date(2023, 12, 31).toordinal() - day0
    for i in range(agreements):
        node = NamedNode(f"{ID_NS}agreement/bench-{i}")
        a, b = rng.sample(nodes, 2)
        kind = rng.choices(names, weights)[0]
        signed = dt.date.fromordinal(day0 + rng.randrange(span))
        yield Quad(node, _TYPE, PG.Agreement, graph)
        yield Quad(node, PG.party, a, graph)
        yield Quad(node, PG.party, b, graph)
        yield Quad(node, PG.agreementType, getattr(PG, kind), graph)
        yield Quad(node, PG.signed, date_literal(signed), graph)
        if rng.random() < 0.2:
            until = signed + dt.timedelta(days=rng.randrange(365, 30 * 365))
            yield Quad(node, PG.inForceUntil, date_literal(until), graph)
        if rng.random() < 0.1:
            citation = BlankNode()
            yield Quad(node, PG.citation, citation, graph)
            yield Quad(citation, PG.source, rng.choice(sources), graph)
            yield Quad(citation, PG.quote, Literal(f"quote {i}"), graph)


def build_world(seed: int, states: int, agreements: int, dump: Path) -> dict[str, float]:
    """Build the world with the real bundle (ontology, states) and rules; dump N-Quads."""
    store = EmbeddedStore(None)
    t0 = time.perf_counter()
    ensure_bundle(store, PROJECT_ROOT)
    store.add_quads(world_quads(seed, states, agreements))
    base = store.triple_count()
    t1 = time.perf_counter()
    rules.refresh(store, today=dt.date(2024, 1, 1))
    store.bump_data_version()
    t2 = time.perf_counter()
    with dump.open("wb") as out:
        store.dump(out)
    return {
        "triples before rules": base,
        "triples with derived": store.triple_count(),
        "build s": round(t1 - t0, 2),
        "rules s": round(t2 - t1, 2),
    }


def load_store(dump: Path) -> EmbeddedStore:
    """An in-memory store holding the dumped world."""
    store = EmbeddedStore(None)
    store.inner.bulk_load(path=str(dump), format=RdfFormat.N_QUADS)
    return store


def worker_app() -> FastAPI:
    """uvicorn ``--factory`` target: the app over the world named by $BENCH_WORLD_DUMP.

    The world already holds the bundle and its derived data; marking the current bundle as
    loaded keeps start-up from reloading it (and re-deriving 50,000 agreements) per worker.
    """
    store = load_store(Path(os.environ[DUMP_ENV]))
    store.set_meta("bundleHash", bundle_hash(PROJECT_ROOT, bundle_files(PROJECT_ROOT)))
    return create_app(Settings(store="memory", log_level="warning"), store=store)


def timed(fn: Callable[[], object], repeat: int, warmup: int = 1) -> list[float]:
    """Seconds per call, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def path_url() -> str:
    return f"/api/v1/query/path?from={START}&path={PATH}&as_of={AS_OF}"


def the_query() -> str:
    """The exact SPARQL the REST answer runs (and returns)."""
    return render(
        path_query(parse_path(PATH), Status.in_force),
        {"from": NamedNode(f"{ID_NS}state/{START}"), "as_of": date_literal(dt.date(2020, 6, 30))},
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def uvicorn_server(dump: Path, workers: int) -> Iterator[str]:
    """uvicorn serving the world on a free loopback port; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "rest_path:worker_app",
            "--app-dir",
            str(ROOT / "bench"),
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env={**os.environ, DUMP_ENV: str(dump), "PYTHONPATH": str(ROOT)},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(30)


def rdflib_child(dump: str, query_file: str, repeat: int) -> None:
    """Run in a subprocess: load the dump into rdflib and time the query."""
    import rdflib

    t0 = time.perf_counter()
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(dump, format="nquads")
    print(f"load {time.perf_counter() - t0:.3f}", flush=True)
    query = Path(query_file).read_text()
    for _ in range(repeat):
        t0 = time.perf_counter()
        rows = len(list(dataset.query(query)))
        print(f"query {time.perf_counter() - t0:.6f} rows {rows}", flush=True)


def bench_rdflib(dump: Path, query: str, repeat: int, limit_s: float) -> tuple[list[float], str]:
    """rdflib's times (possibly fewer than asked when the time limit cut it) and a note."""
    with tempfile.NamedTemporaryFile("w", suffix=".rq", delete=False) as f:
        f.write(query)
    lines: list[str] = []
    process = subprocess.Popen(
        [sys.executable, __file__, "--rdflib-child", str(dump), f.name, str(repeat)],
        stdout=subprocess.PIPE,
        text=True,
    )

    def read() -> None:
        assert process.stdout is not None
        lines.extend(iter(process.stdout.readline, ""))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(limit_s)
    if process.poll() is None:
        process.kill()
    process.wait()
    reader.join(5)
    times = [float(line.split()[1]) for line in lines if line.startswith("query")]
    load = next((line.split()[1] for line in lines if line.startswith("load")), "?")
    note = f"load {load} s; {len(times)} of {repeat} runs within {limit_s:.0f} s"
    return times, note


def load_run(base: str, url: str, requests: int, threads: int) -> tuple[float, float, float]:
    """requests/s, p50 and p99 (ms) for ``requests`` GETs of ``url`` from ``threads`` threads."""
    latencies: list[float] = []
    lock = threading.Lock()
    per_thread = requests // threads

    def client() -> None:
        with httpx.Client(base_url=base, timeout=120) as session:
            for _ in range(per_thread):
                t0 = time.perf_counter()
                response = session.get(url)
                elapsed = time.perf_counter() - t0
                assert response.status_code == 200, response.text
                with lock:
                    latencies.append(elapsed)

    workers = [threading.Thread(target=client) for _ in range(threads)]
    t0 = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = time.perf_counter() - t0
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return len(ordered) / wall, statistics.median(ordered) * 1000, p99 * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--states", type=int, default=STATES)
    parser.add_argument("--agreements", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--rdflib-repeat", type=int, default=1)
    parser.add_argument("--rdflib-limit", type=float, default=900.0, help="seconds")
    parser.add_argument("--load-requests", type=int, default=400)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--quick", action="store_true", help="5,000 agreements, no rdflib")
    parser.add_argument("--rdflib-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rdflib_child:
        rdflib_child(args.rdflib_child[0], args.rdflib_child[1], int(args.rdflib_child[2]))
        return
    if args.quick:
        args.agreements, args.rdflib_repeat = 5_000, 0

    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "world.nq"
        facts = build_world(args.seed, args.states, args.agreements, dump)
        print(f"world: {args.states} states, {args.agreements} agreements, seed {args.seed}")
        print("  " + ", ".join(f"{k} {v}" for k, v in facts.items()))
        query = the_query()

        raw = pyoxigraph.Store()
        raw.bulk_load(path=str(dump), format=RdfFormat.N_QUADS)
        rows = len(list(raw.query(query, use_default_graph_as_union=True)))  # type: ignore[arg-type]
        results: dict[str, list[float]] = {
            "pyoxigraph SPARQL": timed(
                lambda: list(raw.query(query, use_default_graph_as_union=True)),  # type: ignore[arg-type]
                args.repeat,
            )
        }

        app = create_app(Settings(store="memory"), store=load_store(dump))
        with TestClient(app) as client:
            body = client.get(path_url()).json()
            assert body["sparql"] == query, "REST must run the query timed as raw SPARQL"
            results["REST in-process (ASGI)"] = timed(lambda: client.get(path_url()), args.repeat)
        print(
            f"path {PATH} from {START} as of {AS_OF}: {rows} rows, {body['total']} end states "
            f"(REST returns the first {body['limit']} with evidence)"
        )

        with (
            uvicorn_server(dump, workers=1) as base,
            httpx.Client(base_url=base, timeout=120) as http,
        ):
            results["REST over HTTP (uvicorn)"] = timed(lambda: http.get(path_url()), args.repeat)

        note, rdflib_floor = "skipped (--quick)", None
        if args.rdflib_repeat:
            times, note = bench_rdflib(dump, query, args.rdflib_repeat, args.rdflib_limit)
            if times:
                results["rdflib SPARQL (in memory)"] = times
            else:  # cut by the limit: what it had used after loading is a lower bound
                load_s = float(note.split()[1]) if note.split()[1] != "?" else 0.0
                rdflib_floor = args.rdflib_limit - load_s

        raw_median = statistics.median(results["pyoxigraph SPARQL"])
        print(f"\n{'contender':28} {'median ms':>10} {'runs':>5} {'÷ pyoxigraph':>13}")
        for name, times in results.items():
            median = statistics.median(times)
            print(f"{name:28} {median * 1000:10.1f} {len(times):5d} {median / raw_median:13.2f}")
        rest = statistics.median(results["REST in-process (ASGI)"])
        http_median = statistics.median(results["REST over HTTP (uvicorn)"])
        print(
            f"\ngoal REST <= 2 x pyoxigraph + 5 ms = {(2 * raw_median + 0.005) * 1000:.1f} ms: "
            f"in-process {rest * 1000:.1f} ms, HTTP {http_median * 1000:.1f} ms"
        )
        if "rdflib SPARQL (in memory)" in results:
            rdf = statistics.median(results["rdflib SPARQL (in memory)"])
            print(f"rdflib / REST over HTTP: {rdf / http_median:.0f}x ({note})")
        elif rdflib_floor is not None:
            print(
                f"rdflib: no answer within {rdflib_floor:.0f} s of querying, so rdflib / REST "
                f"over HTTP > {rdflib_floor / http_median:.0f}x ({note})"
            )

        print(f"\nload: uvicorn 2 workers, {args.load_requests} requests, {args.threads} threads")
        print(f"{'request':28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        with uvicorn_server(dump, workers=2) as base:
            for name, url in (
                ("path question", path_url()),
                ("state lookup", "/api/v1/states/QAB"),
            ):
                rps, p50, p99 = load_run(base, url, args.load_requests, args.threads)
                print(f"{name:28} {rps:8.1f} {p50:8.1f} {p99:8.1f}")


if __name__ == "__main__":
    main()
