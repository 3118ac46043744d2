"""Two `pactgraph serve` processes over one `oxigraph serve` answer consistently while one ingests.

Nothing is shared between the processes but the store: the data version lives in the store's
meta graph and every cache and ETag keys on it, read per request. So once process A has
answered an ingest, process B serves the new data version, the new batch, and new ETags; and
while A writes, B never pairs an old data version with new data (each version B reports is one
A produced, in A's order). The one window: while A writes, B may see the new batch under the
previous version (the version is bumped when the write is complete), never the reverse.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from app.config import PROJECT_ROOT
from app.ingest.bundle import ensure_bundle
from app.ingest.writes import RETRY_AFTER_S, WRITE_LEASE, derived_is_stale, write_lock
from app.store import RemoteStore
from tests.ingest.conftest import AUTH, TOKEN
from tests.ingest.test_server import Served, _batch_id, _marked
from tests.oxigraph_server import OxigraphServer

BATCHES = 4


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, Served]]:
    directory = tmp_path_factory.mktemp("two")
    server = OxigraphServer(directory / "oxigraph")
    server.start()
    store = RemoteStore(server.url)
    ensure_bundle(store, PROJECT_ROOT)  # loaded once, so neither process loads it at start
    store.close()
    first = Served(directory / "first", store=server.url)
    second = Served(directory / "second", store=server.url)
    try:
        first.start()
        second.start()
        yield first, second
    finally:
        first.stop()
        second.stop()
        server.stop()


def test_second_process_serves_what_the_first_ingests(pair: tuple[Served, Served]) -> None:
    writer, reader = pair
    assert TOKEN
    seen: list[tuple[str, int]] = []  # (data version, batches listed), read under one version
    done = threading.Event()

    def poll() -> None:
        with httpx.Client(base_url=reader.url, timeout=30) as client:
            while not done.is_set():
                version = client.get("/health").json()["data_version"]
                batches = len(client.get("/api/v1/ingest").json())
                if client.get("/health").json()["data_version"] == version:
                    seen.append((version, batches))

    watcher = threading.Thread(target=poll)
    watcher.start()
    produced: list[str] = []
    try:
        with (
            httpx.Client(base_url=writer.url, timeout=60) as w,
            httpx.Client(base_url=reader.url, timeout=30) as r,
        ):
            before = r.get("/api/v1/states/KOR")
            for i in range(BATCHES):
                body = _marked(f"two-{i}", 200)
                response = w.post(
                    "/api/v1/ingest",
                    content=body,
                    headers={**AUTH, "Content-Type": "application/n-triples"},
                )
                assert response.status_code == 201, response.text
                version = w.get("/health").json()["data_version"]
                produced.append(version)
                # Read-your-writes across processes: B has the batch and the version at once.
                assert r.get("/health").json()["data_version"] == version
                content = r.get(f"/api/v1/ingest/{_batch_id(body)}/content")
                assert len(content.content.splitlines()) == 200
            after = r.get("/api/v1/states/KOR", headers={"If-None-Match": before.headers["ETag"]})
            assert after.status_code == 200, "B's ETag must change with A's writes"
    finally:
        done.set()
        watcher.join(60)
    versions = [v for v, _ in seen]
    assert set(versions) <= {*produced, versions[0]}, "B reported a version A never made"
    order = [v for i, v in enumerate(versions) if i == 0 or v != versions[i - 1]]
    assert order == sorted(order, key=[versions[0], *produced].index)
    # Version i (after batch i) shows i batches, or i + 1 while batch i + 1 is being written:
    # the version is bumped when a write and its derived data are complete (after_write), so
    # for the length of one write the previous version already sees the new batch. Never less.
    index = {v: i for i, v in enumerate([versions[0], *produced])}
    for version, count in seen:
        assert count - index[version] in {0, 1}, (version, count, index[version])


def test_a_write_is_refused_while_another_process_holds_the_write_lease(
    pair: tuple[Served, Served],
) -> None:
    writer, _ = pair
    body = _marked("leased", 3)
    store = RemoteStore(writer.store)
    try:
        with write_lock(store), httpx.Client(base_url=writer.url, timeout=60) as client:
            # This test process writes now: the server's ingest must not start.
            refused = client.post(
                "/api/v1/ingest",
                content=body,
                headers={**AUTH, "Content-Type": "application/n-triples"},
            )
            assert refused.status_code == 409, refused.text
            assert refused.headers["Retry-After"] == str(RETRY_AFTER_S)
            assert f":{os.getpid()}:" in refused.json()["detail"]
            assert client.get(f"/api/v1/ingest/{_batch_id(body)}").status_code == 404
        assert store.meta_values(WRITE_LEASE) == []
        with httpx.Client(base_url=writer.url, timeout=60) as client:
            accepted = client.post(
                "/api/v1/ingest",
                content=body,
                headers={**AUTH, "Content-Type": "application/n-triples"},
            )
            assert accepted.status_code == 201, accepted.text
    finally:
        store.close()


def test_a_lease_left_by_a_dead_process_expires(pair: tuple[Served, Served]) -> None:
    writer, _ = pair
    store = RemoteStore(writer.store)
    try:
        assert store.claim_meta(WRITE_LEASE, f"{int(time.time()) - 1} dead-host:1:0")
        with write_lock(store):
            [held] = store.meta_values(WRITE_LEASE)
            assert "dead-host" not in held
        assert store.meta_values(WRITE_LEASE) == []
    finally:
        store.close()


def test_a_process_takes_back_a_lease_it_left_behind(pair: tuple[Served, Served]) -> None:
    """A store gone mid-write keeps the writer's lease; its own next write must not wait."""
    writer, _ = pair
    store = RemoteStore(writer.store)
    try:
        left = f"{int(time.time()) + 600} {socket.gethostname()}:{os.getpid()}:left"
        assert store.claim_meta(WRITE_LEASE, left)
        with write_lock(store):
            assert left not in store.meta_values(WRITE_LEASE)
        assert store.meta_values(WRITE_LEASE) == []
    finally:
        store.close()


def test_two_processes_writing_at_once_take_turns(pair: tuple[Served, Served]) -> None:
    """Each write is accepted or refused whole; derived data ends computed for the last one."""

    def ingest(target: tuple[Served, int]) -> int:
        served, i = target
        with httpx.Client(base_url=served.url, timeout=60) as client:
            return client.post(
                "/api/v1/ingest",
                content=_marked(f"turns-{served.port}-{i}", 20),
                headers={**AUTH, "Content-Type": "application/n-triples"},
            ).status_code

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(ingest, [(served, i) for i in range(3) for served in pair]))
    assert set(answers) <= {201, 409} and 201 in answers, answers
    store = RemoteStore(pair[0].store)
    try:
        assert store.meta_values(WRITE_LEASE) == []
        assert not derived_is_stale(store)
    finally:
        store.close()
