"""The query timeout with real processes: a runaway query is stopped, everything else answers.

The embedded case runs ``pactgraph serve`` as a real uvicorn process: a cross-product query
that produces no row is sent, and while it runs /health and a small query are answered; the
runaway then gets 503 and the worker that ran it is gone (killed, not abandoned). The remote
case runs a real ``oxigraph serve --timeout-s`` behind the app.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from pyoxigraph import NamedNode, Quad

from app.api import create_app
from app.config import Settings
from app.store import RemoteStore
from tests.live_server import serve_process
from tests.oxigraph_server import OxigraphServer

LIMIT_S = 3
# Four unconstrained patterns over a few thousand triples: ~10^14 combinations, no row for ever.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SMALL = "SELECT ?g WHERE { GRAPH ?g { } } LIMIT 1"


def filler(n: int = 2000) -> list[Quad]:
    graph = NamedNode("http://example.org/graph/filler")
    return [
        Quad(NamedNode(f"http://example.org/s{i}"), NamedNode("http://example.org/p"),
             NamedNode(f"http://example.org/o{i}"), graph)
        for i in range(n)
    ]  # fmt: skip


def worker_pids(parent: int) -> set[int]:
    """Query workers started by process ``parent`` (read from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == parent and b"app.sparql.workers" in cmdline:
            found.add(int(entry.name))
    return found


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    data = tmp_path / "filler.nt"
    data.write_text(
        "".join(
            f"<{q.subject.value}> <{q.predicate.value}> <{q.object.value}> .\n" for q in filler()
        )
    )
    store = tmp_path / "store"
    env = {**os.environ, "PACTGRAPH_STORE": str(store)}
    subprocess.run([sys.executable, "-m", "app.cli", "load", str(data)], env=env, check=True)
    # The runaway and the small query come from one address: let it run both.
    with serve_process(store, query_timeout=str(LIMIT_S), sparql_per_client="2") as served:
        yield served


def test_runaway_query_is_stopped_while_the_service_keeps_answering(
    server: tuple[str, subprocess.Popen[bytes]],
) -> None:
    url, process = server
    # Warm the worker pool, so both workers exist before the runaway starts.
    assert httpx.get(f"{url}/sparql", params={"query": SMALL}, timeout=30).status_code == 200
    workers_before = worker_pids(process.pid)
    assert len(workers_before) == 2
    outcome: dict[str, httpx.Response] = {}
    done = threading.Event()

    def runaway() -> None:
        outcome["response"] = httpx.get(f"{url}/sparql", params={"query": RUNAWAY}, timeout=60)
        done.set()

    thread = threading.Thread(target=runaway)
    thread.start()
    done.wait(0.5)  # let the runaway reach its worker
    health = httpx.get(f"{url}/health", timeout=30)
    small = httpx.get(f"{url}/sparql", params={"query": SMALL}, timeout=30)
    still_running = not done.is_set()
    thread.join(60)

    assert health.status_code == 200
    assert small.status_code == 200 and small.json()["results"]["bindings"]
    assert still_running, "the small requests must have been answered during the runaway"
    response = outcome["response"]
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "Query timeout"
    assert f"limit of {LIMIT_S} s" in problem["detail"] and "Narrow the query" in problem["detail"]
    # The worker that ran it was killed, not left computing.
    assert len(workers_before - worker_pids(process.pid)) == 1
    again = httpx.get(f"{url}/sparql", params={"query": SMALL}, timeout=30)
    assert again.status_code == 200


@pytest.mark.remote
def test_remote_store_query_times_out_with_503(tmp_path: Path) -> None:
    server = OxigraphServer(tmp_path / "ox", timeout_s=LIMIT_S + 2)
    server.start()
    try:
        store = RemoteStore(server.url)
        store.add_quads(filler())
        settings = Settings(store=server.url, query_timeout=LIMIT_S)
        with TestClient(create_app(settings, store=store)) as client:
            response = client.get("/sparql", params={"query": RUNAWAY})
            assert response.status_code == 503
            assert "Narrow the query" in response.json()["detail"]
            assert client.get("/sparql", params={"query": SMALL}).status_code == 200
        store.close()
    finally:
        server.stop()
