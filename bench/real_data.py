"""Issue 15's table on the real store (bundle + COW + ATOP + DCAD), each figure against a baseline.

Every row is one request to a running pactgraph server, timed on loopback, next to the same
work done by the engine underneath, measured in the same run:

* **raw pyoxigraph**: the same SPARQL run in this process on a read-only snapshot of the
  server's store directory (``pyoxigraph.Store.read_only``: what the store held when the
  bench opened it);
* **oxigraph serve**: the ``oxigraph`` server over that directory (``serve-read-only``), for
  the SPARQL-over-HTTP row.

Then a bounded concurrency run (16 clients, mixed REST / SPARQL / explorer page, loopback)
with p50/p99 per kind, errors, and the server's peak RSS (``VmHWM`` of the server process and
of its query workers). A figure that cannot be taken is printed as ``n/a`` with the reason.

    # start a server over DIR (an empty DIR: the first-start import is timed too)
    .venv/bin/python bench/real_data.py --store /tmp/store
    # or measure a server that is already running over DIR (first-after-start not guaranteed)
    .venv/bin/python bench/real_data.py --url http://127.0.0.1:8000 --store DIR --token T --pid P
    .venv/bin/python bench/real_data.py --store /tmp/store --seconds 10   # shorter load run

Datasets for a fresh store come from ``PACTGRAPH_DATASETS`` (default: the service's own).
The bench writes: each run ingests one new 14-triple agreement (a unique IRI per run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import pyoxigraph  # noqa: E402
from pyoxigraph import QueryResultsFormat, RdfFormat  # noqa: E402

from app.ontology import RELATIONS  # noqa: E402
from app.queries.relations import edges  # noqa: E402
from app.store import EmbeddedStore  # noqa: E402

#: Per-request time limit: a figure past it is reported as such, never waited for forever.
TIMEOUT_S = 300.0
PATHS = (
    ("CHN", "has_alliance_with/shares_intelligence_with"),
    ("CHN", "allied_with/shares_intelligence_with"),
)
#: One agreement and its cited source: 14 triples (the README's ingest example, trimmed).
BATCH = """\
@prefix pg:        <https://w3id.org/pactgraph/ontology#> .
@prefix prov:      <http://www.w3.org/ns/prov#> .
@prefix rdfs:      <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema:    <https://schema.org/> .
@prefix xsd:       <http://www.w3.org/2001/XMLSchema#> .
@prefix state:     <https://w3id.org/pactgraph/id/state/> .
@prefix agreement: <https://w3id.org/pactgraph/id/agreement/> .
@prefix source:    <https://w3id.org/pactgraph/id/source/> .

agreement:bench-{tag} a pg:Agreement ;
    rdfs:label "Bench agreement {tag}"@en ;
    pg:party state:KOR, state:THA ;
    pg:agreementType pg:IntelligenceMOU ;
    pg:legalForm pg:NonBindingInstrument ;
    pg:signed "2019-09-02"^^xsd:date ;
    pg:citation [ a pg:Citation ; pg:source source:bench-{tag} ; pg:quote "bench quote" ] ;
    prov:wasDerivedFrom source:bench-{tag} .

source:bench-{tag} a schema:NewsArticle ;
    schema:headline "Bench article {tag}" .
"""


@dataclass
class Row:
    """One line of the table: the pactgraph figure, the baseline and what it is."""

    request: str
    seconds: float | None
    baseline: str
    baseline_seconds: float | None
    note: str = ""

    def cells(self) -> list[str]:
        ratio = (
            f"{self.seconds / self.baseline_seconds:,.1f}x"
            if self.seconds is not None and self.baseline_seconds
            else "n/a"
        )
        return [
            self.request,
            _fmt(self.seconds),
            self.baseline,
            _fmt(self.baseline_seconds),
            ratio,
            self.note,
        ]


def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    if seconds < 0.01:
        return f"{seconds * 1e6:.0f} µs"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def median_of(runs: int, action: Callable[[], object]) -> float:
    return statistics.median(timed(action) for _ in range(runs))


def wait_ready(url: str, process: subprocess.Popen[bytes] | None, limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} at start-up")
        time.sleep(0.25)
    raise RuntimeError(f"the server was not ready within {limit_s:.0f} s")


@dataclass
class Server:
    """The pactgraph server under test: started here, or already running at ``url``."""

    url: str
    token: str
    store: Path | None
    pid: int | None
    process: subprocess.Popen[bytes] | None = None
    start_s: float | None = None
    imported: bool = False
    log: Path | None = None
    #: Settings of a server started here, beyond store and token (a remote store's URL...).
    settings: dict[str, str] = field(default_factory=dict)

    def get(self, client: httpx.Client, path: str) -> httpx.Response:
        response = client.get(f"{self.url}{path}", timeout=TIMEOUT_S)
        response.raise_for_status()
        return response

    def start(self) -> None:
        """Start ``pactgraph serve`` over ``store`` (or the store ``settings`` name); wait."""
        assert self.log is not None
        port = int(self.url.rsplit(":", 1)[1])
        env = {**os.environ, "PACTGRAPH_TOKEN": self.token}
        if self.store is not None:
            env["PACTGRAPH_STORE"] = str(self.store)
        env.update(self.settings)
        command = [str(Path(sys.executable).parent / "pactgraph"), "serve", "--port", str(port)]
        started = time.perf_counter()
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        self.pid = self.process.pid
        wait_ready(self.url, self.process, 1800)
        self.start_s = time.perf_counter() - started

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


@contextmanager
def server_under_test(args: argparse.Namespace, work: Path) -> Iterator[Server]:
    if args.url:
        yield Server(args.url.rstrip("/"), args.token or "", args.store, args.pid, log=args.log)
        return
    store = Path(args.store)
    fresh = not store.exists() or not any(store.iterdir())
    server = Server(
        f"http://127.0.0.1:{free_port()}",
        args.token or secrets.token_hex(16),
        store,
        None,
        log=work / "server.log",
    )
    server.start()
    server.imported = fresh
    try:
        yield server
    finally:
        server.stop()


def import_seconds(log: Path | None) -> float | None:
    """Sum of the per-dataset import times the server logged at first start ("(65.8 s)")."""
    if log is None or not log.exists():
        return None
    times = re.findall(r" triples in <[^>]+> \(([0-9.]+) s\)$", log.read_text(), re.MULTILINE)
    return sum(map(float, times)) if times else None


def peak_rss_kib(pid: int) -> dict[str, int]:
    """VmHWM of ``pid`` and of its children (the query workers), KiB, while they run."""
    found: dict[str, int] = {}
    pids = [pid]
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            pids += map(int, children.read_text().split())
        except OSError:
            continue
    for one in pids:
        try:
            status = Path(f"/proc/{one}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                found["server" if one == pid else f"worker {one}"] = int(line.split()[1])
    return found


def snapshot(store_dir: Path) -> EmbeddedStore:
    """The server's store, read-only, in this process (the raw-pyoxigraph baseline)."""
    store = EmbeddedStore(None)
    store.inner = pyoxigraph.Store.read_only(str(store_dir))
    return store


def raw_query_s(store: EmbeddedStore, query: str, runs: int) -> float:
    def run() -> None:
        store.inner.query(query, use_default_graph_as_union=True).serialize(
            format=QueryResultsFormat.JSON
        )

    run()
    return median_of(runs, run)


def raw_edges_s(store: EmbeddedStore) -> float:
    """Every relation's edge query as of today, on raw pyoxigraph: what a whole view reads."""
    today = dt.date.today()
    return timed(lambda: [edges(store, rel, today) for rel in RELATIONS.values()])


@contextmanager
def oxigraph_serve(store_dir: Path) -> Iterator[str]:
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or "oxigraph"
    port = free_port()
    command = [binary, "serve-read-only", "--location", str(store_dir)]
    process = subprocess.Popen(
        [*command, "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.post(url, content=b"ASK {}", headers=_SPARQL_HEADERS, timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("oxigraph serve-read-only did not start") from None
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


_SPARQL_HEADERS = {
    "Content-Type": "application/sparql-query",
    "Accept": "application/sparql-results+json",
}


def path_url(start: str, path: str) -> str:
    return f"/api/v1/query/path?from={start}&path={path}"


def measure(server: Server, args: argparse.Namespace, work: Path) -> list[Row]:
    """Issue 15's table: every request against its baseline, then the first-start import."""
    raw = snapshot(server.store) if server.store is not None else None
    return [*request_rows(server, args, raw), import_row(server, args, work, raw)]


def request_rows(server: Server, args: argparse.Namespace, raw: EmbeddedStore | None) -> list[Row]:
    """The requests of issue 15's table; baselines on ``raw`` (and ``oxigraph serve`` over
    ``server.store``) when given, else ``n/a``."""
    rows: list[Row] = []
    client = httpx.Client()
    no_raw = "no --store: no snapshot to run it on"

    # Views and analytics first, while the server is cold (if the bench started it).
    cold = "" if server.process is not None else "server not started by the bench: may be warm"
    view = "/api/v1/views/network"
    try:
        view_s: float | None = timed(lambda: server.get(client, view))
    except httpx.HTTPError as exc:
        view_s, cold = None, f"failed: {exc}"
    edges_s = raw_edges_s(raw) if raw is not None else None
    rows.append(
        Row(
            f"`GET {view}`, first after start", view_s, "raw: every relation's edges", edges_s, cold
        )
    )
    try:
        cent_s: float | None = timed(lambda: server.get(client, "/api/v1/analytics/centrality"))
        note = cold
    except httpx.HTTPError as exc:
        cent_s, note = None, f"failed: {exc}"
    rows.append(
        Row(
            "`GET /api/v1/analytics/centrality`, first",
            cent_s,
            "raw: every relation's edges",
            edges_s,
            note,
        )
    )

    # Path questions, repeated (not first), against their own SPARQL on raw pyoxigraph.
    two_hop = ""
    for start, path in PATHS:
        url = path_url(start, path)
        try:
            answer = server.get(client, url).json()
            seconds: float | None = median_of(args.runs, lambda u=url: server.get(client, u))
            sparql = answer["sparql"]
            two_hop = two_hop or sparql
            base = raw_query_s(raw, sparql, args.runs) if raw is not None else None
            note = f"median of {args.runs}" if raw is not None else no_raw
        except (httpx.HTTPError, KeyError) as exc:
            seconds, base, note = None, None, f"failed: {exc}"
        rows.append(Row(f"`{url}` (repeated)", seconds, "raw: its SPARQL", base, note))

    # One write, then the view again.
    batch = BATCH.format(tag=f"{dt.date.today():%Y%m%d}-{uuid.uuid4().hex[:8]}")
    triples = len(list(pyoxigraph.parse(batch.encode(), RdfFormat.TURTLE)))
    memory = pyoxigraph.Store()
    base_ingest = timed(lambda: memory.load(batch.encode(), RdfFormat.TURTLE))
    try:
        started = time.perf_counter()
        response = client.post(
            f"{server.url}/api/v1/ingest?label=bench",
            content=batch.encode(),
            headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {server.token}"},
            timeout=TIMEOUT_S,
        )
        ingest_s: float | None = time.perf_counter() - started
        note = f"HTTP {response.status_code}" + (
            "" if response.status_code == 201 else ": " + response.text[:600]
        )
        if response.status_code != 201:
            ingest_s = None
    except httpx.HTTPError as exc:
        ingest_s, note = None, f"failed: {exc}"
    rows.append(
        Row(
            f"`POST /api/v1/ingest`, one {triples}-triple agreement",
            ingest_s,
            "raw: load into in-memory store",
            base_ingest,
            note,
        )
    )
    try:
        after_s: float | None = timed(lambda: server.get(client, view))
        note = "" if ingest_s is not None else "no write happened"
    except httpx.HTTPError as exc:
        after_s, note = None, f"failed: {exc}"
    rows.append(
        Row(
            f"`GET {view}`, first after a write",
            after_s,
            "raw: every relation's edges",
            edges_s,
            note,
        )
    )

    # /sparql over HTTP against oxigraph serve on the same data.
    note = "median of 5; the has_alliance path's SPARQL"
    sparql_s: float | None = None
    oxi_s: float | None = None
    if two_hop:

        def ours() -> None:
            client.post(
                f"{server.url}/sparql",
                content=two_hop.encode(),
                headers=_SPARQL_HEADERS,
                timeout=TIMEOUT_S,
            ).raise_for_status()

        try:
            ours()
            sparql_s = median_of(5, ours)
            if server.store is not None:
                with oxigraph_serve(server.store) as oxi:

                    def theirs() -> None:
                        client.post(
                            oxi,
                            content=two_hop.encode(),
                            headers=_SPARQL_HEADERS,
                            timeout=TIMEOUT_S,
                        ).raise_for_status()

                    theirs()
                    oxi_s = median_of(5, theirs)
            else:
                note += "; no --store: no baseline"
        except (httpx.HTTPError, RuntimeError) as exc:
            sparql_s, oxi_s, note = None, None, f"failed: {exc}"
    else:
        note = "no 2-hop query (the path rows failed)"
    rows.append(Row("`/sparql` 2-hop over HTTP", sparql_s, "`oxigraph serve`", oxi_s, note))
    client.close()
    return rows


def import_row(
    server: Server, args: argparse.Namespace, work: Path, raw: EmbeddedStore | None
) -> Row:
    """The first start's logged import time against a raw bulk load of the same quads."""
    if raw is not None:
        dump = raw.inner.dump(format=RdfFormat.N_QUADS)
        assert dump is not None
        target = work / "bulk"

        def bulk() -> None:
            pyoxigraph.Store(str(target)).bulk_load(dump, RdfFormat.N_QUADS)

        bulk_s: float | None = timed(bulk)
        quads = len(raw.inner)
        shutil.rmtree(target, ignore_errors=True)
    else:
        bulk_s, quads = None, 0
    logged = import_seconds(args.log or server.log)
    if logged is not None:
        ready = (
            f"; {server.start_s:.0f} s until ready" if server.imported and server.start_s else ""
        )
        note = f"sum of the datasets' logged times{ready}"
    else:
        note = "no import logged: start on an empty --store, or pass --log of its first start"
    base = f"raw: bulk_load of its {quads:,} quads"
    return Row("first start: import of the datasets", logged, base, bulk_s, note)


@dataclass
class Load:
    """What the concurrency run saw, per kind of request."""

    timings: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            if error is None:
                self.timings.setdefault(kind, []).append(seconds)
            else:
                self.errors.setdefault(kind, []).append(error)


def load_run(server: Server, seconds: float, clients: int) -> tuple[Load, dict[str, int]]:
    """``clients`` threads, each cycling through REST, SPARQL and the explorer, until the end."""
    small = (
        "PREFIX pg: <https://w3id.org/pactgraph/ontology#> "
        "SELECT ?a WHERE { ?a a pg:Agreement } LIMIT 20"
    )
    mix: list[tuple[str, str, str | None]] = [
        ("REST state", "/api/v1/states/KOR", None),
        ("REST path", path_url("KOR", "allied_with/shares_intelligence_with"), None),
        ("SPARQL", "/sparql", small),
        ("explore", "/explore", None),
    ]
    load = Load()
    deadline = time.monotonic() + seconds
    rss: dict[str, int] = {}

    def client_loop(offset: int) -> None:
        with httpx.Client(timeout=TIMEOUT_S) as client:
            step = offset
            while time.monotonic() < deadline:
                kind, path, query = mix[step % len(mix)]
                step += 1
                started = time.perf_counter()
                error = None
                try:
                    if query is None:
                        response = client.get(f"{server.url}{path}")
                    else:
                        response = client.post(
                            f"{server.url}{path}", content=query.encode(), headers=_SPARQL_HEADERS
                        )
                    if response.status_code >= 400:
                        # 429: PACTGRAPH_SPARQL_PER_CLIENT, and every client here is 127.0.0.1.
                        error = f"HTTP {response.status_code}"
                except httpx.HTTPError as exc:
                    error = type(exc).__name__
                load.record(kind, time.perf_counter() - started, error)

    threads = [threading.Thread(target=client_loop, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        if server.pid is not None:
            for name, kib in peak_rss_kib(server.pid).items():
                rss[name] = max(rss.get(name, 0), kib)
        time.sleep(0.5)
    return load, rss


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def print_table(rows: list[Row]) -> None:
    print("| request | pactgraph | baseline | baseline time | ratio | note |")
    print("|---|---:|---|---:|---:|---|")
    for row in rows:
        print("| " + " | ".join(row.cells()) + " |")


def print_load(load: Load, rss: dict[str, int], seconds: float, clients: int) -> None:
    print(f"\nConcurrency: {clients} clients, {seconds:.0f} s, loopback\n")
    print("| kind | requests | p50 | p99 | errors |")
    print("|---|---:|---:|---:|---|")
    for kind in sorted(set(load.timings) | set(load.errors)):
        done = load.timings.get(kind, [])
        errors = load.errors.get(kind, [])
        counted = {e: errors.count(e) for e in sorted(set(errors))}
        shown = ", ".join(f"{n}x {e}" for e, n in counted.items()) or "0"
        p50 = _fmt(percentile(done, 0.5)) if done else "n/a"
        p99 = _fmt(percentile(done, 0.99)) if done else "n/a"
        print(f"| {kind} | {len(done)} | {p50} | {p99} | {shown} |")
    if rss:
        shown = ", ".join(f"{name} {kib / 1024:.0f} MiB" for name, kib in sorted(rss.items()))
        print(f"\nPeak RSS (VmHWM): {shown}; total {sum(rss.values()) / 1024:.0f} MiB")
    else:
        print("\nPeak RSS: n/a (no server pid: pass --pid with --url)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a pactgraph server already running")
    parser.add_argument(
        "--store", type=Path, help="store directory: started here without --url; the baseline"
    )
    parser.add_argument("--token", help="write token (generated when the bench starts the server)")
    parser.add_argument("--pid", type=int, help="with --url: the server's pid, for its peak RSS")
    parser.add_argument(
        "--log", type=Path, help="log of the store's first start (import times), when not this run"
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the load run")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--runs", type=int, default=5, help="repeats of the repeated rows")
    args = parser.parse_args()
    if not args.url and not args.store:
        parser.error("give --store DIR (start a server) or --url (and --store for baselines)")
    with (
        tempfile.TemporaryDirectory(prefix="pactgraph-bench-") as tmp,
        server_under_test(args, Path(tmp)) as server,
    ):
        print(
            f"pactgraph at {server.url}; {dt.datetime.now():%Y-%m-%d %H:%M}; "
            f"{os.cpu_count()} cores\n"
        )
        rows = measure(server, args, Path(tmp))
        print_table(rows)
        load, rss = load_run(server, args.seconds, args.clients)
        print_load(load, rss, args.seconds, args.clients)


if __name__ == "__main__":
    main()
