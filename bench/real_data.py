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
    # the synthetic world of bench/rest_path.py (200 states, 50,000 agreements) instead
    .venv/bin/python bench/real_data.py --world 50000 --seconds 20
    .venv/bin/python bench/real_data.py --world 2000 --seconds 5 --runs 2 --markdown

Datasets for a fresh store come from ``PACTGRAPH_DATASETS`` (default: the service's own).
``--world N`` builds bench/rest_path.py's world with N agreements (its functions, its seed)
into a fresh store directory of the run and serves that with no datasets: the path rows then
start from the world's best-connected state instead of CHN, and the dataset import row is
``n/a``. The bench writes: each run ingests one new 14-triple agreement (a unique IRI per run).
The default output is plain columns; ``--markdown`` prints Markdown tables under a line
naming the date, the command, the data and the machine (cores, CPU, RAM, load average at the
start and the end), to paste into the README or docs/benchmarks.md as they are.
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
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402
import pyoxigraph  # noqa: E402
import rest_path  # noqa: E402
from pyoxigraph import QueryResultsFormat, RdfFormat  # noqa: E402

from app.ingest.writes import repair_derived  # noqa: E402
from app.ontology import (  # noqa: E402
    RELATIONS,
    SPARQL_PREFIXES,
    Status,
    date_literal,
    relation_pattern,
)
from app.queries.relations import edges  # noqa: E402
from app.store import EmbeddedStore, render  # noqa: E402

#: The request of the first-start import row (left out where nothing is imported).
IMPORT_REQUEST = "first start: import of the datasets"
#: Per-request time limit: a figure past it is reported as such, never waited for forever.
TIMEOUT_S = 300.0
PATHS = (
    ("CHN", "has_alliance_with/shares_intelligence_with"),
    ("CHN", "allied_with/shares_intelligence_with"),
)
#: The path question of the concurrency run (from KOR, or the world's busiest state by it).
LOAD_PATH = "allied_with/shares_intelligence_with"
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
    #: Settings the bench adds to the server's environment (``--world``: no datasets; a
    #: remote store's URL and dialect when ``store`` is None, as ``bench/stores.py`` does).
    env: dict[str, str] = field(default_factory=dict)

    def get(self, client: httpx.Client, path: str) -> httpx.Response:
        response = client.get(f"{self.url}{path}", timeout=TIMEOUT_S)
        response.raise_for_status()
        return response

    def start(self) -> None:
        """Start ``pactgraph serve`` over ``store`` (or the store ``env`` names); wait."""
        assert self.log is not None
        port = int(self.url.rsplit(":", 1)[1])
        env = {**os.environ, **self.env, "PACTGRAPH_TOKEN": self.token}
        if self.store is not None:
            env["PACTGRAPH_STORE"] = str(self.store)
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


@dataclass(frozen=True)
class World:
    """The synthetic world of ``--world``, as built into the run's store directory."""

    agreements: int
    seed: int
    store: Path
    build_s: float

    def describe(self) -> str:
        return (
            f"synthetic world of bench/rest_path.py: {rest_path.STATES} states, "
            f"{self.agreements:,} agreements, seed {self.seed} (built in {self.build_s:.0f} s)"
        )


def build_world_store(agreements: int, seed: int, work: Path) -> World:
    """bench/rest_path.py's world (with the bundle and derived data) in a fresh store directory.

    Its dump carries derived data for a fixed day under an older data version, so derived data
    is repaired here the way start-up repairs it: the server then starts as on a maintained
    store (nothing to load, nothing to derive) and the ingest row takes the incremental path.
    """
    started = time.perf_counter()
    dump = work / "world.nq"
    rest_path.build_world(seed, rest_path.STATES, agreements, dump)
    directory = work / "world-store"
    store = EmbeddedStore(directory)
    try:
        store.inner.bulk_load(path=str(dump), format=RdfFormat.N_QUADS)
        repair_derived(store)
    finally:
        store.close()
    dump.unlink()
    return World(agreements, seed, directory, time.perf_counter() - started)


@contextmanager
def server_under_test(
    args: argparse.Namespace, work: Path, world: World | None
) -> Iterator[Server]:
    if args.url:
        yield Server(args.url.rstrip("/"), args.token or "", args.store, args.pid, log=args.log)
        return
    store = world.store if world is not None else Path(args.store)
    fresh = not store.exists() or not any(store.iterdir())
    server = Server(
        f"http://127.0.0.1:{free_port()}",
        args.token or secrets.token_hex(16),
        store,
        None,
        log=work / "server.log",
        env={
            # The bench measures the engine, not the walls: the 2-hop query may run past the
            # default 10 s limit on a loaded machine, and every load-run client shares the
            # loopback address the per-client SPARQL limit counts by (unless the caller says).
            "PACTGRAPH_QUERY_TIMEOUT": os.environ.get("PACTGRAPH_QUERY_TIMEOUT", str(TIMEOUT_S)),
            "PACTGRAPH_SPARQL_PER_CLIENT": os.environ.get(
                "PACTGRAPH_SPARQL_PER_CLIENT", str(args.clients)
            ),
            # The world is the whole store: no dataset import may start on top of it.
            **({"PACTGRAPH_DATASETS": ""} if world is not None else {}),
        },
    )
    server.start()
    server.imported = fresh
    try:
        yield server
    finally:
        server.stop()


def import_seconds(log: Path | None) -> float | None:
    """How long the first start's preparation took, as the server logged it ("prepared in
    12.3 s"): the whole import of the bundle and the datasets, derived data included."""
    if log is None or not log.exists():
        return None
    found = re.search(r"datasets imported: [1-9]\d*;.*; prepared in ([0-9.]+) s", log.read_text())
    return float(found.group(1)) if found else None


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
        solutions = store.inner.query(query, use_default_graph_as_union=True)
        assert isinstance(solutions, pyoxigraph.QuerySolutions), "a path query is a SELECT"
        solutions.serialize(format=QueryResultsFormat.JSON)

    run()
    return median_of(runs, run)


def raw_edges_s(store: EmbeddedStore) -> float:
    """Every relation's edges as of today by the SPARQL as-of rule (``relation_pattern``), on
    raw pyoxigraph: what a whole view would read without the relation interval table."""
    today = date_literal(dt.date.today())

    def run() -> None:
        for rel in RELATIONS.values():
            pattern = relation_pattern(rel, "?x", "?y", "?a", [Status.in_force])
            query = SPARQL_PREFIXES + f"SELECT DISTINCT ?x ?y ?a WHERE {{ {pattern} }}"
            rendered = render(query, {"as_of": today})
            solutions = store.inner.query(rendered, use_default_graph_as_union=True)
            assert isinstance(solutions, pyoxigraph.QuerySolutions)
            list(solutions)

    return timed(run)


def busiest_state(store: EmbeddedStore, relation: str) -> str:
    """The synthetic state with the most partners by ``relation`` today (ties: the first code):
    where a path starting with ``relation`` leaves from in the world, which has no CHN
    agreement. Only the world's own states count (the bundle's curated facts can outweigh a
    small world); bench/rest_path.py's start when none has a partner."""
    rel = RELATIONS[relation]
    synthetic = set(rest_path.state_codes(rest_path.STATES))
    degree = Counter(
        end.id
        for edge in edges(store, rel, dt.date.today())
        for end in ((edge.source,) if rel.directed else (edge.source, edge.target))
        if end.id in synthetic
    )
    return min(degree, key=lambda code: (-degree[code], code), default=rest_path.START)


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


def _post_sparql(client: httpx.Client, server: Server, query: str) -> None:
    client.post(
        f"{server.url}/sparql", content=query.encode(), headers=_SPARQL_HEADERS, timeout=TIMEOUT_S
    ).raise_for_status()


def path_url(start: str, path: str) -> str:
    return f"/api/v1/query/path?from={start}&path={path}"


def path_questions(raw: EmbeddedStore | None, world: World | None) -> list[tuple[str, str, str]]:
    """The path rows' (start, path, what the start is): issue 15's CHN on the real store; in
    the synthetic world the best-connected state by the path's first relation."""
    if world is None or raw is None:
        return [(start, path, "") for start, path in PATHS]
    return [
        (
            busiest_state(raw, path.split("/")[0]),
            path,
            f"for CHN: the world's state with most `{path.split('/')[0]}` partners today",
        )
        for _, path in PATHS
    ]


def import_row(
    server: Server,
    args: argparse.Namespace,
    work: Path,
    raw: EmbeddedStore | None,
    world: World | None,
) -> Row:
    """The first-start import (from the server's log), against a raw bulk load of the same quads."""
    request = IMPORT_REQUEST
    if world is not None:
        return Row(
            request,
            None,
            "raw: bulk_load of the store's quads",
            None,
            "n/a in the synthetic world: no datasets to import (PACTGRAPH_DATASETS empty); "
            "the bench built it instead",
        )
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
        note = f"the logged preparation of the first start{ready}"
    else:
        note = "no import logged: start on an empty --store, or pass --log of its first start"
    return Row(request, logged, f"raw: bulk_load of its {quads:,} quads", bulk_s, note)


def measure(
    server: Server,
    args: argparse.Namespace,
    work: Path,
    raw: EmbeddedStore | None,
    world: World | None,
) -> list[Row]:
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
            f"`GET {view}`, first after start",
            view_s,
            "raw: every relation's edges by the SPARQL rule",
            edges_s,
            cold,
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
            "raw: every relation's edges by the SPARQL rule",
            edges_s,
            note,
        )
    )

    # Path questions, repeated (not first), against their own SPARQL on raw pyoxigraph.
    two_hop = ""
    for start, path, chosen in path_questions(raw, world):
        url = path_url(start, path)
        try:
            answer = server.get(client, url).json()
            seconds: float | None = median_of(args.runs, partial(server.get, client, url))
            sparql = answer["sparql"]
            two_hop = two_hop or sparql
            base = raw_query_s(raw, sparql, args.runs) if raw is not None else None
            note = f"median of {args.runs}" if raw is not None else no_raw
        except (httpx.HTTPError, KeyError) as exc:
            seconds, base, note = None, None, f"failed: {exc}"
        request = f"`{url}` (repeated{'; ' + chosen if chosen else ''})"
        rows.append(Row(request, seconds, "raw: its SPARQL", base, note))

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
            "" if response.status_code == 201 else ": " + response.text[:120]
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
            "raw: every relation's edges by the SPARQL rule",
            edges_s,
            note,
        )
    )

    rows.append(import_row(server, args, work, raw, world))

    # /sparql over HTTP against oxigraph serve on the same data (without --store: ours only).
    if two_hop and server.store is None:
        try:
            sparql_s: float | None = median_of(5, partial(_post_sparql, client, server, two_hop))
            oxi_s: float | None = None
            note = "median of 5; the has_alliance path's SPARQL; no --store: no baseline"
        except httpx.HTTPError as exc:
            sparql_s, oxi_s, note = None, None, f"failed: {exc}"
    elif two_hop and server.store is not None:
        ours = partial(_post_sparql, client, server, two_hop)
        try:
            with oxigraph_serve(server.store) as oxi:

                def theirs() -> None:
                    client.post(
                        oxi, content=two_hop.encode(), headers=_SPARQL_HEADERS, timeout=TIMEOUT_S
                    ).raise_for_status()

                ours()
                theirs()
                # Alternated, so both see the same load on a shared machine.
                pairs = [(timed(ours), timed(theirs)) for _ in range(5)]
            sparql_s = statistics.median(p[0] for p in pairs)
            oxi_s = statistics.median(p[1] for p in pairs)
            note = "median of 5, alternated with the baseline; the has_alliance path's SPARQL"
        except (httpx.HTTPError, RuntimeError) as exc:
            sparql_s, oxi_s, note = None, None, f"failed: {exc}"
    else:
        sparql_s, oxi_s, note = None, None, "no 2-hop query (the path rows failed)"
    rows.append(Row("`/sparql` 2-hop over HTTP", sparql_s, "`oxigraph serve`", oxi_s, note))
    client.close()
    return rows


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


def load_run(
    server: Server, seconds: float, clients: int, state: str
) -> tuple[Load, dict[str, int]]:
    """``clients`` threads, each cycling through REST (``state``'s page and a path from it),
    SPARQL and the explorer, until the end."""
    small = (
        "PREFIX pg: <https://w3id.org/pactgraph/ontology#> "
        "SELECT ?a WHERE { ?a a pg:Agreement } LIMIT 20"
    )
    mix: list[tuple[str, str, str | None]] = [
        ("REST state", f"/api/v1/states/{state}", None),
        ("REST path", path_url(state, LOAD_PATH), None),
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


def table(
    headers: Sequence[str], right: Sequence[bool], rows: Sequence[Sequence[str]], markdown: bool
) -> str:
    """``rows`` under ``headers`` as a Markdown table, or as plain padded columns;
    ``right``: which columns are figures (right-aligned)."""
    if markdown:
        lines = ["| " + " | ".join(headers) + " |"]
        lines.append("|" + "|".join("---:" if r else "---" for r in right) + "|")
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    plain = [[cell.replace("`", "") for cell in row] for row in [headers, *rows]]
    widths = [max(len(row[i]) for row in plain) for i in range(len(headers))]
    return "\n".join(
        "  ".join(
            (cell.rjust(width) if r else cell.ljust(width))
            for cell, width, r in zip(row, widths, right, strict=True)
        ).rstrip()
        for row in plain
    )


def row_table(rows: list[Row], markdown: bool) -> str:
    headers = ["request", "pactgraph", "baseline", "baseline time", "ratio", "note"]
    right = [False, True, False, True, True, False]
    return table(headers, right, [row.cells() for row in rows], markdown)


def load_table(
    load: Load, rss: dict[str, int], args: argparse.Namespace, state: str, markdown: bool
) -> str:
    cells = []
    for kind in sorted(set(load.timings) | set(load.errors)):
        done = load.timings.get(kind, [])
        errors = load.errors.get(kind, [])
        counted = {e: errors.count(e) for e in sorted(set(errors))}
        shown = ", ".join(f"{n}x {e}" for e, n in counted.items()) or "0"
        p50 = _fmt(percentile(done, 0.5)) if done else "n/a"
        p99 = _fmt(percentile(done, 0.99)) if done else "n/a"
        cells.append([kind, str(len(done)), p50, p99, shown])
    headers = ["kind", "requests", "p50", "p99", "errors"]
    out = [
        f"Concurrency: {args.clients} clients, {args.seconds:.0f} s, loopback; the REST rows "
        f"ask about {state}"
        + (f" (the world's busiest state by {LOAD_PATH.split('/')[0]})" if args.world else ""),
        table(headers, [False, True, True, True, False], cells, markdown),
    ]
    if rss:
        shown = ", ".join(f"{name} {kib / 1024:.0f} MiB" for name, kib in sorted(rss.items()))
        out.append(f"Peak RSS (VmHWM): {shown}; total {sum(rss.values()) / 1024:.0f} MiB")
    else:
        out.append("Peak RSS: n/a (no server pid: pass --pid with --url)")
    return "\n\n".join(out)


def _load_average() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def machine() -> str:
    """Cores this process may use (what ``nproc`` prints), CPU model and RAM, from /proc."""
    cpu, ram = "CPU model unknown", "RAM unknown"
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in cpuinfo.splitlines()
                if line.startswith("model name")
            ),
            cpu,
        )
        meminfo = Path("/proc/meminfo").read_text()
        kib = next(
            int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal:")
        )
        ram = f"{kib / 1024**2:.1f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{len(os.sched_getaffinity(0))} cores (nproc), {cpu}, {ram}"


def command_line(argv: list[str]) -> str:
    """The bench's command as run, for the header (a write token shown as ``T``)."""
    shown, hide = [], False
    for arg in argv:
        shown.append("T" if hide else re.sub(r"^(--token=).*", r"\1T", arg))
        hide = arg == "--token"
    return " ".join(["bench/real_data.py", *shown])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a pactgraph server already running")
    parser.add_argument(
        "--store", type=Path, help="store directory: started here without --url; the baseline"
    )
    parser.add_argument(
        "--world",
        type=int,
        metavar="N",
        help="serve bench/rest_path.py's synthetic world with N agreements instead (no --store)",
    )
    parser.add_argument(
        "--seed", type=int, default=7, help="with --world: the world's seed (rest_path's: 7)"
    )
    parser.add_argument("--token", help="write token (generated when the bench starts the server)")
    parser.add_argument("--pid", type=int, help="with --url: the server's pid, for its peak RSS")
    parser.add_argument(
        "--log", type=Path, help="log of the store's first start (import times), when not this run"
    )
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the load run")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--runs", type=int, default=5, help="repeats of the repeated rows")
    parser.add_argument(
        "--markdown", action="store_true", help="Markdown tables under a date/machine line"
    )
    args = parser.parse_args()
    if args.world is not None and (args.url or args.store):
        parser.error("--world builds its own store: give neither --url nor --store")
    if args.world is None and not args.url and not args.store:
        parser.error("give --store DIR (start a server) or --url (and --store for baselines)")
    if args.world is not None and args.world < 1:
        parser.error("--world needs at least one agreement")
    began, load_start = dt.datetime.now(), _load_average()
    with tempfile.TemporaryDirectory(prefix="pactgraph-bench-") as tmp:
        work = Path(tmp)
        world = None
        if args.world is not None:
            print(f"building the world ({args.world:,} agreements)…", file=sys.stderr)
            world = build_world_store(args.world, args.seed, work)
        with server_under_test(args, work, world) as server:
            print(f"measuring pactgraph at {server.url}…", file=sys.stderr)
            raw = snapshot(server.store) if server.store is not None else None
            quads = f"{len(raw.inner):,} quads" if raw is not None else "size unknown"
            data = (
                f"{world.describe()}, {quads}"
                if world is not None
                else f"store {server.store or server.url} ({quads})"
            )
            rows = measure(server, args, work, raw, world)
            state = (
                busiest_state(raw, LOAD_PATH.split("/")[0])
                if world is not None and raw is not None
                else "KOR"
            )
            print(f"load run, {args.seconds:.0f} s…", file=sys.stderr)
            load, rss = load_run(server, args.seconds, args.clients, state)
    header = (
        f"{began:%Y-%m-%d %H:%M}, `{command_line(sys.argv[1:])}`: {data}. "
        f"Machine: {machine()}; load average (1/5/15 min) {load_start} at the start, "
        f"{_load_average()} at the end."
    )
    if args.markdown:
        header = f"**{header.replace(': ', ':** ', 1)}"
    print(
        "\n\n".join(
            [
                header,
                row_table(rows, args.markdown),
                load_table(load, rss, args, state, args.markdown),
            ]
        )
    )


if __name__ == "__main__":
    main()
