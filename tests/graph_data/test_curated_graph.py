"""The curated graph: every fact of the seed articles with its source and quote, the mission
question, and as-of answers, on both store kinds.

The bundle is loaded once per store kind (module scope): loading and deriving take about a
second, too slow to repeat for each of the facts below.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from pyoxigraph import NamedNode

from app.config import PROJECT_ROOT
from app.ingest.bundle import bundle_files, ensure_bundle
from app.ingest.validate import parse_files, validate
from app.ontology import (
    ALL_STATUSES,
    ID_NS,
    RELATIONS,
    SPARQL_PREFIXES,
    Status,
    date_literal,
    parse_as_of,
    relation_pattern,
    state_iri,
    status_pattern,
)
from app.store import EmbeddedStore, RemoteStore, Store, render
from tests.oxigraph_server import OxigraphServer

SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"
PREFIXES = SPARQL_PREFIXES + "".join(
    f"PREFIX {p}: <{ID_NS}{path}/>\n"
    for p, path in [
        ("ag", "agreement"),
        ("ev", "event"),
        ("st", "state"),
        ("src", "source"),
        ("rc", "reported-count"),
    ]
)


@pytest.fixture(scope="module", params=["embedded", "remote"])
def bundled(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """The real bundle loaded into each kind of store (see tests/conftest.py)."""
    opened: Store
    if request.param == "embedded":
        opened = EmbeddedStore(tmp_path_factory.mktemp("bundled") / "store")
    else:
        server: OxigraphServer = request.getfixturevalue("oxigraph_server")
        opened = RemoteStore(server.url)
        opened.update("DROP SILENT ALL")
    ensure_bundle(opened, PROJECT_ROOT)
    yield opened
    if request.param == "remote":
        opened.update("DROP SILENT ALL")
    opened.close()


def _ask(store: Store, pattern: str) -> bool:
    return store.ask(PREFIXES + "ASK { " + pattern + " }")


def _values(store: Store, query: str, var: str) -> set[str]:
    return {row[var].value for row in store.select(PREFIXES + query) if var in row}


def _cited(store: Store, subject: str, source: str, fragment: str) -> bool:
    quotes = _values(
        store,
        f"SELECT ?q WHERE {{ {subject} pg:citation [ pg:source {source} ; pg:quote ?q ] ; "
        f"prov:wasDerivedFrom {source} . }}",
        "q",
    )
    return any(fragment in quote for quote in quotes)


# Each fact the issue lists: a graph pattern that states it, and the node whose citation
# (source and quote fragment) backs it.
FACTS: list[tuple[str, str, str, str, str]] = [
    (
        "rok_russia_gsomia_2001",
        "ag:kor-rus-gsomia-2001 pg:party st:KOR, st:RUS ; pg:agreementType pg:GSOMIA ; "
        'pg:signed "2001"^^xsd:gYear .',
        "ag:kor-rus-gsomia-2001",
        "src:seed-000",
        "sealed a GSOMIA with Russia in 2001",
    ),
    (
        "gsomia_count_24_in_2012",
        "rc:kor-gsomia-2012 pg:reportedSubject st:KOR ; pg:reportedType pg:GSOMIA ; "
        'pg:reportedCount 24 ; pg:reportedOn "2012"^^xsd:gYear .',
        "rc:kor-gsomia-2012",
        "src:seed-001",
        "24 countries",
    ),
    (
        "gsomia_count_32_in_2016",
        "rc:kor-gsomia-2016 pg:reportedSubject st:KOR ; pg:reportedType pg:GSOMIA ; "
        'pg:reportedCount 32 ; pg:reportedOn "2016"^^xsd:gYear .',
        "rc:kor-gsomia-2016",
        "src:seed-000",
        "32 countries",
    ),
    (
        "rok_japan_gsomia_collapsed_june_2012_never_signed",
        "ag:kor-jpn-gsomia-2012 pg:party st:KOR, st:JPN ; pg:event ?e . "
        '?e pg:eventType pg:TerminatedEvent ; pg:date "2012-06"^^xsd:gYearMonth . '
        "FILTER NOT EXISTS { ag:kor-jpn-gsomia-2012 pg:signed ?s } "
        "FILTER NOT EXISTS { ag:kor-jpn-gsomia-2012 pg:event/pg:eventType pg:SignedEvent }",
        "ev:kor-jpn-gsomia-2012-collapsed",
        "src:seed-000",
        "fell apart in June 2012",
    ),
    (
        "trilateral_arrangement_with_usa_as_party_and_intermediary_december_2014",
        "ag:kor-jpn-usa-trilateral-2014 pg:party st:KOR, st:JPN, st:USA ; "
        "pg:intermediary st:USA ; pg:agreementType pg:TrilateralIntelligenceArrangement ; "
        'pg:legalForm pg:NonBindingInstrument ; pg:signed "2014-12"^^xsd:gYearMonth .',
        "ag:kor-jpn-usa-trilateral-2014",
        "src:dod-2014-12-28-tisa",
        "the Department of Defense of the United States of America finalized",
    ),
    (
        "talks_with_japan_restarted_2016",
        "ag:kor-jpn-gsomia-2016 pg:event ev:kor-jpn-gsomia-2016-talks-restarted . "
        "ev:kor-jpn-gsomia-2016-talks-restarted pg:eventType pg:NegotiatingEvent ; "
        'pg:date "2016"^^xsd:gYear ; pg:actor st:KOR .',
        "ev:kor-jpn-gsomia-2016-talks-restarted",
        "src:seed-000",
        "restart talks on signing a GSOMIA with Tokyo",
    ),
    (
        "gsomia_proposed_to_china_in_2012",
        "ag:kor-chn-gsomia-proposal pg:party st:KOR, st:CHN ; pg:event ?e . "
        '?e pg:eventType pg:ProposedEvent ; pg:date "2012"^^xsd:gYear ; pg:actor st:KOR .',
        "ev:kor-chn-gsomia-proposed-2012-dialogue",
        "src:seed-000",
        "first in 2012, during a Korea-China strategic dialogue",
    ),
    (
        "gsomia_proposed_to_china_again_in_2016",
        "ag:kor-chn-gsomia-proposal pg:event ?e . "
        '?e pg:eventType pg:ProposedEvent ; pg:date "2016"^^xsd:gYear .',
        "ev:kor-chn-gsomia-proposed-2016",
        "src:seed-000",
        "we made such a proposal again this time around",
    ),
    (
        "china_has_not_answered_in_2012",
        "ag:kor-chn-gsomia-proposal pg:event ?e . "
        '?e pg:eventType pg:NoResponseEvent ; pg:date "2012"^^xsd:gYear ; pg:actor st:CHN .',
        "ev:kor-chn-gsomia-no-answer-2012",
        "src:seed-002",
        "waiting for an answer from Beijing",
    ),
    (
        "china_has_not_answered_in_2016",
        "ag:kor-chn-gsomia-proposal pg:event ?e . "
        '?e pg:eventType pg:NoResponseEvent ; pg:date "2016"^^xsd:gYear .',
        "ev:kor-chn-gsomia-no-answer-2016",
        "src:seed-000",
        "Beijing has not yet responded.",
    ),
    (
        "strategic_partnership_2008",
        "ag:kor-chn-strategic-partnership-2008 pg:party st:KOR, st:CHN ; "
        'pg:agreementType pg:StrategicPartnership ; pg:signed "2008"^^xsd:gYear .',
        "ag:kor-chn-strategic-partnership-2008",
        "src:seed-001",
        "strategic partnership in 2008",
    ),
    (
        "first_strategic_defense_talks_2011",
        "ag:kor-chn-strategic-defense-dialogue pg:event ?e . "
        '?e pg:eventType pg:NegotiatingEvent ; pg:date "2011"^^xsd:gYear .',
        "ev:kor-chn-first-strategic-defense-talks-2011",
        "src:seed-001",
        "first strategic defense talks",
    ),
    (
        "joint_search_and_rescue_exercises_are_an_observation_not_an_agreement",
        "ag:kor-chn-strategic-partnership-2008 pg:party st:KOR, st:CHN . "
        "FILTER NOT EXISTS { ?a pg:agreementType pg:JointExercise ; pg:party st:KOR, st:CHN ; "
        "pg:inForceBy ?by }",
        "ag:kor-chn-strategic-partnership-2008",
        "src:seed-001",
        "joint marine search and rescue exercises for some time",
    ),
    (
        "emergency_rescue_supply_agreement_proposed",
        "ag:kor-chn-emergency-rescue-supply pg:agreementType pg:EmergencyRescueSupply ; "
        "pg:event ?e . ?e pg:eventType pg:ProposedEvent ; pg:actor st:KOR .",
        "ev:kor-chn-emergency-rescue-supply-proposed-2012",
        "src:seed-001",
        "military supplies during emergency rescue operations",
    ),
    (
        "seven_rounds_of_supply_talks",
        "ag:kor-chn-emergency-rescue-supply pg:event ?e . ?e pg:eventType pg:NegotiatingEvent .",
        "ev:kor-chn-supply-talks-2012",
        "src:seed-001",
        "seven rounds of talks",
    ),
    (
        "jcs_hotline_agreed_to_be_set_up_2013_is_planned_not_signed",
        "ag:kor-chn-jcs-hotline-2013 pg:agreementType pg:Hotline ; pg:event ?e . "
        '?e pg:eventType pg:PlannedEvent ; pg:date "2013-06-04"^^xsd:date . '
        "FILTER NOT EXISTS { ag:kor-chn-jcs-hotline-2013 pg:event/pg:eventType pg:SignedEvent } "
        "FILTER NOT EXISTS { ag:kor-chn-jcs-hotline-2013 pg:signed ?s }",
        "ev:kor-chn-jcs-hotline-planned-2013",
        "src:seed-003",
        "agreed to set a telephone communication system",
    ),
    (
        "defense_cooperation_2013_is_a_statement_of_intent",
        "ag:kor-chn-defense-cooperation-2013 pg:event ?e . "
        '?e pg:eventType pg:PlannedEvent ; pg:date "2013-06-04"^^xsd:date . '
        "FILTER NOT EXISTS { ag:kor-chn-defense-cooperation-2013 pg:event/pg:eventType "
        "pg:SignedEvent }",
        "ev:kor-chn-defense-cooperation-planned-2013",
        "src:seed-003",
        "agreed to enhance bilateral defense cooperation",
    ),
    (
        "strategic_defense_dialogue_is_a_dialogue_not_a_defense_cooperation_agreement",
        "ag:kor-chn-strategic-defense-dialogue pg:agreementType pg:CommunicationArrangement . "
        "FILTER NOT EXISTS { ag:kor-chn-strategic-defense-dialogue pg:agreementType "
        "pg:DefenseCooperation } "
        "FILTER NOT EXISTS { ag:kor-chn-strategic-defense-dialogue pg:signed ?s }",
        "ag:kor-chn-strategic-defense-dialogue",
        "src:seed-001",
        "held the first strategic defense talks",
    ),
    (
        "china_north_korea_alliance",
        "ag:chn-prk-treaty-1961 pg:party st:CHN, st:PRK ; pg:agreementType pg:DefenseObligation ;"
        ' pg:signed "1961-07-11"^^xsd:date ; pg:legalForm pg:Treaty .',
        "ag:chn-prk-treaty-1961",
        "src:seed-000",
        "blood alliance with North Korea",
    ),
    (
        "china_north_korea_treaty_has_no_fixed_term_and_no_renewals",
        'ag:chn-prk-treaty-1961 pg:inForceFrom "1961-09-10"^^xsd:date . '
        "FILTER NOT EXISTS { ag:chn-prk-treaty-1961 pg:event/pg:eventType pg:RenewedEvent } "
        "FILTER NOT EXISTS { ag:chn-prk-treaty-1961 pg:inForceUntil ?end }",
        "ag:chn-prk-treaty-1961",
        "src:wikipedia-china-dprk-treaty",
        "remains in force unless an agreement is reached on its amendment or termination",
    ),
    (
        "acsas_with_10_countries_in_2012",
        "rc:kor-acsa-2012 pg:reportedType pg:ACSA ; pg:reportedCount 10 ; "
        'pg:reportedStatus pg:InForce ; pg:reportedOn "2012"^^xsd:gYear .',
        "rc:kor-acsa-2012",
        "src:seed-001",
        "ACSA with 10 countries",
    ),
    (
        "acsas_with_10_more_in_negotiation_in_2012",
        "rc:kor-acsa-negotiating-2012 pg:reportedType pg:ACSA ; pg:reportedCount 10 ; "
        "pg:reportedStatus pg:Negotiating .",
        "rc:kor-acsa-negotiating-2012",
        "src:seed-001",
        "with a further 10",
    ),
    (
        "rok_thailand_gsomia_2019_09_02_no_unsourced_legal_form",
        "ag:kor-tha-intelligence-mou-2019 pg:party st:KOR, st:THA ; pg:agreementType pg:GSOMIA ; "
        'pg:signed "2019-09-02"^^xsd:date . '
        "FILTER NOT EXISTS { ag:kor-tha-intelligence-mou-2019 pg:legalForm ?form }",
        "ag:kor-tha-intelligence-mou-2019",
        "src:korea-times-2019-09-kor-tha-gsomia",
        "a General Security of Military Information Agreement (GSOMIA), with Bangkok",
    ),
    (
        "rok_thailand_signing_event_cites_the_signing_sentence",
        "ev:kor-tha-intelligence-mou-2019-signed pg:eventType pg:SignedEvent ; "
        'pg:date "2019-09-02"^^xsd:date .',
        "ev:kor-tha-intelligence-mou-2019-signed",
        "src:seed-004",
        "on Monday signed a memorandum of understanding on military intelligence cooperation",
    ),
    (
        "rok_decided_in_2019_to_end_gsomia_with_japan",
        "ag:kor-jpn-gsomia-2016 pg:event ?e . ?e pg:eventType pg:TerminationAnnouncedEvent ; "
        'pg:date "2019-08-22"^^xsd:date ; pg:actor st:KOR .',
        "ev:kor-jpn-gsomia-termination-announced-2019",
        "src:seed-004",
        "discontinuing a military intelligence sharing agreement",
    ),
    (
        "rok_japan_gsomia_signed_2016_11_23",
        'ag:kor-jpn-gsomia-2016 pg:party st:KOR, st:JPN ; pg:signed "2016-11-23"^^xsd:date .',
        "ag:kor-jpn-gsomia-2016",
        "src:yonhap-2019-11-22-first-military-pact",
        "signed on November 23, 2016",
    ),
    (
        "rok_japan_gsomia_termination_announced_2019_08_22",
        "ev:kor-jpn-gsomia-termination-announced-2019 pg:eventType pg:TerminationAnnouncedEvent .",
        "ev:kor-jpn-gsomia-termination-announced-2019",
        "src:yonhap-2019-08-22-gsomia-scrapped",
        "announced its decision Thursday to ditch",
    ),
    (
        "rok_japan_gsomia_termination_suspended_2019_11_22",
        "ag:kor-jpn-gsomia-2016 pg:event ?e . ?e pg:eventType pg:TerminationSuspendedEvent ; "
        'pg:date "2019-11-22"^^xsd:date .',
        "ev:kor-jpn-gsomia-termination-suspended-2019",
        "src:yonhap-2019-11-22-termination-suspended",
        "suspend the expiry",
    ),
    (
        "rok_formally_notified_japan_on_2019_08_23",
        "ag:kor-jpn-gsomia-2016 pg:event ?e . ?e pg:eventType pg:TerminationAnnouncedEvent ; "
        'pg:date "2019-08-23"^^xsd:date ; pg:actor st:KOR .',
        "ev:kor-jpn-gsomia-termination-notified-2019",
        "src:yonhap-2019-08-23-gsomia-notified",
        "to officially notify Tokyo of its intent to end",
    ),
    (
        "rok_withdrew_both_2019_notes_on_2023_03_21",
        "ag:kor-jpn-gsomia-2016 pg:event ?e . ?e pg:eventType pg:TerminationSuspendedEvent ; "
        'pg:date "2023-03-21"^^xsd:date .',
        "ev:kor-jpn-gsomia-notes-withdrawn-2023",
        "src:korea-herald-2023-03-21-gsomia-normalized",
        "withdraw both articles related to the General Security of Military Information",
    ),
    (
        "us_rok_mutual_defense_treaty_1953",
        "ag:usa-kor-mutual-defense-treaty-1953 pg:party st:USA, st:KOR ; "
        'pg:agreementType pg:DefenseObligation ; pg:signed "1953-10-01"^^xsd:date .',
        "ag:usa-kor-mutual-defense-treaty-1953",
        "src:wikipedia-us-rok-mutual-defense-treaty",
        "signed on October 1, 1953",
    ),
    (
        "us_rok_mutual_defense_treaty_in_force_1954_11_17",
        'ag:usa-kor-mutual-defense-treaty-1953 pg:inForceFrom "1954-11-17"^^xsd:date .',
        "ag:usa-kor-mutual-defense-treaty-1953",
        "src:presidency-ucsb-us-rok-mdt",
        "entered into force November 17, 1954",
    ),
    (
        "us_japan_security_treaty_1960",
        "ag:usa-jpn-security-treaty-1960 pg:party st:USA, st:JPN ; "
        'pg:agreementType pg:DefenseObligation ; pg:inForceFrom "1960-06-23"^^xsd:date .',
        "ag:usa-jpn-security-treaty-1960",
        "src:us-embassy-japan-alliance-60th",
        "entered into force",
    ),
    (
        "china_russia_treaty_2001_is_a_consultation_obligation",
        "ag:chn-rus-treaty-2001 pg:party st:CHN, st:RUS ; "
        "pg:agreementType pg:ConsultationObligation ; pg:legalForm pg:Treaty ; "
        'pg:signed "2001-07-16"^^xsd:date ; pg:inForceFrom "2002-02-28"^^xsd:date .',
        "ag:chn-rus-treaty-2001",
        "src:wikipedia-sino-russian-treaty-2001",
        "16 July 2001",
    ),
    (
        "soviet_north_korean_treaty_1961_ended_september_1996",
        "ag:rus-prk-treaty-1961 pg:party st:RUS, st:PRK ; pg:agreementType pg:DefenseObligation ; "
        'pg:signed "1961-07-06"^^xsd:date ; pg:inForceUntil "1996-09"^^xsd:gYearMonth ; '
        "pg:sameTreatyAs <https://w3id.org/pactgraph/id/agreement/atop/3440> ; pg:event ?e . "
        "?e pg:eventType pg:TerminatedEvent .",
        "ev:rus-prk-treaty-1961-not-renewed-1996",
        "src:gibler-2009-ussr-dprk-1961",
        "confirmed that the treaty would not be renewed",
    ),
    (
        "russian_north_korean_treaty_2000_is_a_consultation_obligation",
        "ag:rus-prk-treaty-2000 pg:agreementType pg:ConsultationObligation ; "
        'pg:signed "2000-02-09"^^xsd:date ; pg:inForceUntil "2024-12-04"^^xsd:date . '
        "FILTER NOT EXISTS { ag:rus-prk-treaty-2000 pg:agreementType pg:DefenseObligation }",
        "ag:rus-prk-treaty-2000",
        "src:tass-2024-12-05-treaty-in-force",
        "rendering ineffective the February 9, 2000",
    ),
    (
        "russian_north_korean_treaty_2024_mutual_assistance",
        "ag:rus-prk-treaty-2024 pg:party st:RUS, st:PRK ; pg:agreementType pg:DefenseObligation ; "
        'pg:signed "2024-06-19"^^xsd:date ; pg:inForceFrom "2024-12-04"^^xsd:date .',
        "ag:rus-prk-treaty-2024",
        "src:tass-2024-11-06-ratification",
        "will immediately provide military and other assistance",
    ),
]


@pytest.mark.parametrize(
    ("pattern", "subject", "source", "quote"),
    [fact[1:] for fact in FACTS],
    ids=[fact[0] for fact in FACTS],
)
def test_each_listed_fact_is_in_the_graph_with_its_source_and_quote(
    bundled: Store, pattern: str, subject: str, source: str, quote: str
) -> None:
    assert _ask(bundled, pattern)
    assert _cited(bundled, subject, source, quote)


def test_the_eleven_states_south_korea_planned_agreements_with(bundled: Store) -> None:
    partners = _values(
        bundled,
        "SELECT ?code WHERE { ?a pg:event ev:kor-plans-information-sharing-agreements-2016 ; "
        "pg:party ?s . ?s pg:iso3 ?code . FILTER(?code != 'KOR') }",
        "code",
    )
    assert partners == {
        "JPN", "CHN", "ZAF", "SAU", "PER", "MNG", "TUR", "THA", "CZE", "DEU", "IDN",
    }  # fmt: skip
    assert _cited(
        bundled, "ev:kor-plans-information-sharing-agreements-2016", "src:seed-000", "11 countries"
    )


def test_every_agreement_and_event_cites_a_source_with_a_quote(bundled: Store) -> None:
    uncited = _values(
        bundled,
        "SELECT ?x WHERE { { ?x a pg:Agreement } UNION { ?x a pg:LifecycleEvent } "
        "FILTER NOT EXISTS { ?x pg:citation [ pg:source ?s ; pg:quote ?q ] ; "
        "prov:wasDerivedFrom ?s } }",
        "x",
    )
    assert uncited == set()


def _seed_texts() -> dict[str, str]:
    return {
        path.name: " ".join(path.read_text(encoding="utf-8").split())
        for path in sorted(SEEDS.glob("*.txt"))
    }


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles are not present")
def test_every_quote_of_a_seed_article_is_verbatim(bundled: Store) -> None:
    texts = _seed_texts()
    rows = bundled.select(
        PREFIXES + "SELECT ?file ?quote WHERE { ?c pg:source/pg:seedFile ?file ; pg:quote ?quote }"
    )
    assert rows
    for row in rows:
        quote = " ".join(row["quote"].value.split())
        assert quote in texts[row["file"].value], (row["file"].value, quote)


def test_all_bundled_data_conforms_to_the_shapes() -> None:
    assert validate(parse_files(bundle_files(PROJECT_ROOT))) == []


#################################################################
# The mission question and as-of answers
#################################################################

ALLIANCE = RELATIONS["has_alliance_with"]
SHARING = RELATIONS["shares_intelligence_with"]
MISSION = (
    PREFIXES
    + "SELECT DISTINCT ?ally ?partner ?alliance ?sharing ?source ?quote WHERE { "
    + relation_pattern(ALLIANCE, "$china", "?ally", "?alliance", [Status.in_force], "a")
    + relation_pattern(SHARING, "?ally", "?partner", "?sharing", [Status.in_force], "b")
    + "FILTER(?partner != $china) "
    + "?sharing pg:citation [ pg:source ?source ; pg:quote ?quote ] . }"
)


def _mission(store: Store, as_of: dt.date) -> list[dict[str, str]]:
    query = render(MISSION, {"china": state_iri("CHN"), "as_of": date_literal(as_of)})
    return [{k: v.value for k, v in row.items()} for row in store.select(query)]


def test_who_shares_intelligence_with_chinas_allies_is_south_korea_through_russia(
    bundled: Store,
) -> None:
    rows = _mission(bundled, dt.date.today())
    assert {(r["ally"], r["partner"]) for r in rows} == {
        (state_iri("RUS").value, state_iri("KOR").value)
    }
    assert {r["alliance"] for r in rows} == {ID_NS + "agreement/chn-rus-treaty-2001"}
    assert {r["sharing"] for r in rows} == {ID_NS + "agreement/kor-rus-gsomia-2001"}
    assert {r["source"] for r in rows} >= {ID_NS + "source/seed-000", ID_NS + "source/seed-001"}
    assert any("sealed a GSOMIA with Russia in 2001" in r["quote"] for r in rows)


def test_north_korea_is_chinas_ally_but_shares_intelligence_with_no_one(bundled: Store) -> None:
    allies = _related(bundled, "has_alliance_with", "CHN", "2024-01-01")
    assert allies == {"PRK", "RUS"}
    assert _related(bundled, "shares_intelligence_with", "PRK", "2024-01-01") == set()


@pytest.mark.parametrize(
    ("as_of", "allied"),
    [("1970", True), ("1995-12-31", True), ("1997", False), ("2010", False),
     ("2024-12-03", False), ("2024-12-04", True), ("2025", True)],
)  # fmt: skip
def test_russia_and_north_korea_are_allied_by_the_1961_and_2024_treaties_only(
    bundled: Store, as_of: str, allied: bool
) -> None:
    assert ("PRK" in _related(bundled, "allied_with", "RUS", as_of)) is allied


def test_north_korea_keeps_a_consultation_obligation_with_russia_from_2000_to_2024(
    bundled: Store,
) -> None:
    assert "RUS" in _related(bundled, "has_alliance_with", "PRK", "2010")
    assert "RUS" not in _related(bundled, "allied_with", "PRK", "2010")
    assert _related(bundled, "allied_with", "PRK", "2025") == {"CHN", "RUS"}


def _related(store: Store, relation: str, code: str, as_of: str) -> set[str]:
    # Codes come from the IRIs: joining `?other pg:iso3 ?code` here makes Oxigraph's
    # planner start from every state and turns 30 ms into a second.
    query = (
        PREFIXES
        + "SELECT DISTINCT ?other WHERE { "
        + relation_pattern(RELATIONS[relation], "$state", "?other", "?a", [Status.in_force])
        + "}"
    )
    rendered = render(query, {"state": state_iri(code), "as_of": date_literal(parse_as_of(as_of))})
    return {row["other"].value.rsplit("/", 1)[1] for row in store.select(rendered)}


@pytest.mark.parametrize(
    ("as_of", "present"),
    [("2015", False), ("2016-11-22", False), ("2016-11-23", True), ("2017", True),
     ("2019-09-01", True), ("2019-12-01", True)],
)  # fmt: skip
def test_rok_japan_intelligence_sharing_as_of(bundled: Store, as_of: str, present: bool) -> None:
    assert ("JPN" in _related(bundled, "shares_intelligence_with", "KOR", as_of)) is present


def test_in_2015_korea_and_japan_share_only_through_the_united_states(bundled: Store) -> None:
    assert _related(bundled, "shares_intelligence_with", "KOR", "2015") == {"RUS", "UKR", "USA"}
    assert _related(bundled, "shares_intelligence_with", "JPN", "2015") == {"USA"}


def _status(store: Store, agreement: str, as_of: str) -> set[str]:
    pattern = status_pattern("$agreement", ALL_STATUSES, status_var="?status")
    values = {
        "agreement": NamedNode(ID_NS + "agreement/" + agreement),
        "as_of": date_literal(parse_as_of(as_of)),
    }
    query = render(PREFIXES + "SELECT ?status WHERE { " + pattern + "}", values)
    return {row["status"].value.rsplit("#", 1)[1] for row in store.select(query)}


@pytest.mark.parametrize(
    ("agreement", "as_of", "status"),
    [
        ("kor-jpn-gsomia-2016", "2015", set()),
        ("kor-jpn-gsomia-2016", "2017", {"InForce"}),
        ("kor-jpn-gsomia-2016", "2019-09-01", {"InForce"}),
        ("kor-jpn-gsomia-2016", "2019-12-01", {"InForce"}),
        ("kor-jpn-gsomia-2012", "2012-07-01", {"Ended"}),
        ("kor-chn-gsomia-proposal", "2013", {"Proposed"}),
        ("kor-chn-gsomia-proposal", "2017", {"Proposed"}),
        ("kor-chn-emergency-rescue-supply", "2013", {"Negotiating"}),
        ("chn-rus-treaty-2001", "2001-12-01", {"Signed"}),
        ("chn-rus-treaty-2001", "2002-02-28", {"InForce"}),
        ("usa-kor-mutual-defense-treaty-1953", "1954-11-16", {"Signed"}),
        ("usa-kor-mutual-defense-treaty-1953", "1954-11-17", {"InForce"}),
        ("kor-jpn-gsomia-2016", "2023-03-21", {"InForce"}),
        ("kor-jpn-gsomia-2016", "2025-01-01", {"InForce"}),
        ("chn-prk-treaty-1961", "2025-01-01", {"InForce"}),
        ("kor-chn-jcs-hotline-2013", "2025-01-01", {"Negotiating"}),
        ("kor-chn-defense-cooperation-2013", "2025-01-01", {"Negotiating"}),
        ("kor-chn-strategic-defense-dialogue", "2025-01-01", {"Negotiating"}),
        ("kor-ukr-gsomia", "2012-05-21", {"InForce"}),
        ("kor-zaf-information-sharing-plan-2016", "2020", set()),
    ],
)
def test_agreement_status_as_of(
    bundled: Store, agreement: str, as_of: str, status: set[str]
) -> None:
    assert _status(bundled, agreement, as_of) == status


def test_readme_mission_example_answers_north_korea_with_no_partner(bundled: Store) -> None:
    """China's one ally shares intelligence with nobody: one row, the partner left empty."""
    readme = (PROJECT_ROOT / "README.md").read_text()
    match = re.search(r"pactgraph query '(.*?)'", readme, re.S)
    assert match is not None, "README shows the mission question as a pactgraph query"
    rows = bundled.select(SPARQL_PREFIXES + match.group(1))
    assert [row["ally"].value for row in rows] == ["North Korea"]
    assert all("partner" not in row for row in rows)
