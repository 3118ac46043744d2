"""Attacks on /sparql against a real ``pactgraph serve`` process (issue 13's probe, row by row).

A loopback listener counts the connections the server makes: every SERVICE and LOAD variant
must be refused (403, the client's fault) and the count must stay 0. Updates may not write the
graphs pactgraph maintains, a runaway update is stopped at the query timeout without reaching
the live store, one client cannot hold every query worker, and a worker's death is answered
503 (ours). Two client addresses (127.0.0.1 and 127.0.0.2, both loopback) stand for two clients.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pyoxigraph import NamedNode, Quad, Store

from app.errors import StoreUnavailable
from app.graphs import PROVENANCE_GRAPH
from app.sparql.results import Job
from app.sparql.workers import NO_WALL, SnapshotManager, WorkerPool
from tests.live_server import serve_process
from tests.sparql.test_timeout import RUNAWAY, worker_pids

TOKEN = "attack-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
LIMIT_S = 3
UPDATE = {"Content-Type": "application/sparql-update", **AUTH}
MINE = "http://example.org/attacks/mine"


class Listener:
    """A loopback TCP server that counts the connections made to it."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.count = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.count += 1
            connection.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.socket.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    store = tmp_path_factory.mktemp("attacks") / "store"
    with serve_process(store, token=TOKEN, query_timeout=str(LIMIT_S)) as (url, process):
        yield url, process.pid


def client(address: str = "127.0.0.1") -> httpx.Client:
    """An HTTP client whose requests come from ``address`` (a loopback address)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60)


def service_variants(target: str) -> list[str]:
    host = target.removeprefix("http://").rstrip("/")
    escaped = "".join(f"\\u{ord(c):04X}" for c in "SERVICE")
    return [
        # The probe's bypass: `\u0041#` once hid the rest of the line from the tokenizer.
        f"SELECT * WHERE {{ VALUES ?z {{ <http://x/\\u0041#> }}SERVICE<{target}>{{?a ?b ?c}} }}",
        f"SELECT * WHERE {{ {escaped} <{target}> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ \\U00000053ERVICE <{target}> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ SERVICE <http://{host}/\\u0023> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ # a comment\nSERVICE\n<{target}>\n{{ ?a ?b ?c }} }}",
        f"PREFIX s: <{target}> SELECT * WHERE {{ SERVICE s: {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ BIND(<{target}> AS ?x) SERVICE ?x {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ {{ SELECT * {{ SERVICE <{target}> {{ ?a ?b ?c }} }} }} }}",
        f"ASK {{ FILTER EXISTS {{ SERVICE <{target}> {{ ?a ?b ?c }} }} }}",
    ]


def load_variants(target: str) -> list[str]:
    return [
        f"LOAD <{target}>",
        "LOAD <file:///etc/passwd>",
        f"LOAD SILENT <{target}> INTO GRAPH <{MINE}>",
        f"INSERT DATA {{ <http://x/\\u0041#> <http://x/p> 1 }} ;\nLOAD <{target}>",
        f"\\u004cOAD <{target}>",
        f"DELETE {{ ?a ?b ?c }} WHERE {{ SERVICE <{target}> {{ ?a ?b ?c }} }}",
    ]


def assert_problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, object] = response.json()
    return problem


def test_every_service_variant_is_refused_and_never_connects(
    server: tuple[str, int], listener: Listener
) -> None:
    url, _ = server
    with client() as http:
        for query in service_variants(listener.url):
            by_get = http.get(f"{url}/sparql", params={"query": query})
            assert assert_problem(by_get, 403)["keyword"] == "SERVICE", query
            by_post = http.post(
                f"{url}/sparql",
                content=query,
                headers={"Content-Type": "application/sparql-query"},
            )
            assert_problem(by_post, 403)
    assert listener.count == 0


def test_every_load_variant_is_refused_and_never_connects(
    server: tuple[str, int], listener: Listener
) -> None:
    url, _ = server
    with client() as http:
        for update in load_variants(listener.url):
            response = http.post(f"{url}/sparql", content=update, headers=UPDATE)
            assert_problem(response, 403)
    assert listener.count == 0


def test_nested_braces_and_oversized_texts_are_refused_and_the_server_lives(
    server: tuple[str, int],
) -> None:
    url, _ = server
    nested = "INSERT DATA " + "{" * 30_000 + "}" * 30_000  # the probe's 60 KB segfault
    with client() as http:
        deep = assert_problem(http.post(f"{url}/sparql", content=nested, headers=UPDATE), 400)
        assert deep["limit"] == "PACTGRAPH_SPARQL_MAX_DEPTH"
        query = "SELECT * WHERE " + "{" * 5000 + "}" * 5000
        assert_problem(http.get(f"{url}/sparql", params={"query": query}), 400)
        big = "ASK {}" + " " * 200_000
        too_big = http.post(
            f"{url}/sparql", content=big, headers={"Content-Type": "application/sparql-query"}
        )
        assert assert_problem(too_big, 413)["limit"] == "PACTGRAPH_SPARQL_MAX_BYTES"
        assert http.get(f"{url}/health").status_code == 200


@pytest.mark.parametrize(
    ("update", "member"),
    [
        (f"DROP GRAPH <{PROVENANCE_GRAPH.value}>", "graph"),
        ("DROP ALL", "operation"),
        ("CLEAR NAMED", "operation"),
        ("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", "operation"),
        (
            "PREFIX g: <https://w3id.org/pactgraph/id/graph/> "
            "WITH g:derived DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
            "graph",
        ),
    ],
)
def test_updates_may_not_write_maintained_graphs(
    server: tuple[str, int], update: str, member: str
) -> None:
    url, _ = server
    with client() as http:
        before = http.get(f"{url}/store", params={"graph": PROVENANCE_GRAPH.value})
        assert member in assert_problem(
            http.post(f"{url}/sparql", content=update, headers=UPDATE), 403
        )
        after = http.get(f"{url}/store", params={"graph": PROVENANCE_GRAPH.value})
    assert after.status_code == before.status_code and after.content == before.content


def test_a_runaway_update_is_stopped_and_rolled_back_without_holding_other_writers(
    server: tuple[str, int],
) -> None:
    url, _ = server
    # Updates read the default graph, not the union: the cross product names the graphs.
    patterns = " ".join(f"GRAPH ?g{n} {{ ?s{n} ?p{n} ?o{n} }}" for n in range(4))
    runaway = (
        f"INSERT {{ GRAPH <{MINE}/runaway> {{ <http://x/s> <http://x/n> ?n }} }} "
        f"WHERE {{ SELECT (COUNT(*) AS ?n) WHERE {{ {patterns} }} }}"
    )
    answers: dict[str, httpx.Response] = {}

    def send(name: str, address: str, update: str) -> None:
        with client(address) as http:
            answers[name] = http.post(f"{url}/sparql", content=update, headers=UPDATE)

    slow = threading.Thread(target=send, args=("runaway", "127.0.0.1", runaway))
    slow.start()
    threading.Event().wait(0.5)  # let the runaway take the write lock
    small = f"INSERT DATA {{ GRAPH <{MINE}> {{ <http://x/s> <http://x/p> 1 }} }}"
    send("small", "127.0.0.2", small)
    slow.join(60)
    problem = assert_problem(answers["runaway"], 503)
    assert problem["title"] == "Query timeout" and "update" in str(problem["detail"])
    assert answers["small"].status_code == 204
    with client() as http:
        gone = http.get(f"{url}/store", params={"graph": f"{MINE}/runaway"})
        kept = http.get(f"{url}/store", params={"graph": MINE})
    assert gone.status_code == 404 and kept.status_code == 200


def test_one_client_cannot_hold_every_worker(server: tuple[str, int]) -> None:
    url, _ = server
    first: dict[str, httpx.Response] = {}

    def runaway() -> None:
        with client("127.0.0.1") as http:
            first["response"] = http.get(f"{url}/sparql", params={"query": RUNAWAY})

    thread = threading.Thread(target=runaway)
    thread.start()
    threading.Event().wait(0.5)
    with client("127.0.0.1") as same, client("127.0.0.2") as other:
        refused = same.get(f"{url}/sparql", params={"query": "ASK {}"})
        answered = other.get(f"{url}/sparql", params={"query": "ASK {}"})
    thread.join(60)
    problem = assert_problem(refused, 429)
    assert refused.headers["retry-after"] == str(LIMIT_S)
    assert problem["limit"] == "PACTGRAPH_SPARQL_PER_CLIENT"
    assert answered.status_code == 200
    assert_problem(first["response"], 503)


def test_a_worker_crash_answers_503(server: tuple[str, int]) -> None:
    url, pid = server
    answer: dict[str, httpx.Response] = {}

    def runaway() -> None:
        with client() as http:
            answer["response"] = http.get(f"{url}/sparql", params={"query": RUNAWAY})

    with client() as http:  # both workers exist before the runaway starts
        assert http.get(f"{url}/sparql", params={"query": "ASK {}"}).status_code == 200
    thread = threading.Thread(target=runaway)
    thread.start()
    threading.Event().wait(1)
    for worker in worker_pids(pid):
        os.kill(worker, signal.SIGKILL)
    thread.join(60)
    problem = assert_problem(answer["response"], 503)
    assert problem["title"] == "Store unavailable"


def test_cors_matches_exact_paths(server: tuple[str, int]) -> None:
    url, _ = server
    origin = {"Origin": "https://elsewhere.example"}
    with client() as http:
        allowed = http.get(f"{url}/sparql", params={"query": "ASK {}"}, headers=origin)
        other = http.get(f"{url}/sparqlx", headers=origin)
    assert allowed.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-origin" not in other.headers


@pytest.mark.parametrize("body", ["query=ASK%20%7B%7D", "ASK {}", "update=CLEAR%20NAMED"])
def test_post_without_a_media_type_is_refused(server: tuple[str, int], body: str) -> None:
    url, _ = server
    with client() as http:
        # httpx sends no Content-Type for raw bytes (curl -d would add a form type).
        response = http.post(f"{url}/sparql", content=body.encode(), headers=AUTH)
    assert_problem(response, 415)


def test_query_workers_cannot_open_connections(tmp_path: Path) -> None:
    """The second wall: a worker asked to run SERVICE directly (no check) reaches nothing."""
    store = Store(str(tmp_path / "store"))
    store.add(Quad(NamedNode("http://x/s"), NamedNode("http://x/p"), NamedNode("http://x/o")))
    snapshots = SnapshotManager(store, tmp_path / "store")
    counts = {}
    try:
        for isolate in (True, False):
            listener = Listener()
            job = Job(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
            pool = WorkerPool(1, isolate=isolate)
            try:
                with pytest.raises(StoreUnavailable):
                    pool.run(snapshots.current("v1"), job, 20)
                counts[isolate] = (listener.count, pool.wall)
            finally:
                pool.close()
                listener.socket.close()
    finally:
        snapshots.close()
    assert counts[True] == (0, "network namespace")  # tests run as root here
    assert counts[False][0] >= 1 and counts[False][1] == NO_WALL  # the listener does count
