"""Edges and their evidence, read through the one as-of rule."""

from __future__ import annotations

import datetime as dt

from app.ontology import RELATIONS, Status, state_iri
from app.queries.evidence import agreements
from app.queries.relations import edges
from app.store import Store

ST = "https://w3id.org/pactgraph/id/state/"
AG = "https://w3id.org/pactgraph/id/agreement/"
INTEL = RELATIONS["shares_intelligence_with"]


def pairs(
    store: Store, day: str, statuses: tuple[Status, ...] = (Status.in_force,)
) -> set[tuple[str, str]]:
    return {
        (e.source.id, e.target.id)
        for e in edges(store, INTEL, dt.date.fromisoformat(day), statuses)
    }


def test_year_only_date_counts_from_the_end_of_the_year(mini: Store) -> None:
    assert ("KOR", "RUS") not in pairs(mini, "2001-06-01")
    assert ("KOR", "RUS") in pairs(mini, "2002-01-01")


def test_intermediary_relates_parties_to_it_not_to_each_other(mini: Store) -> None:
    in_2015 = pairs(mini, "2015-06-01")
    assert ("KOR", "USA") in in_2015 and ("JPN", "USA") in in_2015
    assert ("JPN", "KOR") not in in_2015


def test_gsomia_present_after_signing_and_through_suspended_termination(mini: Store) -> None:
    assert ("JPN", "KOR") in pairs(mini, "2017-01-01")
    assert ("JPN", "KOR") in pairs(mini, "2019-12-01")


def test_unanswered_proposal_is_proposed_not_in_force(mini: Store) -> None:
    assert ("CHN", "KOR") not in pairs(mini, "2020-01-01")
    assert ("CHN", "KOR") in pairs(mini, "2020-01-01", (Status.proposed,))
    assert ("CHN", "KOR") in pairs(mini, "1990-01-01", (Status.any,))


def test_edges_around_a_state_and_two_hops(mini: Store) -> None:
    today = dt.date(2024, 1, 1)
    allies = edges(mini, RELATIONS["has_alliance_with"], today, around=[state_iri("CHN")])
    assert [e.target.iri for e in allies] == [ST + "RUS"]
    partners = edges(mini, INTEL, today, around=[state_iri("RUS")])
    assert [(e.source.label, e.target.label, e.agreements) for e in partners] == [
        ("Russia", "South Korea", (AG + "mini-kor-rus",))
    ]


def test_evidence_carries_parties_status_and_quoted_sources(mini: Store) -> None:
    found = agreements(mini, [AG + "mini-kor-rus", AG + "mini-chn-rus"], dt.date(2024, 1, 1))
    gsomia = found[AG + "mini-kor-rus"]
    assert [(p.iri, p.label) for p in gsomia.parties] == [
        (ST + "KOR", "South Korea"),
        (ST + "RUS", "Russia"),
    ]
    assert gsomia.types == ["GSOMIA"]
    assert gsomia.status == "in_force"
    assert gsomia.signed == "2001"
    [source] = gsomia.sources
    assert source.quote == "sealed a GSOMIA with Russia in 2001"
    assert source.seed_file == "000_test.txt" and source.publisher == "Test Daily"
    treaty = found[AG + "mini-chn-rus"]
    assert [s.iri for s in treaty.sources] == ["http://example.org/treaty"]
    assert treaty.sources[0].quote is None
