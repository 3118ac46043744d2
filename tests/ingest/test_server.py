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
from pyoxigraph import RdfFormat

from app.ingest.batch import (
    BATCH_GRAPH_PREFIX,
    batch_hash,
    context_triples,
    parse_batch,
    rdflib_graph,
)
from app.ingest.validate import validate
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
    return batch_hash(parse_batch(body, RdfFormat.N_TRIPLES))[:16]


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
    assert first["id"] == batch_hash(parse_batch(payload, RdfFormat.TURTLE))[:16]
    assert first["label"] == "ROK-Thailand intelligence MOU"
