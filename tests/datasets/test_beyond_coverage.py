"""Answers past DCAD's horizon (2010), through REST, on the bundle with DCAD imported alone.

Issue 12's "done when": ``beyond_coverage=exclude`` drops DCAD-only partners after 2010 (South
Korea's defense-cooperation partners today), and the default answer flags them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from app.config import PROJECT_ROOT
from app.ingest.bundle import ensure_bundle
from app.ingest.datasets import refresh_after_import, run_import
from app.ingest.datasets.driver import IMPORTERS
from app.store import EmbeddedStore
from tests.api.conftest import serve_alone
from tests.datasets.conftest import PATHS

DCA = "defense_cooperation_with"
DCAD = "https://w3id.org/pactgraph/id/agreement/dcad/"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    store = EmbeddedStore(None)
    ensure_bundle(store, PROJECT_ROOT, derive=False)
    run_import(store, IMPORTERS["dcad"], PATHS["dcad"])
    refresh_after_import(store)
    with serve_alone(store) as served:
        yield served


def _partners(client: TestClient, as_of: str, coverage: str | None = None) -> list[dict[str, Any]]:
    params = {"type": DCA, "as_of": as_of}
    if coverage:
        params["beyond_coverage"] = coverage
    response = client.get("/api/v1/states/KOR/relations", params=params)
    assert response.status_code == 200, response.text
    partners: list[dict[str, Any]] = response.json()["partners"]
    return partners


def test_partners_past_the_horizon_are_flagged_by_default(client: TestClient) -> None:
    partners = _partners(client, "2024")
    flagged = [p for p in partners if p["observed_until"]]
    assert flagged and {p["observed_until"] for p in flagged} == {"2010"}
    for partner in flagged:
        assert all(a["observed_until"] == "2010" for a in partner["agreements"])
        assert all(a["iri"].startswith(DCAD) for a in partner["agreements"])


def test_exclude_drops_dcad_only_partners_after_2010(client: TestClient) -> None:
    included = _partners(client, "2024")
    excluded = _partners(client, "2024", "exclude")
    assert len(excluded) < len(included)
    assert not any(p["observed_until"] for p in excluded)
    for partner in excluded:
        assert any(not a["iri"].startswith(DCAD) for a in partner["agreements"])


def test_within_coverage_nothing_is_flagged_and_exclude_changes_nothing(
    client: TestClient,
) -> None:
    included = _partners(client, "2009")
    assert included and not any(p["observed_until"] for p in included)
    assert _partners(client, "2009", "exclude") == included


def test_relation_edges_carry_the_flag(client: TestClient) -> None:
    params = {"type": DCA, "as_of": "2024", "limit": 1000}
    items = client.get("/api/v1/relations", params=params).json()["items"]
    assert any(e["observed_until"] == "2010" for e in items)
    params["beyond_coverage"] = "exclude"
    assert not any(
        e["observed_until"] for e in client.get("/api/v1/relations", params=params).json()["items"]
    )


def test_path_hops_carry_the_flag(client: TestClient) -> None:
    params = {"from": "KOR", "path": DCA, "as_of": "2024"}
    answer = client.get("/api/v1/query/path", params=params).json()
    hops = [h for r in answer["items"] for c in r["chains"] for h in c["hops"]]
    assert any(h["observed_until"] == "2010" for h in hops)
    params["beyond_coverage"] = "exclude"
    answer = client.get("/api/v1/query/path", params=params).json()
    assert answer["total"] < len({h["target"]["id"] for h in hops})


def test_analytics_partners_count_flagged_partners_and_exclude_drops_them(
    client: TestClient,
) -> None:
    params = {"state": "KOR", "type": DCA, "start": 2009, "end": 2012}
    series = client.get("/api/v1/analytics/partners", params=params).json()
    counts, beyond = series["series"][DCA], series["beyond_coverage"][DCA]
    assert series["observed_until"] == {DCA: ["2010"]}
    assert beyond[:2] == [0, 0] and beyond[2] > 0
    excluded = client.get(
        "/api/v1/analytics/partners", params={**params, "beyond_coverage": "exclude"}
    ).json()
    assert excluded["series"][DCA][:2] == counts[:2]
    assert excluded["series"][DCA][2:] == [
        n - b for n, b in zip(counts[2:], beyond[2:], strict=True)
    ]


def test_the_partners_chart_dashes_the_line_past_the_horizon(client: TestClient) -> None:
    params = {"state": "KOR", "type": DCA, "start": 2000, "end": 2020}
    svg = client.get("/api/v1/analytics/partners.svg", params=params).text
    assert 'class="beyond-coverage"' in svg
    assert "in force at last observation" in svg and "(dataset ends 2010)" in svg
    params["beyond_coverage"] = "exclude"
    assert "beyond-coverage" not in client.get("/api/v1/analytics/partners.svg", params=params).text


def test_exports_carry_the_flag(client: TestClient) -> None:
    params = {"type": DCA, "as_of": "2024"}
    text = client.get("/api/v1/export", params={**params, "format": "csv"}).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["observed_until"] for r in rows} >= {"2010"}
    graphml = client.get("/api/v1/export", params={**params, "format": "graphml"}).content
    graph = nx.read_graphml(io.BytesIO(graphml))
    assert any(d.get("observed_until") == "2010" for _, _, d in graph.edges(data=True))
    excluded = client.get(
        "/api/v1/export", params={**params, "format": "csv", "beyond_coverage": "exclude"}
    ).text
    assert not any(r["observed_until"] for r in csv.DictReader(io.StringIO(excluded)))


def test_the_state_page_chart_shows_the_horizon(client: TestClient) -> None:
    page = client.get("/id/state/KOR", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "in force at last observation" in page.text
