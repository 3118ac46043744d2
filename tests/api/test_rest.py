"""The REST resources over the miniature graph: answers, evidence, errors, caching."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.ontology import RELATIONS
from app.store import Store
from tests.api.conftest import serve_alone
from tests.queries.conftest import load_mini

API = "/api/v1"


def ids(items: list[dict[str, object]], key: str = "id") -> list[object]:
    return [item[key] for item in items]


def test_state_search_by_alias_and_paging(mini_client: TestClient) -> None:
    body = mini_client.get(f"{API}/states", params={"q": "korea"}).json()
    assert ids(body["items"]) == ["KOR", "PRK"]
    assert body["total"] == 2 and body["limit"] == 100 and body["offset"] == 0
    second = mini_client.get(f"{API}/states", params={"limit": 1, "offset": 1}).json()
    assert second["total"] == 6 and len(second["items"]) == 1


@pytest.mark.parametrize("ident", ["KOR", "kr", "732", "republic of korea"])
def test_state_by_any_name_or_code(mini_client: TestClient, ident: str) -> None:
    body = mini_client.get(f"{API}/states/{ident}").json()
    assert body["id"] == "KOR" and body["cow_code"] == 732 and body["label"] == "South Korea"


def test_unknown_state_is_404_with_closest_matches(mini_client: TestClient) -> None:
    response = mini_client.get(f"{API}/states/South Koria")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["closest"][0]["id"] == "KOR"


@pytest.mark.parametrize(
    ("as_of", "japan"), [("2015", False), ("2017", True), ("2019-12-01", True), ("2019-09", True)]
)
def test_gsomia_partners_of_south_korea_as_of(
    mini_client: TestClient, as_of: str, japan: bool
) -> None:
    body = mini_client.get(
        f"{API}/states/KOR/relations",
        params={"type": "shares_intelligence_with", "as_of": as_of},
    ).json()
    partners = {p["state"]["id"]: p for p in body["partners"]}
    assert ("JPN" in partners) is japan
    assert "RUS" in partners
    [gsomia] = partners["RUS"]["agreements"]
    assert gsomia["status"] == "in_force" and gsomia["types"] == ["GSOMIA"]
    assert gsomia["sources"][0]["quote"] == "sealed a GSOMIA with Russia in 2001"


def test_status_any_includes_the_unanswered_proposal(mini_client: TestClient) -> None:
    params = {"type": "shares_intelligence_with", "as_of": "2024", "status": "proposed"}
    body = mini_client.get(f"{API}/states/KOR/relations", params=params).json()
    assert [p["state"]["id"] for p in body["partners"]] == ["CHN"]


def test_unknown_relation_lists_the_valid_ones(mini_client: TestClient) -> None:
    response = mini_client.get(f"{API}/relations", params={"type": "likes"})
    assert response.status_code == 400
    problem = response.json()
    assert problem["valid"] == list(RELATIONS)
    assert "shares_intelligence_with" in problem["detail"]


def test_relation_edge_list(mini_client: TestClient) -> None:
    body = mini_client.get(
        f"{API}/relations", params={"type": "shares_intelligence_with", "as_of": "2024"}
    ).json()
    pairs = {(e["source"]["id"], e["target"]["id"]) for e in body["items"]}
    assert pairs == {("JPN", "KOR"), ("KOR", "RUS"), ("JPN", "USA"), ("KOR", "USA")}
    assert body["total"] == 4 and body["relation"] == "shares_intelligence_with"


def test_mission_question_over_rest(mini_client: TestClient) -> None:
    response = mini_client.get(
        f"{API}/query/path",
        params={"from": "CHN", "path": "has_alliance_with/shares_intelligence_with"},
    )
    assert response.status_code == 200
    body = response.json()
    [result] = body["items"]
    assert result["state"]["label"] == "South Korea"
    [chain] = result["chains"]
    assert ids(chain["states"]) == ["CHN", "RUS", "KOR"]
    second = chain["hops"][1]
    assert second["relation"] == "shares_intelligence_with"
    assert second["agreements"][0]["sources"][0]["quote"] == "sealed a GSOMIA with Russia in 2001"
    assert (
        "SELECT" in body["sparql"] and "<https://w3id.org/pactgraph/id/state/CHN>" in body["sparql"]
    )


@pytest.mark.parametrize(
    ("params", "parameter", "status"),
    [
        ({"from": "CHN", "path": "has_alliance_with/"}, "path", 400),
        ({"from": "CHN", "path": "hates"}, "path", 400),
        ({"from": "Chna", "path": "has_alliance_with"}, "from", 404),
        ({"from": "CHN", "path": "has_alliance_with", "as_of": "2019-13"}, "as_of", 400),
    ],
)
def test_bad_path_questions_are_problems_naming_the_parameter(
    mini_client: TestClient, params: dict[str, str], parameter: str, status: int
) -> None:
    response = mini_client.get(f"{API}/query/path", params=params)
    assert response.status_code == status
    assert response.json()["parameter"] == parameter


def test_agreement_listing_filters(mini_client: TestClient) -> None:
    def listed(**params: str) -> list[object]:
        return ids(mini_client.get(f"{API}/agreements", params=params).json()["items"])

    # "2001" counts as 2001-12-31, after 2001-07-16; undated proposals come last.
    assert listed() == ["mini-chn-rus", "mini-kor-rus", "mini-tri", "mini-kor-jpn", "mini-kor-chn"]
    assert listed(type="GSOMIA", party="Japan") == ["mini-kor-jpn"]
    assert listed(type="IntelligenceSharing", status="in_force", as_of="2015") == [
        "mini-kor-rus",
        "mini-tri",
    ]
    assert listed(signed_from="2014-12", signed_to="2016") == ["mini-tri", "mini-kor-jpn"]
    bad = mini_client.get(f"{API}/agreements", params={"type": "Friendship"})
    assert bad.status_code == 400 and "GSOMIA" in bad.json()["valid"]


def test_agreement_record_has_timeline_and_status_history(mini_client: TestClient) -> None:
    body = mini_client.get(f"{API}/agreements/mini-kor-jpn", params={"as_of": "2019-09"}).json()
    assert ids(body["parties"]) == ["JPN", "KOR"]
    assert [e["type"] for e in body["events"]] == [
        "TerminationAnnouncedEvent",
        "TerminationSuspendedEvent",
    ]
    assert body["status"] == "in_force"
    assert body["status_history"][0] == {
        "status": "in_force",
        "valid_from": "2016-11-23",
        "valid_until": None,
        "observed_until": None,
    }
    missing = mini_client.get(f"{API}/agreements/no-such-pact")
    assert missing.status_code == 404


def test_sources_and_what_they_support(mini_client: TestClient) -> None:
    listing = mini_client.get(f"{API}/sources").json()
    assert [(s["id"], s["supports"]) for s in listing["items"]] == [("test-a", 1)]
    detail = mini_client.get(f"{API}/sources/test-a").json()
    [supported] = detail["supports"]["items"]
    assert supported["id"] == "mini-kor-rus"
    assert supported["quote"] == "sealed a GSOMIA with Russia in 2001"
    assert mini_client.get(f"{API}/sources/nothing").status_code == 404


def test_etag_revalidation_answers_304(mini_client: TestClient) -> None:
    first = mini_client.get(f"{API}/states/KOR")
    tag = first.headers["etag"]
    assert first.headers["last-modified"]
    again = mini_client.get(f"{API}/states/KOR", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    other = mini_client.get(f"{API}/states/JPN", headers={"If-None-Match": tag})
    assert other.status_code == 200
    since = mini_client.get(
        f"{API}/states/KOR", headers={"If-Modified-Since": first.headers["last-modified"]}
    )
    assert since.status_code == 304


@pytest.mark.parametrize(
    "ident", ['KOR" } ; DROP ALL ; #', "KOR> ?p ?o } #", "\\u0022", "%00", "ÿ" * 300]
)
def test_hostile_ids_are_not_found_and_change_nothing(mini_client: TestClient, ident: str) -> None:
    response = mini_client.get(f"{API}/states/{ident}")
    assert response.status_code in {404, 400}
    assert mini_client.get(f"{API}/states/KOR").status_code == 200


def test_path_question_and_etag_on_both_store_kinds(store: Store) -> None:
    with serve_alone(load_mini(store)) as client:
        response = client.get(
            f"{API}/query/path",
            params={"from": "China", "path": "^has_alliance_with/shares_intelligence_with"},
        )
        assert [r["state"]["id"] for r in response.json()["items"]] == ["KOR"]
        tag = response.headers["etag"]
        assert tag.startswith(f'"{store.data_version}-')
        again = client.get(response.url, headers={"If-None-Match": tag})
        assert again.status_code == 304


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/states/ZZZ", {}),
        ("/agreements", {"party": "ZZZ"}),
        ("/query/path", {"from": "ZZZ", "path": "has_alliance_with"}),
        ("/analytics/partners", {"state": "ZZZ"}),
        ("/analytics/partners", {"state": "https://w3id.org/pactgraph/id/state/ZZZ"}),
        ("/analytics/partners", {"state": "https://w3id.org/pactgraph/id/state/KOR>"}),
        ("/analytics/paths", {"from": "KOR", "to": "https://w3id.org/pactgraph/id/state/ZZZ"}),
        ("/views/network", {"focus": "ZZZ"}),
        ("/views/network", {"expand": "https://w3id.org/pactgraph/id/state/ZZZ"}),
    ],
)
def test_a_state_that_does_not_exist_is_not_found_wherever_it_is_named(
    mini_client: TestClient, path: str, params: dict[str, str]
) -> None:
    response = mini_client.get(API + path, params=params)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "no state is called" in response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/states/KOR", {}),
        ("/agreements", {"party": "https://w3id.org/pactgraph/id/state/KOR"}),
        ("/analytics/partners", {"state": "https://w3id.org/pactgraph/id/state/KOR"}),
        ("/views/network", {"focus": "https://w3id.org/pactgraph/id/state/KOR"}),
    ],
)
def test_a_state_may_be_named_by_its_iri_wherever_states_are_named(
    mini_client: TestClient, path: str, params: dict[str, str]
) -> None:
    assert mini_client.get(API + path, params=params).status_code == 200
