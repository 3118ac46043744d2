"""RFC 8288 ``Link`` headers on paged listings: next/prev beside the body's paging fields."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, strategies as st
from starlette.datastructures import URL

from app.api import create_app
from app.api.links import page_links
from app.config import Settings

#: One request per paged route, on the bundled graph, with a limit that makes 3 to 30 pages.
PAGED: dict[str, dict[str, object]] = {
    "/api/v1/states": {"limit": 40},
    "/api/v1/agreements": {"type": "GSOMIA", "limit": 2},
    "/api/v1/relations": {"type": "shares_intelligence_with", "limit": 2},
    "/api/v1/sources": {"limit": 10},
    "/api/v1/sources/seed-000": {"limit": 5},
    "/api/v1/query/path": {"from": "KOR", "path": "shares_intelligence_with", "limit": 2},
}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store="memory"))) as c:
        yield c


def links(response: httpx.Response) -> dict[str, str]:
    return {rel: link["url"] for rel, link in response.links.items()}


def page_of(body: dict[str, object]) -> dict[str, object]:
    supports = body.get("supports")
    return supports if isinstance(supports, dict) else body


def test_every_operation_taking_an_offset_is_in_this_test(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    paged = {
        path
        for path, operations in paths.items()
        for operation in operations.values()
        if any(p["name"] == "offset" for p in operation.get("parameters", []))
    }
    assert paged == {path.replace("seed-000", "{id}") for path in PAGED}


@pytest.mark.parametrize("path", sorted(PAGED))
def test_following_next_visits_every_item_once_and_prev_walks_back(
    client: TestClient, path: str
) -> None:
    url: str | None = path
    params: dict[str, object] | None = PAGED[path]
    seen: list[object] = []
    pages = []
    while url is not None:
        response = client.get(url, params=params)
        assert response.status_code == 200
        page = page_of(response.json())
        seen += page["items"]  # type: ignore[operator]
        pages.append((response, page))
        url, params = links(response).get("next"), None
    total = pages[0][1]["total"]
    assert isinstance(total, int) and len(pages) >= 3
    assert len(seen) == total
    assert "prev" not in links(pages[0][0])
    for (_, before), (after, _) in pairwise(pages):
        assert page_of(client.get(links(after)["prev"]).json())["items"] == before["items"]


def test_only_a_page_that_is_not_the_whole_list_has_links(client: TestClient) -> None:
    whole = client.get("/api/v1/states", params={"q": "korea"})
    assert whole.json()["total"] <= whole.json()["limit"]
    assert "link" not in whole.headers
    assert "link" not in client.get("/api/v1/analytics/centrality").headers


def test_an_offset_past_the_end_links_back_to_the_last_page(client: TestClient) -> None:
    response = client.get("/api/v1/states", params={"limit": 10, "offset": 10_000})
    total = response.json()["total"]
    assert response.json()["items"] == []
    assert links(response) == {
        "prev": f"http://testserver/api/v1/states?limit=10&offset={total - 10}"
    }


def test_links_keep_every_other_parameter(client: TestClient) -> None:
    response = client.get(
        "/api/v1/agreements", params={"type": "GSOMIA", "party": "KOR", "limit": 1}
    )
    assert URL(links(response)["next"]).query == "type=GSOMIA&party=KOR&limit=1&offset=1"


@given(total=st.integers(0, 500), limit=st.integers(1, 100), offset=st.integers(0, 600))
def test_link_offsets_stay_in_the_list(total: int, limit: int, offset: int) -> None:
    value = page_links(URL("http://x/l"), total, limit, offset)
    if value is None:
        assert offset == 0 and limit >= total
        return
    for part in value.split(", "):
        at = int(part.split("offset=")[1].split(">")[0])
        if 'rel="next"' in part:
            assert at == offset + limit < total
        else:
            assert 0 <= at < offset and (at == 0 or at + limit <= total)
