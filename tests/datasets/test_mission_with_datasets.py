"""The mission question and the allies of the states it touches, with every dataset and the
curated graph loaded (the store `make run` builds); issue 12's "done when"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.config import Settings
from app.ontology import RELATIONS, state_iri
from app.queries.paths import find_paths, parse_path
from app.queries.relations import partners
from app.queries.treaties import treaty_members
from app.store import Store
from tests.one_rule import assert_one_answer, surfaces

ST = "https://w3id.org/pactgraph/id/state/"
TODAY = dt.date.today()


@pytest.fixture(scope="module")
def client(data_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store="memory", datasets=""), store=data_store)) as c:
        yield c


def allies(store: Store, code: str, day: dt.date) -> set[str]:
    found = partners(store, state_iri(code), RELATIONS["allied_with"], day)
    return {p.state.id for p in found}


def test_chinas_only_ally_today_is_north_korea(data_store: Store) -> None:
    assert allies(data_store, "CHN", TODAY) == {"PRK"}


@pytest.mark.parametrize("code", ["KOR", "JPN"])
def test_south_korea_and_japan_are_allied_with_the_united_states_only(
    data_store: Store, code: str
) -> None:
    assert allies(data_store, code, TODAY) == {"USA"}


@pytest.mark.parametrize(
    ("day", "allied"),
    [(dt.date(1970, 6, 30), True), (dt.date(2010, 6, 30), False), (dt.date(2025, 6, 30), True)],
)
def test_russia_and_north_korea_are_allies_in_1970_not_in_2010_again_in_2025(
    data_store: Store, day: dt.date, allied: bool
) -> None:
    assert ("PRK" in allies(data_store, "RUS", day)) is allied


def test_mission_question_is_empty_says_why_and_offers_the_wider_reading(
    data_store: Store,
) -> None:
    answer = find_paths(
        data_store, state_iri("CHN"), parse_path("allied_with/shares_intelligence_with"), TODAY
    )
    assert answer.total == 0
    assert answer.note is not None and answer.note.step == 2
    assert [s.iri for s in answer.note.reached] == [ST + "PRK"]
    assert answer.wider is not None
    groups = {g.obligation: g.items for g in answer.wider.groups}
    # ATOP 4980 codes the 2001 China-Russia treaty as non-aggression and consultation (the
    # curated record: consultation, Article 9), so the hop's strongest kind is non-aggression.
    korea = next(r for r in groups["non-aggression"] if r.state.id == "KOR")
    via_russia = [c for c in korea.chains if c.states[1].id == "RUS"]
    assert via_russia, "South Korea is reached through Russia"
    first, second = via_russia[0].hops
    assert first.obligation_kinds == ("non-aggression", "consultation")
    for hop in (first, second):
        assert hop.agreements
        assert all(a.sources for a in hop.agreements)
    assert any(s.quote and "Russia" in s.quote for a in second.agreements for s in a.sources)
    # Multilateral non-aggression pacts are not alliances of defense: they never reach
    # the allies' answer, only the wider reading under their own obligation kind.
    assert "defense" not in groups or all(r.state.id != "USA" for r in groups["defense"])


def test_state_page_names_allies_and_other_obligations_by_treaty(client: TestClient) -> None:
    html = client.get("/id/state/KOR", headers={"Accept": "text/html"}).text
    allies_html, others = html.split("<h2>Allies today</h2>")[1].split(
        "<h2>Other formal alliance obligations today</h2>"
    )
    others = others.split("<h2>")[0]
    assert "United States" in allies_html and "China" not in allies_html
    assert "China" in others or "Russia" in others
    assert "Treaty of Amity and Cooperation in Southeast Asia (1976)" in others
    assert "(non-aggression" in others
    # TAC is known from ATOP only, which ends in 2018: the page says so.
    assert "in force at last observation (dataset ends 2018)" in others
    # One treaty recorded by COW, ATOP and the curated graph is named once.
    assert allies_html.count("Mutual Defense Treaty between the United States and the") == 1
    assert ">710-732<" not in html and ">732-740<" not in html  # never a bare dyad id


@pytest.mark.parametrize(
    ("state", "relation", "day"),
    [
        ("KOR", "shares_intelligence_with", dt.date(2014, 12, 31)),
        ("KOR", "defense_cooperation_with", dt.date(2009, 12, 31)),
        ("CHN", "allied_with", TODAY),
        ("CHN", "has_alliance_with", dt.date(2017, 12, 31)),
        ("USA", "pledged_to_defend", dt.date(2000, 12, 31)),
        ("RUS", "allied_with", dt.date(1970, 12, 31)),
    ],
)
def test_every_surface_gives_the_same_partners_with_the_datasets(
    client: TestClient, data_store: Store, state: str, relation: str, day: dt.date
) -> None:
    found = surfaces(client, data_store, state, relation, day)
    assert_one_answer(found, year_end=(day.month, day.day) == (12, 31))


def test_nato_members_in_2018_are_named_and_the_treaty_preset_draws_them(
    data_store: Store, client: TestClient
) -> None:
    nato = treaty_members(data_store, "NATO", dt.date(2018, 12, 31))
    codes = {m.removeprefix(ST) for m in nato.members}
    assert {"USA", "GBR", "FRA", "DEU", "TUR", "CAN"} <= codes and "RUS" not in codes
    assert nato.label == "North Atlantic Treaty (NATO, 1949)"
    view = client.get("/api/v1/views/network.json", params={"treaty": "NATO", "as_of": "2018"})
    assert {n["code"] for n in view.json()["nodes"]} == codes


def test_mission_preset_page_opens_on_the_full_store(client: TestClient) -> None:
    tiers = client.get(
        "/api/v1/views/path.json",
        params={"from": "CHN", "path": "allied_with/shares_intelligence_with"},
    ).json()["tiers"]
    reached = next(t for t in tiers if t["name"] == "reached")
    assert [[h["target_label"] for h in c] for c in reached["groups"][0]["chains"]] == [
        ["North Korea"]
    ]
