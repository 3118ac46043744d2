"""Two `pactgraph serve` processes over one `oxigraph serve` answer consistently while one ingests.

Nothing is shared between the processes but the store: the data version lives in the store's
meta graph and every cache and ETag keys on it, read per request. So once process A has
answered an ingest, process B serves the new data version, the new batch, and new ETags; and
while A writes, B never pairs an old data version with new data (each version B reports is one
A produced, in A's order). The one window: while A writes, B may see the new batch under the
previous version (the version is bumped when the write is complete), never the reverse.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import httpx
import pytest

from app.config import PROJECT_ROOT
from app.ingest.bundle import ensure_bundle
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
