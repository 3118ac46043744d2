"""Analytics overlays of the network view: bloc colours, centrality sizes, the top list."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.analytics.measures import MEASURES
from app.api import create_app
from app.config import Settings
from app.store import EmbeddedStore
from app.views.overlays import BLOC_COLOURS, OTHER_COLOUR

NETWORK = "/api/v1/views/network.json"
INTEL_2019 = {"types": "shares_intelligence_with", "as_of": "2019"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = EmbeddedStore(tmp_path_factory.mktemp("overlays") / "store")
    with TestClient(create_app(Settings(store="memory"), store=store)) as test_client:
        yield test_client
    store.close()


def test_colour_by_community_gives_each_bloc_one_colour(client: TestClient) -> None:
    nodes = client.get(NETWORK, params={**INTEL_2019, "colour_by": "community"}).json()["nodes"]
    by_group: dict[str, set[str]] = {}
    for node in nodes:
        by_group.setdefault(node["group"], set()).add(node["color"]["background"])
        assert "bloc" in node["title"]
    assert all(len(colours) == 1 for colours in by_group.values())
    assert {c for colours in by_group.values() for c in colours} <= {*BLOC_COLOURS, OTHER_COLOUR}


def test_size_by_centrality_makes_the_hub_largest(client: TestClient) -> None:
    nodes = client.get(NETWORK, params={**INTEL_2019, "size_by": "degree"}).json()["nodes"]
    largest = max(nodes, key=lambda n: n["size"])
    assert largest["code"] == "KOR"
    assert "degree centrality" in largest["title"]


def test_defaults_keep_region_colours_and_sizes(client: TestClient) -> None:
    plain = client.get(NETWORK, params=INTEL_2019).json()["nodes"]
    assert all("group" not in n for n in plain)


def test_unknown_overlay_is_a_problem(client: TestClient) -> None:
    response = client.get(NETWORK, params={**INTEL_2019, "size_by": "pagerank"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "size_by"


def test_network_document_and_explore_page_carry_the_overlay_controls(client: TestClient) -> None:
    page = client.get("/explore").text
    assert 'id="colour-by"' in page and 'id="size-by"' in page and 'id="top-states"' in page
    for measure in (*MEASURES, "partners"):  # the options come from SIZE_BY, measures and all
        assert f'<option value="{measure}">' in page
    html = client.get("/api/v1/views/network", params={**INTEL_2019, "colour_by": "community"})
    assert html.status_code == 200
