"""GET /health on both store kinds, and a remote store that goes away and comes back."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.config import Settings
from app.store import RemoteStore, Store
from tests.oxigraph_server import OxigraphServer


def test_health_reports_store_kind_triples_and_version(store: Store) -> None:
    with TestClient(create_app(Settings(store="memory"), store=store)) as client:
        response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["store"] == store.kind
    assert body["triples"] == store.triple_count() > 0
    assert body["data_version"] == store.data_version != "empty"


def test_unknown_route_is_a_problem_document() -> None:
    with TestClient(create_app(Settings(store="memory"))) as client:
        response = client.get("/no/such/thing")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["instance"] == "/no/such/thing"


@pytest.mark.remote
def test_remote_store_down_gives_503_and_recovers(tmp_path: Path) -> None:
    server = OxigraphServer(tmp_path / "ox")
    server.start()
    try:
        settings = Settings(store=server.url)
        with TestClient(create_app(settings)) as client:
            assert client.get("/health").status_code == 200
            server.stop()
            down = client.get("/health")
            assert down.status_code == 503
            assert down.headers["content-type"] == "application/problem+json"
            assert "did not answer" in down.json()["detail"]
            server.start()
            up = client.get("/health")
            assert up.status_code == 200
            assert up.json()["triples"] > 0
    finally:
        server.stop()


def test_service_starts_while_remote_store_is_down(tmp_path: Path) -> None:
    server = OxigraphServer(tmp_path / "ox")  # never started
    with TestClient(create_app(Settings(store=server.url))) as client:
        assert client.get("/health").status_code == 503
    assert isinstance(RemoteStore(server.url), Store)
