"""/api/v1/analytics/... and /api/v1/export over real HTTP (ASGI) on the mini graph."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from app.analytics.projection import cache_info
from app.api import create_app
from app.config import Settings
from app.store import EmbeddedStore
from tests.analytics.conftest import ST

SCOPE = {"type": "shares_intelligence_with", "as_of": "2019"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """One app for the module over an embedded store holding the bundled graph (the app loads
    it at start-up); the functions behind these thin routes run on both store kinds in
    tests/analytics."""
    store = EmbeddedStore(tmp_path_factory.mktemp("api") / "store")
    with TestClient(create_app(Settings(store="memory"), store=store)) as test_client:
        yield test_client
    store.close()


def test_hubs_of_intelligence_sharing_in_2019(client: TestClient) -> None:
    body = client.get("/api/v1/analytics/centrality", params={**SCOPE, "limit": 2}).json()
    assert body["as_of"] == "2019-12-31" and body["relations"] == ["shares_intelligence_with"]
    assert body["scores"][0]["state"] == ST + "KOR"
    between = client.get(
        "/api/v1/analytics/centrality", params={**SCOPE, "measure": "betweenness"}
    ).json()
    assert between["measure"] == "betweenness" and len(between["scores"]) <= 10


def test_communities_and_brokers(client: TestClient) -> None:
    body = client.get("/api/v1/analytics/communities", params={"as_of": "2019"}).json()
    assert {m for c in body["communities"] for m in c["members"]} >= {ST + "KOR", ST + "RUS"}
    assert all("held_together_by" in c for c in body["communities"])
    assert isinstance(body["brokers"], list)


def test_path_links_are_explained_by_agreements_and_sources(client: TestClient) -> None:
    body = client.get(
        "/api/v1/analytics/paths", params={"from": "Thailand", "to": "Japan", "as_of": "2019"}
    ).json()
    assert body["hops"] == 2
    first_link = body["chains"][0]["links"][0]
    assert (first_link["source_label"], first_link["target_label"]) == ("Thailand", "South Korea")
    assert first_link["agreements"][0]["sources"][0]["quote"]


def test_alignment_similar_ego_partners_and_diff(client: TestClient) -> None:
    align = client.get("/api/v1/analytics/alignment", params={**SCOPE, "a": "KOR", "b": "JPN"})
    assert ST + "USA" in align.json()["layers"][0]["shared_partners"]
    similar = client.get("/api/v1/analytics/similar", params={**SCOPE, "state": "jpn"}).json()
    scores = [s["score"] for s in similar["similar"]]
    assert scores == sorted(scores, reverse=True)
    ego = client.get("/api/v1/analytics/ego", params={**SCOPE, "state": "RUS", "k": 2}).json()
    assert {n["hops"] for n in ego["nodes"]} == {0, 1, 2}
    partners = client.get(
        "/api/v1/analytics/partners",
        params={**SCOPE, "state": "KOR", "start": 2012, "end": 2019},
    ).json()
    assert (
        partners["series"]["shares_intelligence_with"][0]
        < partners["series"]["shares_intelligence_with"][-1]
    )
    changes = client.get(
        "/api/v1/analytics/diff", params={"type": SCOPE["type"], "from": "2012", "to": "2019"}
    ).json()
    added = {(c["source"], c["target"]) for c in changes["added"]}
    assert (ST + "KOR", ST + "THA") in added


def test_partners_chart_is_svg(client: TestClient) -> None:
    response = client.get(
        "/api/v1/analytics/partners.svg", params={**SCOPE, "state": "KOR", "start": 2012}
    )
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert ET.fromstring(response.text).tag.endswith("svg")


def test_overlay_gives_every_state_a_community_and_a_score(client: TestClient) -> None:
    body = client.get("/api/v1/analytics/overlay", params={**SCOPE, "limit": 1}).json()
    assert set(body["community"]) == set(body["score"])
    assert body["top"][0]["code"] == "KOR"


def test_repeated_questions_come_from_the_projection_cache(client: TestClient) -> None:
    client.get("/api/v1/analytics/centrality", params=SCOPE)
    before = cache_info()
    client.get("/api/v1/analytics/centrality", params={**SCOPE, "measure": "eigenvector"})
    after = cache_info()
    assert after.hits == before.hits + 1 and after.misses == before.misses


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_reads_back_in_networkx(client: TestClient, fmt: str) -> None:
    response = client.get("/api/v1/export", params={**SCOPE, "format": fmt})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    graph = reader(io.BytesIO(response.content))
    assert graph.has_edge(ST + "KOR", ST + "RUS")


def test_export_csv_and_json(client: TestClient) -> None:
    edges = client.get("/api/v1/export", params={**SCOPE, "format": "csv"})
    assert edges.headers["content-type"].startswith("text/csv")
    assert edges.text.splitlines()[0].startswith("source,target,")
    nodes = client.get("/api/v1/export", params={**SCOPE, "format": "csv", "table": "nodes"})
    assert nodes.text.splitlines()[0] == "id,code,label,degree"
    data = client.get("/api/v1/export", params={**SCOPE, "format": "json"}).json()
    assert {"nodes", "edges", "graph"} <= set(data)


@pytest.mark.parametrize(
    ("path", "params", "status", "parameter"),
    [
        ("/api/v1/analytics/centrality", {"type": "friends_with"}, 400, "type"),
        ("/api/v1/analytics/centrality", {"measure": "pagerank"}, 400, "measure"),
        ("/api/v1/analytics/centrality", {"as_of": "last year"}, 400, "as_of"),
        ("/api/v1/analytics/paths", {"from": "Atlantis", "to": "JPN"}, 404, "from"),
        ("/api/v1/analytics/alignment", {"a": "KOR", "b": "ZZZ"}, 404, "b"),
        ("/api/v1/analytics/partners", {"state": ST + "ZZZ"}, 404, "state"),
        ("/api/v1/analytics/partners", {"state": ST + "KOR>"}, 404, "state"),
        ("/api/v1/export", {"format": "graphml", "table": "both"}, 400, "table"),
        ("/api/v1/analytics/similar", {"state": "KOR", "metric": "cosine"}, 400, "metric"),
        ("/api/v1/analytics/partners", {"start": 2020, "end": 2010}, 400, "start"),
        ("/api/v1/export", {"format": "pajek"}, 400, "format"),
    ],
)
def test_errors_are_problem_documents(
    client: TestClient, path: str, params: dict[str, str], status: int, parameter: str
) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    # Malformed values FastAPI rejects itself are listed under "errors" with their location.
    named = [body.get("parameter")] + [e["where"].split(".")[-1] for e in body.get("errors", [])]
    assert parameter in named
