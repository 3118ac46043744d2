"""Issue 19: the `make run` data on three stores, side by side, as ratios to the embedded store.

The stores: embedded pyoxigraph, ``oxigraph serve`` (the ``oxigraph`` package's server) and
Virtuoso 7 (``virtuoso-t``, a throwaway database, as ``tests/remote`` starts it). On each:

* **load** of the same N-Quads (the whole store: data, derived graphs and bookkeeping),
  through pactgraph's own load path (``pactgraph restore`` into an empty store) and through
  the store's bulk loader (pyoxigraph ``bulk_load``, ``oxigraph load``, Virtuoso's
  ``ld_dir``/``rdf_loader_run``), which fills the store the rest of the run reads;
* **issue 15's requests** (``bench/real_data.py``'s table, without its raw baselines), each
  to a ``pactgraph serve`` pointed at the store by ``PACTGRAPH_STORE`` (and
  ``PACTGRAPH_STORE_DIALECT`` for Virtuoso);
* a bounded **load run** (``real_data.load_run``: 16 clients, mixed REST / SPARQL / explorer,
  loopback) with p50/p99, throughput, errors, and 429s apart: every loopback client is one
  address to the per-client SPARQL limit, so the bench raises it to the number of clients.

The N-Quads come from one embedded store built once: a copy of ``--source`` (a store
``make run`` built; the copy is brought up to date with this checkout's bundle and derived data
by the start-up code, ``app.ingest.startup.prepare``; ``--source`` itself is never written).

    PACTGRAPH_DATASETS=/work/shared/data .venv/bin/python bench/stores.py --source var/store
    .venv/bin/python bench/stores.py --source var/store --quick   # a few minutes: 10 s runs

The path answers of the three stores are compared with the embedded store's as sets (the
tag of each store's own bench agreement masked) and kept in the work directory for a diff.
A figure that cannot be taken (a time limit passed, a server refused) is ``n/a``, with why.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402
import pyoxigraph  # noqa: E402
from pyoxigraph import RdfFormat  # noqa: E402
from real_data import (  # noqa: E402
    IMPORT_REQUEST,
    PATHS,
    Load,
    Server,
    _fmt,
    free_port,
    load_run,
    measure,
    path_url,
    peak_rss_kib,
    percentile,
    timed,
)

from app.config import Settings  # noqa: E402
from app.ingest.startup import prepare  # noqa: E402
from app.store import EmbeddedStore  # noqa: E402
from tests.oxigraph_server import OxigraphServer, oxigraph_binary  # noqa: E402
from tests.remote.test_same_answers import canonical  # noqa: E402
from tests.virtuoso_server import PASSWORD, USER, VirtuosoServer, virtuoso_binary  # noqa: E402

STORES = ("embedded", "oxigraph serve", "Virtuoso 7")
#: The unique tag of the agreement ``measure`` ingests (``real_data.BATCH``), per store.
_BENCH_TAG = re.compile(r"[0-9]{8}-[0-9a-f]{8}")
#: Answers compared with the embedded store's, as sets: the path questions (the load run's too).
COMPARED = [path_url(start, path) for start, path in PATHS] + [
    path_url("KOR", "allied_with/shares_intelligence_with")
]
#: Virtuoso's page cache for the half-million quads (8 KiB pages: about 1.2 GiB).
VIRTUOSO_BUFFERS = 150_000
LOAD = "load"
RUN = "run"


@dataclass
class Measured:
    """Every figure of one store, keyed by the row it goes in, and a note per row."""

    seconds: dict[str, float | None] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    kib: dict[str, int] = field(default_factory=dict)
    #: The canonical answer to each of :data:`COMPARED` (None: no answer).
    answers: dict[str, Any] = field(default_factory=dict)


def prepared_copy(source: Path, work: Path) -> Path:
    """A copy of ``source`` brought up to date by the start-up code; reused when in ``work``."""
    copy = work / "prepared"
    if not (copy / "CURRENT").exists():
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("LOCK"))
        store = EmbeddedStore(copy)
        try:
            took = timed(lambda: prepare(store, Settings(store=str(copy))))
        finally:
            store.close()
        print(f"prepared a copy of {source} in {took:.0f} s", file=sys.stderr)
    return copy


def nquads(prepared: Path, work: Path) -> tuple[Path, int]:
    """The prepared store as one N-Quads file, and its number of quads."""
    target = work / "dump.nq"
    store = pyoxigraph.Store.read_only(str(prepared))
    if not target.exists():
        store.dump(str(target), RdfFormat.N_QUADS)
    return target, len(store)


def restore(settings: dict[str, str], dump: Path, limit_s: float) -> tuple[float | None, str]:
    """``pactgraph restore DUMP`` into the (empty) store ``settings`` name, timed."""
    command = [str(Path(sys.executable).parent / "pactgraph"), "restore", str(dump)]
    # A remote store waits 3x the query timeout for one request: restore is one request.
    env = {**os.environ, **settings, "PACTGRAPH_QUERY_TIMEOUT": str(int(limit_s // 3))}
    started = time.perf_counter()
    try:
        done = subprocess.run(command, env=env, capture_output=True, timeout=limit_s)
    except subprocess.TimeoutExpired:
        return None, f"`pactgraph restore` stopped after {limit_s:.0f} s"
    took = time.perf_counter() - started
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines() or ["?"]
        said = next((line for line in lines if line.startswith("pactgraph:")), lines[-1])
        return None, f"`pactgraph restore` failed: {said[:300]}"
    return took, ""


@contextmanager
def embedded(
    work: Path, dump: Path, limit_s: float, measured: Measured
) -> Iterator[dict[str, str]]:
    """Loads into empty directories; yields the settings of the bulk-loaded one."""
    own = work / "embedded-restore"
    measured.seconds["restore"], measured.notes["restore"] = restore(
        {"PACTGRAPH_STORE": str(own)}, dump, limit_s
    )
    shutil.rmtree(own, ignore_errors=True)
    location = work / "embedded-bulk"
    measured.seconds["bulk"] = timed(
        lambda: pyoxigraph.Store(str(location)).bulk_load(path=str(dump), format=RdfFormat.N_QUADS)
    )
    measured.notes["bulk"] = "pyoxigraph `bulk_load`"
    try:
        yield {"PACTGRAPH_STORE": str(location)}
    finally:
        shutil.rmtree(location, ignore_errors=True)


@contextmanager
def oxigraph(
    work: Path, dump: Path, limit_s: float, measured: Measured
) -> Iterator[dict[str, str]]:
    """``pactgraph restore`` into an empty server; ``oxigraph load`` for the one served."""
    empty = OxigraphServer(work / "oxigraph-restore")
    empty.start()
    try:
        measured.seconds["restore"], measured.notes["restore"] = restore(
            {"PACTGRAPH_STORE": empty.url}, dump, limit_s
        )
    finally:
        empty.stop()
        shutil.rmtree(empty.location, ignore_errors=True)
    location = work / "oxigraph-bulk"
    command = [oxigraph_binary(), "load", "--location", str(location), "--file", str(dump)]
    measured.seconds["bulk"] = timed(
        lambda: subprocess.run(command, check=True, capture_output=True, timeout=limit_s)
    )
    measured.notes["bulk"] = "`oxigraph load` (offline)"
    server = OxigraphServer(location)
    server.start()
    assert server.process is not None
    measured.counts["db pid"] = server.process.pid
    try:
        yield {"PACTGRAPH_STORE": server.url}
    finally:
        server.stop()
        shutil.rmtree(location, ignore_errors=True)


def _virtuoso_settings(server: VirtuosoServer) -> dict[str, str]:
    return {
        "PACTGRAPH_STORE": server.url,
        "PACTGRAPH_STORE_DIALECT": "virtuoso",
        "PACTGRAPH_STORE_USER": USER,
        "PACTGRAPH_STORE_PASSWORD": PASSWORD,
    }


def _isql(server: VirtuosoServer, sql: str, limit_s: float) -> None:
    isql = shutil.which("isql-vt") or shutil.which("isql")
    if isql is None:
        raise RuntimeError("isql-vt not found (Debian's virtuoso-opensource provides it)")
    port = f"127.0.0.1:{server.sql_port}"
    done = subprocess.run(
        [isql, port, USER, PASSWORD, f"exec={sql}"], capture_output=True, timeout=limit_s
    )
    output = (done.stdout + done.stderr).decode(errors="replace")
    if done.returncode != 0 or "*** Error" in output:
        raise RuntimeError(f"isql failed: {output.strip()[-300:]}")


@contextmanager
def virtuoso(
    work: Path, dump: Path, limit_s: float, timeout_s: int, measured: Measured
) -> Iterator[dict[str, str]]:
    """``pactgraph restore`` into an empty database; the bulk loader for the one served.

    The bulk-loaded server is restarted before it is measured (after a checkpoint), so it
    starts cold like the other two.
    """
    empty = VirtuosoServer(work / "virtuoso-restore", VIRTUOSO_BUFFERS, timeout_s)
    empty.start()
    try:
        measured.seconds["restore"], measured.notes["restore"] = restore(
            _virtuoso_settings(empty), dump, limit_s
        )
    finally:
        empty.stop()
        shutil.rmtree(empty.location, ignore_errors=True)
    server = VirtuosoServer(work / "virtuoso-bulk", VIRTUOSO_BUFFERS, timeout_s)
    server.start()
    try:
        # ld_dir reads only from DirsAllowed: the database's own directory.
        os.link(dump, server.location / dump.name)
        directory = str(server.location).replace("'", "''")
        sql = f"ld_dir('{directory}', '{dump.name}', 'urn:unused'); rdf_loader_run(); checkpoint;"
        measured.seconds["bulk"] = timed(lambda: _isql(server, sql, limit_s))
        measured.notes["bulk"] = "`ld_dir` + `rdf_loader_run()` + checkpoint"
        server.stop()
        server.start()
        assert server.process is not None
        measured.counts["db pid"] = server.process.pid
        yield _virtuoso_settings(server)
    finally:
        server.stop()
        shutil.rmtree(server.location, ignore_errors=True)


def measure_store(
    name: str,
    settings: dict[str, str],
    args: argparse.Namespace,
    work: Path,
    measured: Measured,
) -> None:
    """Issue 15's requests, then the load run, on a ``pactgraph serve`` over ``settings``."""
    server = Server(
        f"http://127.0.0.1:{free_port()}",
        secrets.token_hex(16),
        None,
        None,
        log=work / f"server-{free_port()}.log",
        env={
            **settings,
            "PACTGRAPH_SPARQL_PER_CLIENT": str(args.clients),
            "PACTGRAPH_QUERY_TIMEOUT": str(args.query_timeout),
        },
    )
    server.start()
    try:
        for row in measure(server, args, work, None, None):
            if row.request == IMPORT_REQUEST:  # the stores were loaded above, not imported
                continue
            measured.seconds[row.request] = row.seconds
            if row.seconds is None or row.note.startswith("HTTP"):
                measured.notes[row.request] = row.note
        with httpx.Client() as client:
            for url in COMPARED:
                try:
                    # Each store ingested its own bench agreement: its tag is not an answer.
                    text = _BENCH_TAG.sub("TAG", server.get(client, url).text)
                    measured.answers[url] = canonical(json.loads(text))
                    # Kept for a diff when the stores disagree.
                    slug = re.sub(r"\W+", "-", f"{name} {url}").strip("-")
                    (work / f"answer-{slug}.json").write_text(text)
                except httpx.HTTPError as exc:
                    measured.answers[url] = None
                    measured.notes[f"answer to {url}"] = f"failed: {exc}"
        load, rss = load_run(server, args.seconds, args.clients, "KOR")
        summarise(load, args.seconds, measured)
        measured.kib["pactgraph"] = sum(rss.values())
        db = measured.counts.pop("db pid", None)
        if db is not None:
            measured.kib["store server"] = sum(peak_rss_kib(db).values())
    finally:
        server.stop()


def summarise(load: Load, seconds: float, measured: Measured) -> None:
    """Per kind p50/p99, and over all kinds: throughput, errors, 429s (counted apart)."""
    every: list[float] = []
    for kind, done in sorted(load.timings.items()):
        every += done
        measured.seconds[f"{RUN}: {kind} p50"] = percentile(done, 0.5)
        measured.seconds[f"{RUN}: {kind} p99"] = percentile(done, 0.99)
    errors = [e for errs in load.errors.values() for e in errs]
    measured.counts["requests answered"] = len(every)
    measured.counts["throughput, requests/s"] = round(len(every) / seconds)
    measured.counts["errors (not 429)"] = sum(e != "HTTP 429" for e in errors)
    measured.counts["429 Too Many Requests"] = errors.count("HTTP 429")
    if every:
        measured.seconds[f"{RUN}: all p50"] = percentile(every, 0.5)
        measured.seconds[f"{RUN}: all p99"] = percentile(every, 0.99)
    kinds = sorted({e for e in errors if e != "HTTP 429"})
    if kinds:
        measured.notes["errors (not 429)"] = ", ".join(kinds)


def ratio(value: float | None, base: float | None) -> str:
    return f"{value / base:,.2f}x" if value is not None and base else "n/a"


def _value(measured: Measured, kind: str, key: str) -> float | None:
    if kind == "seconds":
        return measured.seconds.get(key)
    if kind == "count":
        count = measured.counts.get(key)
        return None if count is None else float(count)
    kib = measured.kib.get(key)
    return None if kib is None else kib / 1024


def _shown(kind: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    return _fmt(value) if kind == "seconds" else f"{value:,.0f}"


def print_side_by_side(results: dict[str, Measured], quads: int) -> None:
    """One row per figure, one column per store, each next to its ratio to the first store."""
    names = list(results)
    labels = {
        "restore": f"{LOAD}: `pactgraph restore` of {quads:,} quads",
        "bulk": f"{LOAD}: the store's bulk loader",
    }
    keys: list[tuple[str, str]] = []
    for measured in results.values():
        keys += [("seconds", k) for k in measured.seconds if ("seconds", k) not in keys]
    keys += [("count", k) for k in COUNTS] + [("MiB", k) for k in ("pactgraph", "store server")]
    header = ["measure", names[0]] + [cell for name in names[1:] for cell in (name, "ratio")]
    print("| " + " | ".join(header) + " |")
    print("|---" + "|---:" * (len(header) - 1) + "|")
    for kind, key in keys:
        label = labels.get(key, key)
        if kind == "count":
            label = f"{RUN}: {key}"
        elif kind == "MiB":
            label = f"peak RSS (MiB), {key}"
        base = _value(results[names[0]], kind, key)
        cells = [label, _shown(kind, base)]
        for name in names[1:]:
            value = _value(results[name], kind, key)
            cells += [_shown(kind, value), ratio(value, base)]
        print("| " + " | ".join(cells) + " |")
    reference = results[names[0]].answers
    cells = [f"same path answers as {names[0]} (as sets)", ""]
    for name in names[1:]:
        answers = results[name].answers
        differ = [u for u in COMPARED if answers.get(u) != reference.get(u)]
        cells += ["**no** (see below)" if differ else "yes", ""]
        for url in differ:
            mine: dict[str, Any] = dict(answers.get(url) or ())
            theirs: dict[str, Any] = dict(reference.get(url) or ())
            members = sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))
            note = f"differs in {', '.join(members) or 'all'}"
            results[name].notes[f"answer to `{url}`"] = note
    print("| " + " | ".join(cells) + " |")
    print()
    for name, measured in results.items():
        for key, note in measured.notes.items():
            if note:
                print(f"- {name}, {labels.get(key, key)}: {note}")


COUNTS = (
    "requests answered",
    "throughput, requests/s",
    "errors (not 429)",
    "429 Too Many Requests",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--source", type=Path, required=True, help="a store `make run` built (only read)"
    )
    parser.add_argument(
        "--work", type=Path, help="keep the prepared copy and its dump here, reused next time"
    )
    parser.add_argument("--quick", action="store_true", help="10 s load runs, one repeat")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each load run")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--runs", type=int, default=5, help="repeats of the repeated rows")
    parser.add_argument(
        "--query-timeout",
        type=int,
        default=60,
        help="PACTGRAPH_QUERY_TIMEOUT of the servers (the remote store waits 3x) and "
        "Virtuoso's MaxQueryExecutionTime",
    )
    parser.add_argument(
        "--limit", type=float, default=1800.0, help="seconds any one load step may take"
    )
    parser.add_argument("--stores", default=",".join(STORES), help="a subset, comma-separated")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.runs = 10.0, 1
    chosen = [name for name in STORES if name in args.stores.split(",")]
    if "Virtuoso 7" in chosen and virtuoso_binary() is None:
        parser.error("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    with tempfile.TemporaryDirectory(prefix="pactgraph-stores-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        dump, quads = nquads(prepared_copy(args.source, work), work)
        print(
            f"{dt.datetime.now():%Y-%m-%d %H:%M}; {os.cpu_count()} cores; "
            f"load average {_load_average()}; {quads:,} quads; {args.clients} clients, "
            f"{args.seconds:.0f} s load runs; PACTGRAPH_QUERY_TIMEOUT={args.query_timeout}\n"
        )
        results: dict[str, Measured] = {}
        for name in chosen:
            measured = results[name] = Measured()
            if name == "embedded":
                opened = embedded(work, dump, args.limit, measured)
            elif name == "oxigraph serve":
                opened = oxigraph(work, dump, args.limit, measured)
            else:
                opened = virtuoso(work, dump, args.limit, args.query_timeout, measured)
            try:
                with opened as settings:
                    measure_store(name, settings, args, work, measured)
            except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
                measured.notes["failed"] = f"{type(exc).__name__}: {exc}"
            print(f"{name} done; load average {_load_average()}", file=sys.stderr)
        print_side_by_side(results, quads)
        print(f"\nload average at the end: {_load_average()}")


def _load_average() -> str:
    with suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "n/a"


if __name__ == "__main__":
    main()
