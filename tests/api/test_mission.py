"""The mission question and the as-of questions, over REST, on the real bundled graph.

The curated graph (graph_data/, from the seed articles) must answer: who shares intelligence
with China's allies (no one: North Korea, China's one ally, shares intelligence with nobody; the
answer says so and offers the wider reading over any formal alliance obligation, where South
Korea appears through Russia under "consultation"), and which states had a GSOMIA with South
Korea in 2015 (not Japan), 2017 and 2019-12-01 (Japan, through the suspended termination).
The README's first REST example is run as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.config import PROJECT_ROOT, Settings
from app.store import EmbeddedStore

API = "/api/v1"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """The app over an in-memory store; its start-up loads the bundle (ensure_bundle)."""
    with TestClient(create_app(Settings(store="memory"), store=EmbeddedStore(None))) as c:
        yield c


def korea_via_russia(result: dict[str, Any], relation: str) -> None:
    """South Korea is reached through Russia, every hop quoted, the second a GSOMIA."""
    via_russia = [c for c in result["chains"] if [s["id"] for s in c["states"]][1] == "RUS"]
    assert via_russia, result["chains"]
    for hop in via_russia[0]["hops"]:
        assert hop["agreements"], hop
        quotes = [s["quote"] for a in hop["agreements"] for s in a["sources"] if s["quote"]]
        assert quotes, f"no quoted source for {hop['relation']}"
    first, second = via_russia[0]["hops"]
    assert first["relation"] == relation and first["obligation_kinds"] == ["consultation"]
    assert any("GSOMIA" in a["types"] for a in second["agreements"])


def mission(client: TestClient, url: str) -> None:
    """The empty answer, its note naming North Korea, and the grouped wider reading."""
    response = client.get(url)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["items"] == [] and body["total"] == 0
    note = body["note"]
    assert note["step"] == 2 and note["relation"] == "shares_intelligence_with"
    assert [s["id"] for s in note["reached"]] == ["PRK"]
    wider = body["wider"]
    assert wider["path"] == "has_alliance_with/shares_intelligence_with" and wider["step"] == 1
    groups = {g["obligation"]: g["items"] for g in wider["groups"]}
    korea = next(r for r in groups["consultation"] if r["state"]["id"] == "KOR")
    korea_via_russia(korea, "has_alliance_with")
    assert "SELECT" in body["sparql"]


def test_who_shares_intelligence_with_chinas_allies(client: TestClient) -> None:
    mission(client, f"{API}/query/path?from=CHN&path=allied_with/shares_intelligence_with")


def test_formal_alliance_obligations_of_any_kind_reach_south_korea_through_russia(
    client: TestClient,
) -> None:
    response = client.get(
        f"{API}/query/path?from=CHN&path=has_alliance_with/shares_intelligence_with"
    )
    body = response.json()
    assert body["note"] is None and body["wider"] is None
    korea = next(r for r in body["items"] if r["state"]["id"] == "KOR")
    korea_via_russia(korea, "has_alliance_with")


def test_readme_first_rest_example_answers_the_mission_question(client: TestClient) -> None:
    section = (PROJECT_ROOT / "README.md").read_text().split("## REST API", 1)[1]
    url = re.search(r"curl -s '(?:https?://)?127\.0\.0\.1:8000(/api/v1/[^']+)'", section)
    assert url is not None, "the REST API section opens with a curl example"
    assert "query/path" in url.group(1)
    mission(client, url.group(1))


def test_state_page_lists_allies_apart_from_other_formal_alliance_obligations(
    client: TestClient,
) -> None:
    html = client.get("/id/state/CHN", headers={"Accept": "text/html"}).text
    allies, others = html.split("<h2>Allies today</h2>")[1].split(
        "<h2>Other formal alliance obligations today</h2>"
    )
    others = others.split("<h2>")[0]
    assert "North Korea" in allies and "Russia" not in allies
    assert "Treaty on Friendship, Cooperation and Mutual Assistance" in allies
    assert "Russia" in others and "(consultation)" in others and "North Korea" not in others


@pytest.mark.parametrize(
    ("as_of", "japan"), [("2015", False), ("2017", True), ("2019-12-01", True)]
)
def test_gsomia_partners_of_south_korea_as_of(client: TestClient, as_of: str, japan: bool) -> None:
    relations = client.get(
        f"{API}/states/KOR/relations",
        params={"type": "shares_intelligence_with", "as_of": as_of},
    ).json()
    partners = {p["state"]["id"]: p for p in relations["partners"]}
    assert ("JPN" in partners) is japan
    assert "RUS" in partners
    gsomias = client.get(
        f"{API}/agreements",
        params={"type": "GSOMIA", "party": "KOR", "status": "in_force", "as_of": as_of},
    ).json()["items"]
    parties = {p["id"] for a in gsomias for p in a["parties"]}
    assert ("JPN" in parties) is japan
    assert "RUS" in parties
    if japan:
        [with_japan] = [a for a in partners["JPN"]["agreements"] if "GSOMIA" in a["types"]]
        assert with_japan["status"] == "in_force"
        assert any(s["quote"] for s in with_japan["sources"])
