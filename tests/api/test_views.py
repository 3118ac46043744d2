"""The browser views over HTTP: pages, the network document, its data, exports and assets.

They run on the bundled graph (graph_data/) plus a fixture with hostile labels.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from app.views.assets import VENDOR_ASSETS
from tests.views.data import AG, HOSTILE_AGREEMENT, HOSTILE_STATE, ST, bundled_app

INTEL = "shares_intelligence_with"
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(bundled_app()) as test_client:
        yield test_client


def assert_no_remote_assets(html: str) -> None:
    assert "cdn" not in html.lower()
    assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', html)


def test_explore_page_opens_the_view_its_url_names(client: TestClient) -> None:
    response = client.get("/explore", params={"focus": "China", "as_of": "2015", "hops": 2})
    assert response.status_code == 200
    html = response.text
    assert_no_remote_assets(html)
    src = re.search(r'<iframe id="network-frame"[^>]* src="([^"]+)"', html)
    assert src is not None
    assert src.group(1).startswith("/api/v1/views/network?focus=CHN&amp;")
    assert "as_of=2015" in src.group(1) and "hops=2" in src.group(1)
    for name in ("explore/explore.js", "explore/explore.css"):
        assert f"/static/{name}" in html


@pytest.mark.parametrize(
    "path",
    [
        "/static/explore/explore.js",
        "/static/explore/network.js",
        "/static/explore/explore.css",
        "/static/explore/pages.css",
        *(f"/static/vendor/{name}" for name in VENDOR_ASSETS),
    ],
)
def test_assets_are_served_by_the_app(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] in {"text/javascript", "text/css"}
    assert len(response.content) > 100


def test_unknown_vendor_asset_is_a_problem(client: TestClient) -> None:
    response = client.get("/static/vendor/../../config.py")
    assert response.status_code == 404


def test_network_document_is_standalone_html(client: TestClient) -> None:
    response = client.get("/api/v1/views/network", params={"focus": "KOR", "as_of": "2017"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert_no_remote_assets(html)
    assert "South Korea" in html and '"shares_intelligence_with|' in html
    assert "<img src=x" not in html


def test_network_json_and_graphml_export_the_same_view(client: TestClient) -> None:
    params = {"focus": "KOR", "as_of": "2017", "types": INTEL}
    data = client.get("/api/v1/views/network.json", params=params).json()
    # The view echoes its date in full: the end of the year asked for.
    assert data["view"] == {**params, "as_of": "2017-12-31", "hops": "1", "status": "in_force"}
    ids = {e["id"] for e in data["edges"]}
    assert f"{INTEL}|{ST}JPN|{ST}KOR" in ids
    response = client.get("/api/v1/views/network.graphml", params=params)
    assert response.headers["content-type"] == "application/graphml+xml"
    assert "attachment" in response.headers["content-disposition"]
    graph = nx.read_graphml(io.BytesIO(response.content), force_multigraph=True)
    assert set(graph.nodes) == {n["id"] for n in data["nodes"]}
    assert graph.number_of_edges() == len(data["edges"])


def test_node_details_list_partners_and_quoted_sources(client: TestClient) -> None:
    data = client.get(
        "/api/v1/views/node", params={"iri": ST + "KOR", "types": INTEL, "as_of": "2017"}
    ).json()
    assert data["label"] == "South Korea" and data["page"] == "/id/state/KOR"
    assert {"JPN", "RUS", "USA"} <= {p["code"] for p in data["partners"]}
    assert all(p["relation"] == INTEL for p in data["partners"])
    gsomia = next(a for a in data["agreements"] if a["iri"] == AG + "kor-jpn-gsomia-2016")
    assert gsomia["start_year"] == 2016 and gsomia["party_labels"] == ["Japan", "South Korea"]
    assert all(a["sources"] for a in data["agreements"])
    assert any(s["quote"] and s["page"] for s in gsomia["sources"])


def test_edge_details_follow_the_date_of_the_view(client: TestClient) -> None:
    params = {"a": ST + "KOR", "b": ST + "JPN", "types": INTEL}
    before = client.get("/api/v1/views/edge", params={**params, "as_of": "2015"}).json()
    after = client.get("/api/v1/views/edge", params={**params, "as_of": "2017"}).json()
    assert before["relations"] == []
    [relation] = after["relations"]
    assert AG + "kor-jpn-gsomia-2016" in {a["iri"] for a in relation["agreements"]}
    assert all(s["quote"] for a in relation["agreements"] for s in a["sources"])


def test_autocomplete_finds_states_by_name_and_code(client: TestClient) -> None:
    found = client.get("/api/v1/views/autocomplete", params={"q": "chin"}).json()
    assert found[0] == {"id": "CHN", "label": "China", "iri": ST + "CHN"}
    assert client.get("/api/v1/views/autocomplete", params={"q": "rok"}).json()[0]["id"] == "KOR"


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"hops": "9"}, "query.hops"),
        ({"types": "friends"}, "type"),
        ({"as_of": "x"}, "query.as_of"),
    ],
)
def test_bad_view_parameters_are_problem_documents(
    client: TestClient, params: dict[str, str], parameter: str
) -> None:
    response = client.get("/api/v1/views/network", params=params)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body.get("parameter") == parameter or [e["where"] for e in body["errors"]] == [parameter]


def test_state_page_shows_identifiers_chart_agreements_and_explore_link(
    client: TestClient,
) -> None:
    response = client.get("/id/state/KOR", headers=HTML)
    assert response.status_code == 200
    html = response.text
    assert_no_remote_assets(html)
    assert "732" in html and "http://www.wikidata.org/entity/Q884" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in html
    assert "shares intelligence (" in html  # partners today, in the chart's legend
    assert 'href="/explore?focus=KOR"' in html
    assert 'href="/id/agreement/kor-jpn-gsomia-2016"' in html
    assert 'href="/id/state/KOR.ttl"' in html
    reported = html.split("Reported counts and the graph", 1)[1].split("<h2>", 1)[0]
    assert "<td>GSOMIA</td><td>24</td><td>2012</td>" in reported


def test_pages_show_hostile_labels_as_text(client: TestClient) -> None:
    pages = [client.get(p, headers=HTML).text for p in ("/id/state/XSS", "/id/agreement/hostile")]
    pages.append(client.get("/id/source/hostile", headers=HTML).text)
    for html in pages:
        assert "<img" not in html and "<script>alert" not in html and "<b onmouseover" not in html
        assert 'href="javascript:' not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages[0]
    assert "&lt;img src=x onerror=alert(2)&gt;" in pages[1]
    assert HOSTILE_STATE != HOSTILE_AGREEMENT


def test_agreement_and_source_pages_link_sources_quotes_and_parties(client: TestClient) -> None:
    agreement = client.get("/id/agreement/kor-jpn-gsomia-2016", headers=HTML).text
    assert 'href="/id/source/kyodo-2016-11-23-gsomia-signed"' in agreement
    assert 'class="quote"' in agreement and 'href="/id/state/JPN"' in agreement
    assert "TerminationAnnouncedEvent" in agreement
    assert 'href="/explore?focus=KOR"' in agreement
    source = client.get("/id/source/kyodo-2016-11-23-gsomia-signed", headers=HTML).text
    assert 'href="/id/agreement/kor-jpn-gsomia-2016"' in source
    assert 'href="/explore?focus=JPN"' in source


@pytest.mark.parametrize(
    "path", ["/id/state/ZZZ", "/id/agreement/no-such-thing", "/id/source/no-such-thing"]
)
def test_unknown_entities_are_404_problems(client: TestClient, path: str) -> None:
    response = client.get(path, headers=HTML)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
