"""graph_data/states.ttl: every UN member and the four other states, with checked codes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import OWL, RDF, SKOS, Graph, Literal, Namespace, URIRef

from app.config import PROJECT_ROOT
from tests.datasets.conftest import DATA

PG = Namespace("https://w3id.org/pactgraph/ontology#")
STATE = "https://w3id.org/pactgraph/id/state/"
WD = Namespace("http://www.wikidata.org/entity/")
STATES = Graph().parse(PROJECT_ROOT / "graph_data" / "states.ttl")


def _cow_csv() -> Path | None:
    path = DATA / "cow-state-system-2016" / "states2016.csv"
    return path if path.is_file() else None


COW_CSV = _cow_csv()
needs_cow = pytest.mark.skipif(COW_CSV is None, reason="COW state system 2016 data not present")


def _of_class(cls: URIRef) -> set[URIRef]:
    return {s for s in STATES.subjects(RDF.type, cls) if isinstance(s, URIRef)}


def test_there_are_193_un_members_and_four_other_states() -> None:
    assert len(_of_class(PG.UNMemberState)) == 193
    others = {
        str(s).removeprefix(STATE)
        for cls in (PG.ObserverState, PG.PartiallyRecognisedState)
        for s in _of_class(cls)
    }
    assert others == {"TWN", "XKX", "PSE", "VAT"}
    assert len(_of_class(PG.State)) == 197


def test_taiwan_and_kosovo_are_partially_recognised_palestine_and_holy_see_observers() -> None:
    assert (URIRef(STATE + "TWN"), RDF.type, PG.PartiallyRecognisedState) in STATES
    assert (URIRef(STATE + "XKX"), RDF.type, PG.PartiallyRecognisedState) in STATES
    assert (URIRef(STATE + "PSE"), RDF.type, PG.ObserverState) in STATES
    assert (URIRef(STATE + "VAT"), RDF.type, PG.ObserverState) in STATES


@pytest.mark.parametrize(
    ("iso3", "qid", "cow"),
    [
        ("KOR", "Q884", 732),
        ("CHN", "Q148", 710),
        ("PRK", "Q423", 731),
        ("JPN", "Q17", 740),
        ("USA", "Q30", 2),
        ("RUS", "Q159", 365),
        ("THA", "Q869", 800),
    ],
)
def test_states_of_the_seed_articles_carry_wikidata_and_cow_codes(
    iso3: str, qid: str, cow: int
) -> None:
    state = URIRef(STATE + iso3)
    assert (state, OWL.sameAs, WD[qid]) in STATES
    assert STATES.value(state, PG.cowCode) == Literal(cow)


def test_south_korea_answers_to_its_usual_names() -> None:
    names = {str(n) for n in STATES.objects(URIRef(STATE + "KOR"), SKOS.altLabel)}
    assert {"Republic of Korea", "ROK", "Korea"} <= names


def test_each_state_iri_ends_in_its_alpha_3_code() -> None:
    for state, code in STATES.subject_objects(PG.iso3):
        assert str(state) == STATE + str(code)


def test_iso_codes_are_unique() -> None:
    for prop in (PG.iso2, PG.iso3, OWL.sameAs, PG.cowCode):
        values = list(STATES.objects(None, prop))
        assert len(values) == len(set(values)), prop


@needs_cow
def test_cow_codes_and_abbreviations_match_the_cow_state_list() -> None:
    assert COW_CSV is not None
    with COW_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    abbrev_of = {int(r["ccode"]): r["stateabb"] for r in rows}
    in_2016 = {int(r["ccode"]) for r in rows if r["endyear"] == "2016"}
    ours = {
        int(code): str(STATES.value(state, PG.cowAbbrev))
        for state, code in STATES.subject_objects(PG.cowCode)
    }
    assert {code: abbrev_of.get(code) for code in ours} == ours
    assert set(ours) == in_2016, "every state of the 2016 COW system, and only those"
