"""Composed relation paths: one query, simple chains, evidence per hop."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import InvalidParameter
from app.ontology import RELATIONS, Status, state_iri
from app.queries.paths import MAX_HOPS, find_paths, parse_path, path_query
from app.queries.refs import StateRef
from app.store import Store

ST = "https://w3id.org/pactgraph/id/state/"
AG = "https://w3id.org/pactgraph/id/agreement/"
DAY = dt.date(2024, 1, 1)


def ends(store: Store, start: str, path: str, day: dt.date = DAY, **kw: Status) -> list[str]:
    answer = find_paths(store, state_iri(start), parse_path(path), day, **kw)
    return [r.state.id for r in answer.items]


def test_intelligence_partners_of_chinas_allies_is_south_korea_via_russia(mini: Store) -> None:
    answer = find_paths(
        mini, state_iri("CHN"), parse_path("has_alliance_with/shares_intelligence_with"), DAY
    )
    [result] = answer.items
    assert result.state == StateRef(ST + "KOR", "KOR", "South Korea")
    [chain] = result.chains
    assert [s.id for s in chain.states] == ["CHN", "RUS", "KOR"]
    agreements = [[a.iri for a in h.agreements] for h in chain.hops]
    assert agreements == [[AG + "mini-chn-rus"], [AG + "mini-kor-rus"]]
    quote = chain.hops[1].agreements[0].sources[0].quote
    assert quote == "sealed a GSOMIA with Russia in 2001"


def test_inverse_step_of_a_symmetric_relation_answers_the_same(mini: Store) -> None:
    forward = ends(mini, "CHN", "has_alliance_with/shares_intelligence_with")
    assert ends(mini, "CHN", "^has_alliance_with/^shares_intelligence_with") == forward


def test_start_state_is_never_its_own_answer(mini: Store) -> None:
    assert ends(mini, "KOR", "shares_intelligence_with/shares_intelligence_with") == [
        "JPN",
        "USA",
    ]


def test_as_of_before_the_treaty_finds_nothing(mini: Store) -> None:
    assert ends(mini, "CHN", "has_alliance_with", dt.date(2000, 1, 1)) == []


def test_status_applies_to_every_hop(mini: Store) -> None:
    assert ends(mini, "KOR", "shares_intelligence_with", status=Status.proposed) == ["CHN"]


def test_sparql_text_is_runnable_and_carries_bound_values(mini: Store) -> None:
    answer = find_paths(mini, state_iri("CHN"), parse_path("has_alliance_with"), DAY)
    assert f"<{ST}CHN>" in answer.sparql and '"2024-01-01"' in answer.sparql
    assert len(mini.select(answer.sparql)) == 1


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/",
        "has_alliance_with/",
        "^",
        "nope",
        "has_alliance_with//x",
        "/".join(["has_alliance_with"] * (MAX_HOPS + 1)),
    ],
)
def test_malformed_paths_are_rejected_naming_valid_relations(path: str) -> None:
    with pytest.raises(InvalidParameter) as caught:
        parse_path(path)
    assert caught.value.extensions["parameter"] == "path"


def test_unknown_relation_lists_the_valid_ones() -> None:
    with pytest.raises(InvalidParameter) as caught:
        parse_path("has_alliance_with/likes")
    assert caught.value.extensions["valid"] == list(RELATIONS)
    assert "shares_intelligence_with" in caught.value.detail


def test_query_has_one_pattern_per_hop() -> None:
    query = path_query(parse_path("allied_with/^shares_intelligence_with"), Status.in_force)
    assert "?a1 pg:agreementType" in query and "?a2 pg:agreementType" in query
    assert "FILTER(?s2 NOT IN (?s0))" in query
