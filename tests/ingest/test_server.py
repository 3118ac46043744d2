"""The write path through a real `pactgraph serve` process on an on-disk store.

Durability (kill -9 in the middle of a large ingest), concurrency (parallel ingests and reads),
the body limit while streaming, and README's curl example, all over loopback HTTP.
"""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from pyoxigraph import RdfFormat

from app.ingest.batch import BATCH_GRAPH_PREFIX, find_batch, parse_batch
from app.ingest.checks import context_triples, rdflib_graph
from app.ingest.formats import BY_MEDIA_TYPE
from app.ingest.identity import batch_key
from app.ingest.validate import validate
from app.ingest.writes import derived_is_stale
from app.store import EmbeddedStore
from tests.ingest.conftest import AUTH, TOKEN, prepare, readme_example
from tests.oxigraph_server import free_port

BODY_LIMIT = 8 * 1024 * 1024


class Served:
    """One `pactgraph serve` process over one store directory; restartable."""

    def __init__(self, store_dir: Path, store: str | None = None) -> None:
        self.store_dir = store_dir
        #: What PACTGRAPH_STORE says: the directory, or a remote store's URL.
        self.store = store or str(store_dir)
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log = store_dir.parent / f"serve-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PACTGRAPH_STORE": self.store,
            "PACTGRAPH_TOKEN": TOKEN,
            "PACTGRAPH_DATASETS": "",
            "PACTGRAPH_LOG_LEVEL": "warning",
            "PACTGRAPH_MAX_BODY_BYTES": str(BODY_LIMIT),
        }
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "app.cli", "serve", "--port", str(self.port)],
                env=env,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"pactgraph serve exited: {self.log.read_text()[-2000:]}")
            time.sleep(0.1)
        raise RuntimeError("pactgraph serve did not answer within 120 s")

    def kill(self) -> None:
        """SIGKILL: no shutdown hook runs, nothing is flushed by the process."""
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


def _served(tmp_path: Path) -> Served:
    store_dir = tmp_path / "store"
    store = EmbeddedStore(store_dir)
    prepare(store)  # ontology and test states, before the server holds the lock
    store.close()
    return Served(store_dir)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    served = _served(tmp_path_factory.mktemp("served"))
    served.start()
    yield served
    served.stop()


def _marked(tag: str, size: int) -> bytes:
    """A batch of ``size`` triples, each carrying the marker ``tag``."""
    return b"".join(
        f'<http://example.org/{tag}/{i}> <http://example.org/marker> "{tag}" .\n'.encode()
        for i in range(size)
    )


def _batch_id(body: bytes) -> str:
    return batch_key(parse_batch(body, RdfFormat.N_TRIPLES), body, RdfFormat.N_TRIPLES).id


def _count(client: httpx.Client, batch_id: str) -> int:
    response = client.get(f"/api/v1/ingest/{batch_id}/content")
    if response.status_code == 404:
        return 0
    response.raise_for_status()
    return len(response.content.splitlines())


def _post_raw(port: int, body: bytes) -> socket.socket:
    """Send a whole ingest request without waiting for the answer."""
    sock = socket.create_connection(("127.0.0.1", port))
    head = (
        "POST /api/v1/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {TOKEN}\r\nContent-Type: application/n-triples\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    sock.sendall(head.encode() + body)
    return sock


def test_kill_9_mid_ingest_leaves_the_batch_whole_or_absent(tmp_path: Path) -> None:
    served = _served(tmp_path)
    served.start()
    size = 15_000  # about 1.1 MB of N-Triples
    earlier, doomed = _marked("earlier", size), _marked("doomed", size)
    try:
        with httpx.Client(base_url=served.url, timeout=120) as client:
            # A first small batch loads the shapes, so the timing below is of a batch alone.
            _, payload = readme_example()
            warm = client.post(
                "/api/v1/ingest", content=payload, headers={**AUTH, "Content-Type": "text/turtle"}
            )
            assert warm.status_code == 201, warm.text
            started = time.monotonic()
            response = client.post(
                "/api/v1/ingest",
                content=earlier,
                headers={**AUTH, "Content-Type": "application/n-triples"},
            )
            full_ingest = time.monotonic() - started
            assert response.status_code == 201, response.text
        sock = _post_raw(served.port, doomed)
        time.sleep(full_ingest / 2)  # kill it half-way through the time a whole ingest takes
        served.kill()
        sock.close()
        served.start()
        with httpx.Client(base_url=served.url, timeout=120) as client:
            assert _count(client, _batch_id(earlier)) == size
            assert _count(client, _batch_id(doomed)) in (0, size)
            listed = [b["id"] for b in client.get("/api/v1/ingest").json()]
            assert listed.count(_batch_id(earlier)) == 1
            assert listed.count(_batch_id(doomed)) <= 1
    finally:
        served.stop()
    _assert_batches_conform(served.store_dir)


def _assert_batches_conform(store_dir: Path) -> None:
    """Every batch graph passes the shapes, read with what it refers to in the store."""
    store = EmbeddedStore(store_dir)
    try:
        data = [
            quad.triple
            for quad in store.quads()
            if quad.graph_name.value.startswith(BATCH_GRAPH_PREFIX)  # type: ignore[union-attr]
        ]
        found = validate(rdflib_graph(data), rdflib_graph(context_triples(store, data)))
        assert [v for v in found if v.severity == "Violation"] == []
    finally:
        store.close()


def test_parallel_ingests_and_reads_never_see_half_a_batch(server: Served) -> None:
    writers, per_writer, size = 3, 4, 40
    bodies = {
        w: [_marked(f"parallel-{w}-{b}", size) for b in range(per_writer)] for w in range(writers)
    }
    shared = _marked("parallel-shared", size)  # every writer posts it: exactly one 201
    ids = [_batch_id(body) for batch in bodies.values() for body in batch] + [_batch_id(shared)]
    done = threading.Event()
    seen: list[int] = []

    def write(w: int) -> list[int]:
        statuses = []
        with httpx.Client(base_url=server.url, timeout=120) as client:
            for body in [*bodies[w], shared]:
                response = client.post(
                    "/api/v1/ingest",
                    content=body,
                    headers={**AUTH, "Content-Type": "application/n-triples"},
                )
                statuses.append(response.status_code)
        return statuses

    def read() -> None:
        with httpx.Client(base_url=server.url, timeout=120) as client:
            for _ in range(200):  # bounded, whatever the writers do
                if done.is_set():
                    return
                for batch_id in ids:
                    seen.append(_count(client, batch_id))

    with ThreadPoolExecutor(max_workers=writers + 2) as pool:
        readers = [pool.submit(read) for _ in range(2)]
        results = [pool.submit(write, w) for w in range(writers)]
        statuses = [s for r in results for s in r.result()]
        done.set()
        for r in readers:
            r.result()
    assert statuses.count(201) == writers * per_writer + 1
    assert statuses.count(200) == writers - 1
    assert set(seen) <= {0, size} and size in seen
    with httpx.Client(base_url=server.url, timeout=120) as client:
        listed = [b["id"] for b in client.get("/api/v1/ingest").json()]
        assert all(listed.count(batch_id) == 1 for batch_id in ids)
        assert all(_count(client, batch_id) == size for batch_id in ids)


def test_oversized_body_is_refused_while_it_streams(server: Served) -> None:
    chunk = b"#" * (64 * 1024 - 1) + b"\n"
    limit_chunks = BODY_LIMIT // len(chunk)
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    sock.sendall(
        (
            "POST /api/v1/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {TOKEN}\r\nContent-Type: text/turtle\r\n"
            "Transfer-Encoding: chunked\r\n\r\n"
        ).encode()
    )
    sent = 0
    try:
        for _ in range(limit_chunks * 4):  # bounded: four times the limit at most
            if select.select([sock], [], [], 0)[0]:
                break  # the server answered before the body ended
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += 1
    except OSError:
        pass  # the server closed the connection after answering
    answer = sock.recv(65536).decode(errors="replace")
    sock.close()
    assert answer.startswith("HTTP/1.1 413")
    assert sent < limit_chunks * 4


def test_readme_curl_example_adds_the_mou_once(server: Served) -> None:
    command, payload = readme_example()
    command = command.replace("http://127.0.0.1:8000", server.url).replace(
        "curl -sS", "curl -sS -w '\\n%{http_code}'", 1
    )
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PACTGRAPH_TOKEN": TOKEN}
    outputs = []
    for _ in range(2):
        run = subprocess.run(
            ["bash", "-c", command], capture_output=True, text=True, env=env, check=True
        )
        body, status = run.stdout.rsplit("\n", 1)
        outputs.append((int(status), json.loads(body)))
    (first_status, first), (second_status, second) = outputs
    assert (first_status, second_status) == (201, 200)
    assert first == second and first["author"] == "default"
    assert (
        first["id"]
        == batch_key(parse_batch(payload, RdfFormat.TURTLE), payload, RdfFormat.TURTLE).id
    )
    assert first["label"] == "ROK-Thailand intelligence MOU"


# Issue 13: hostile bodies must neither freeze nor crash the served process, and a kill -9
# between a write and its derived-data refresh must be repaired at the next start.

HEALTH_WITHIN = 2.0  # seconds a parallel /health may take while a hostile body is handled


def _post_while_probing(served: Served, body: bytes, content_type: str) -> int:
    """POST ``body`` to ingest while /health is asked in a loop; each answer within 2 s."""
    status: list[int] = []

    def post() -> None:
        with httpx.Client(base_url=served.url, timeout=300) as client:
            response = client.post(
                "/api/v1/ingest", content=body, headers={**AUTH, "Content-Type": content_type}
            )
            status.append(response.status_code)

    thread = threading.Thread(target=post)
    thread.start()
    with httpx.Client(base_url=served.url, timeout=HEALTH_WITHIN) as probe:
        while thread.is_alive():
            assert probe.get("/health").status_code == 200  # a timeout raises: a freeze
            time.sleep(0.05)
    thread.join()
    assert served.process is not None and served.process.poll() is None, "the server died"
    return status[0]


def _version(served: Served) -> tuple[int, str]:
    health = httpx.get(served.url + "/health", timeout=30).json()
    return health["triples"], health["data_version"]


@pytest.mark.parametrize(
    "case", ["blank chain 400", "json-ld nested 5000", "json-ld nested 1500", "entity expansion"]
)
def test_hostile_bodies_of_the_issue_neither_freeze_nor_crash(server: Served, case: str) -> None:
    from tests.ingest.test_limits import blank_chain, entity_bomb, nested_jsonld

    body, content_type = {
        "blank chain 400": (blank_chain(400), "application/n-triples"),
        "json-ld nested 5000": (nested_jsonld(5000), "application/ld+json"),
        "json-ld nested 1500": (nested_jsonld(1500), "application/ld+json"),
        "entity expansion": (entity_bomb(), "application/rdf+xml"),
    }[case]
    before = _version(server)
    status = _post_while_probing(server, body, content_type)
    if case == "blank chain 400":
        assert status in (200, 201)  # harmless facts: accepted, keyed by the body's bytes
    else:
        assert status == 422
        assert _version(server) == before


_P = "http://example.org/p"


@st.composite
def hostile_bodies(draw: st.DrawFn) -> tuple[bytes, str]:
    """Random nesting, blank-node chains and cycles, entities, triple terms, in mixed formats."""
    kind = draw(st.sampled_from(["json", "xml", "chain", "entities", "terms", "bytes"]))
    depth = draw(st.integers(0, 3000))
    if kind == "json":
        opens = draw(st.lists(st.sampled_from(['{"' + _P + '":', "["]), min_size=depth // 10))
        closes = "".join("}" if o.startswith("{") else "]" for o in reversed(opens))
        return ("".join(opens) + '"v"' + closes).encode(), "application/ld+json"
    if kind == "xml":
        from tests.ingest.test_limits import nested_rdfxml

        return nested_rdfxml(depth), "application/rdf+xml"
    if kind == "chain":
        cycle = draw(st.booleans())
        lines = [
            f"_:b{i} <{_P}> _:b{(i + 1) % depth if cycle else i + 1} ." for i in range(depth // 5)
        ]
        media = draw(st.sampled_from(["application/n-triples", "text/turtle"]))
        return "\n".join(lines).encode(), media
    if kind == "entities":
        from tests.ingest.test_limits import entity_bomb

        return entity_bomb(draw(st.integers(1, 9))), "application/rdf+xml"
    if kind == "terms":
        from tests.ingest.test_limits import nested_triple_terms

        media = draw(st.sampled_from(["text/turtle", "application/n-triples", "application/trig"]))
        return nested_triple_terms(depth), media
    media = draw(st.sampled_from(sorted(BY_MEDIA_TYPE)))
    return draw(st.binary(max_size=2000)), media


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(hostile_bodies())
def test_fuzzed_bodies_never_5xx_freeze_or_change_the_store_when_refused(
    server: Served, case: tuple[bytes, str]
) -> None:
    body, content_type = case
    before = _version(server)
    status = _post_while_probing(server, body, content_type)
    assert status < 500
    if status >= 400:
        assert _version(server) == before


def _variant(attempt: int) -> tuple[bytes, str]:
    """README's MOU under another IRI (new content each attempt) and its agreement IRI."""
    _, payload = readme_example()
    name = f"kor-tha-intelligence-mou-2019-crash-{attempt}"
    body = payload.replace(b"kor-tha-intelligence-mou-2019-readme", name.encode())
    return body, f"https://w3id.org/pactgraph/id/agreement/{name}"


def _has_periods(served: Served, agreement: str) -> bool:
    query = f"ASK {{ <{agreement}> <https://w3id.org/pactgraph/ontology#statusPeriod> ?p }}"
    response = httpx.get(
        served.url + "/sparql",
        params={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    return bool(response.json()["boolean"])


def test_kill_9_between_write_and_refresh_is_repaired_at_start(tmp_path: Path) -> None:
    served = _served(tmp_path)
    served.start()
    hit = False
    try:
        for attempt in range(6):  # the window is a refresh long; a poll usually lands in it
            body, agreement = _variant(attempt)
            batch_id = batch_key(parse_batch(body, RdfFormat.TURTLE), body, RdfFormat.TURTLE).id
            sock = socket.create_connection(("127.0.0.1", served.port))
            head = (
                "POST /api/v1/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                f"Authorization: Bearer {TOKEN}\r\nContent-Type: text/turtle\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            )
            sock.sendall(head.encode() + body)
            with httpx.Client(base_url=served.url, timeout=30) as client:
                deadline = time.monotonic() + 120
                while client.get(f"/api/v1/ingest/{batch_id}").status_code != 200:
                    assert time.monotonic() < deadline
                    time.sleep(0.002)
            served.kill()  # the batch is in; its refresh may still be running
            sock.close()
            store = EmbeddedStore(served.store_dir)
            try:
                hit = derived_is_stale(store) and find_batch(store, batch_id) is not None
            finally:
                store.close()
            served.start()
            if hit:
                break
        assert hit, "no kill landed between a write and its refresh in 6 attempts"
        assert _has_periods(served, agreement)
        with httpx.Client(base_url=served.url, timeout=120) as client:
            again = client.post(
                "/api/v1/ingest", content=body, headers={**AUTH, "Content-Type": "text/turtle"}
            )
            assert again.status_code == 200 and again.json()["id"] == batch_id
    finally:
        served.stop()
