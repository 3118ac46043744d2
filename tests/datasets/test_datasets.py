"""The four datasets, imported from the real files: reconciliation, known facts, quirks."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode

from app.ingest.datasets import ImportSummary
from app.ingest.datasets.linking import LINKS_GRAPH, link_same_treaties
from app.ingest.datasets.rows import read_rows
from app.ontology import (
    ID_NS,
    SPARQL_PREFIXES,
    Status,
    date_literal,
    parse_as_of,
    relation,
    relation_pattern,
)
from app.store import Store, render
from tests.datasets.conftest import DATA

A = ID_NS + "agreement/"


def state(key: str) -> NamedNode:
    return NamedNode(f"{ID_NS}state/{key}")


def agreements_between(store: Store, name: str, x: str, y: str, as_of: str) -> set[str]:
    """Agreements relating two states on a date, through the one as-of function."""
    pattern = relation_pattern(relation(name), "$x", "$y", "?agreement", [Status.in_force])
    query = SPARQL_PREFIXES + "SELECT DISTINCT ?agreement WHERE { " + pattern + " }"
    rows = store.select(
        render(
            query,
            {"x": state(x), "y": state(y), "as_of": date_literal(parse_as_of(as_of))},
        )
    )
    return {row["agreement"].value.removeprefix(A) for row in rows}


@pytest.mark.parametrize(
    ("name", "read", "skipped"),
    [
        ("cow-states", 243 + 243, {}),
        (
            "cow-alliances",
            1221 + 3222,
            {"the dyad ends before it starts (a state-transition artefact)": 11},
        ),
        (
            "atop",
            2510,
            {
                "ccode 8152 is not a Correlates of War state code": 1,
                "no other member of the alliance phase overlaps its spell": 1,
            },
        ),
        ("dcad", 1871, {"both parties have the same ccode (a coding error in DCAD)": 3}),
    ],
)
def test_rows_read_are_used_or_skipped_with_a_reason(
    summaries: dict[str, ImportSummary], name: str, read: int, skipped: dict[str, int]
) -> None:
    summary = summaries[name]
    assert summary.rows_read == read
    assert summary.rows_read == summary.rows_used + len(summary.skipped)
    assert dict(summary.reasons) == skipped


def test_agreement_counts(summaries: dict[str, ImportSummary], data_store: Store) -> None:
    assert summaries["dcad"].agreements == 1868
    assert summaries["cow-alliances"].groups == 414 and summaries["atop"].groups == 789
    count = data_store.select(
        SPARQL_PREFIXES
        + "SELECT (COUNT(?a) AS ?n) WHERE { GRAPH <"
        + ID_NS
        + "graph/dataset/cow-alliances-4.1> { ?a a pg:Agreement } }"
    )
    assert int(count[0]["n"].value) == summaries["cow-alliances"].agreements


def test_each_dataset_graph_describes_its_source(data_store: Store) -> None:
    rows = data_store.select(
        SPARQL_PREFIXES
        + """SELECT ?g ?version ?url ?rows WHERE {
          ?g a prov:Bundle, schema:Dataset ; prov:wasDerivedFrom ?src ; pg:rowsRead ?rows ;
             prov:generatedAtTime ?t .
          ?src a schema:Dataset ; schema:version ?version ; schema:url ?url ;
               schema:publisher ?p ; schema:citation ?c ; dct:rights ?r . }"""
    )
    found = {row["g"].value.rsplit("/", 1)[1]: row["rows"].value for row in rows}
    assert found == {
        "cow-alliances-4.1": "4443",
        "atop-5.1": "2510",
        "dcad-1.0": "1871",
        "cow-states-2016": "486",
    }


def test_usa_rok_defense_pact_from_1953_still_in_force(data_store: Store) -> None:
    assert data_store.ask(
        SPARQL_PREFIXES
        + """ASK { pgid:agreement\\/cow\\/236\\/2-732 a pg:Agreement ;
            pg:party pgid:state\\/USA, pgid:state\\/KOR ;
            pg:agreementType pg:DefenseObligation, pg:ConsultationObligation ;
            pg:inForceFrom "1953-10-01"^^xsd:date ; pg:censoredAt "2012"^^xsd:gYear ;
            dct:isPartOf pgid:agreement\\/cow\\/236 ;
            pg:datasetRecord [ pg:recordId "236/2-732" ] .
          FILTER NOT EXISTS { pgid:agreement\\/cow\\/236\\/2-732 pg:inForceUntil ?end }
          pgid:agreement\\/atop\\/3240 pg:sameTreatyAs pgid:agreement\\/cow\\/236 .
          pgid:agreement\\/atop\\/3240\\/2-732 pg:censoredAt "2018"^^xsd:gYear ;
            pg:sameTreatyAs pgid:agreement\\/cow\\/236\\/2-732 . }"""
    )
    assert {"cow/236/2-732", "atop/3240/2-732"} <= agreements_between(
        data_store, "allied_with", "USA", "KOR", "2024-06-01"
    )
    assert not agreements_between(data_store, "allied_with", "USA", "KOR", "1953-09-30")


def test_china_dprk_alliance_from_1961_07_11(data_store: Store) -> None:
    assert {"cow/265/710-731", "atop/3445/710-731"} <= agreements_between(
        data_store, "allied_with", "CHN", "PRK", "1961-07-11"
    )
    assert not agreements_between(data_store, "allied_with", "CHN", "PRK", "1961-07-10")
    assert "cow/265/710-731" in agreements_between(data_store, "allied_with", "CHN", "PRK", "2024")


def test_russia_dprk_defense_until_1995_then_entente_from_2000(data_store: Store) -> None:
    assert "cow/264/365-731" in agreements_between(data_store, "allied_with", "RUS", "PRK", "1980")
    assert "cow/264/365-731" not in agreements_between(
        data_store, "allied_with", "RUS", "PRK", "1995-09-08"
    )
    assert not agreements_between(data_store, "has_alliance_with", "RUS", "PRK", "1998")
    later = agreements_between(data_store, "has_alliance_with", "RUS", "PRK", "2005")
    assert "cow/397/365-731" in later
    assert not agreements_between(data_store, "allied_with", "RUS", "PRK", "2005")


def test_russia_china_non_aggression_and_entente_from_1996(data_store: Store) -> None:
    assert data_store.ask(
        SPARQL_PREFIXES
        + """ASK { pgid:agreement\\/cow\\/389\\/365-710 pg:inForceFrom "1996-04-27"^^xsd:date ;
            pg:agreementType pg:NonAggressionObligation, pg:ConsultationObligation . }"""
    )
    assert "cow/389/365-710" in agreements_between(
        data_store, "has_alliance_with", "RUS", "CHN", "1997"
    )
    assert not agreements_between(data_store, "has_alliance_with", "RUS", "CHN", "1996-04-26") & {
        "cow/389/365-710"
    }
    assert "cow/229/365-710" in agreements_between(data_store, "allied_with", "RUS", "CHN", "1970")
    assert not agreements_between(data_store, "allied_with", "RUS", "CHN", "1997")


def test_usa_japan_1951_pact_replaced_in_1960(data_store: Store) -> None:
    assert "atop/3220/2-740" in agreements_between(data_store, "allied_with", "USA", "JPN", "1955")
    later = agreements_between(data_store, "allied_with", "USA", "JPN", "1965")
    assert "atop/3375/2-740" in later and "atop/3220/2-740" not in later


def test_asymmetric_atop_obligations_name_obligor_and_beneficiary(data_store: Store) -> None:
    rows = data_store.select(
        SPARQL_PREFIXES
        + """SELECT ?type ?obligor ?beneficiary WHERE {
          pgid:agreement\\/atop\\/3220\\/2-740 pg:obligation ?o .
          ?o pg:obligationType ?type ; pg:obligor ?obligor ; pg:beneficiary ?beneficiary }"""
    )
    found = {(r["type"].value.rsplit("#")[1], r["obligor"].value[-3:]) for r in rows}
    assert found == {
        ("DefenseObligation", "USA"),
        ("ConsultationObligation", "USA"),
        ("ConsultationObligation", "JPN"),
    }


def test_54_dcad_agreements_involve_south_korea(data_store: Store) -> None:
    rows = data_store.select(
        SPARQL_PREFIXES
        + "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH <"
        + ID_NS
        + "graph/dataset/dcad-1.0> { ?a pg:party pgid:state\\/KOR ; "
        "pg:agreementType pg:DefenseCooperation } }"
    )
    assert rows[0]["n"].value == "54"


def test_dcad_rok_and_kor_spellings_are_one_state(data_store: Store) -> None:
    rows = read_rows(DATA / "dcad-1.0" / "DCAD-v1.0-main.csv")
    spellings = {
        r.values[f"cowName{i}"] for r in rows for i in (1, 2) if r.values[f"ccode{i}"] == "732"
    }
    assert spellings == {"ROK", "KOR"}
    assert not data_store.ask(SPARQL_PREFIXES + "ASK { ?a pg:party pgid:state\\/ROK }"), (
        "COW's letters never become an IRI"
    )


def test_dcad_categories_are_narrower_concepts_and_dates_keep_precision(data_store: Store) -> None:
    assert data_store.ask(
        SPARQL_PREFIXES
        + """ASK { pgid:agreement\\/dcad\\/DCADv1.0-0129
            pg:party pgid:state\\/USA, pgid:state\\/KOR ;
            pg:signed "1988-06-08"^^xsd:date ; dct:type "general" ;
            pg:agreementType ?c . ?c skos:notation "DIC" ; skos:broader pg:DefenseCooperation .
            pgid:agreement\\/dcad\\/DCADv1.0-1825 pg:signed ?y .
            FILTER(DATATYPE(?y) = xsd:gYear) }"""
    )


def test_dcad_sentinel_codes_are_not_numbers(data_store: Store) -> None:
    rows = read_rows(DATA / "dcad-1.0" / "DCAD-v1.0-main.csv")
    unknown = [r for r in rows if r.values["terminated"] in {"-88", "-99"}]
    assert len(unknown) == 1005 + 94 and all(r.int("terminated") is None for r in unknown)
    ended = data_store.select(
        SPARQL_PREFIXES
        + "SELECT (COUNT(?a) AS ?n) WHERE { GRAPH <"
        + ID_NS
        + "graph/dataset/dcad-1.0> { ?a pg:inForceUntil ?end } }"
    )
    # 673 + 15 rows have an end (dcad.end_year); one of them is a skipped same-ccode row
    assert ended[0]["n"].value == str(673 + 15 - 1)


def test_line_endings_cr_crlf_and_lf_all_read() -> None:
    codes = DATA / "cow-state-system-2016" / "COW country codes.csv"
    assert b"\r\n" not in codes.read_bytes() and codes.read_bytes().count(b"\r") == 243
    assert len(read_rows(codes)) == 243
    atop = read_rows(DATA / "atop-5.1" / "atop5_1m.csv")
    assert len(atop) == 2510 and not any(r.raw.endswith("\r") for r in atop)
    system = read_rows(DATA / "cow-state-system-2016" / "system2016.csv")
    assert len(system) == 15951, "no newline after the last row"


def test_right_censoring_and_atop_yrexit_zero(data_store: Store) -> None:
    rows = read_rows(DATA / "atop-5.1" / "atop5_1m.csv")
    open_rows = [r for r in rows if r.values["yrexit"] == "0"]
    assert len(open_rows) == 1146
    assert not data_store.ask(
        SPARQL_PREFIXES + "ASK { GRAPH ?g { ?a pg:inForceUntil ?end ; pg:censoredAt ?year } }"
    ), "an agreement is either ended or censored, never both"
    assert data_store.ask(
        SPARQL_PREFIXES
        + """ASK { pgid:agreement\\/atop\\/3445\\/710-731 pg:censoredAt "2018"^^xsd:gYear .
          FILTER NOT EXISTS { pgid:agreement\\/atop\\/3445\\/710-731 pg:inForceUntil ?e } }"""
    )


def test_alliance_dates_before_1816_are_kept_on_the_treaty(data_store: Store) -> None:
    assert data_store.ask(
        SPARQL_PREFIXES
        + """ASK { pgid:agreement\\/cow\\/1 a pg:Alliance ; pg:inForceFrom "1386-05-09"^^xsd:date .
          pgid:agreement\\/cow\\/1\\/200-235 pg:inForceFrom "1816-01-01"^^xsd:date . }"""
    )


def test_former_states_get_their_own_nodes(data_store: Store) -> None:
    assert data_store.ask(
        SPARQL_PREFIXES
        + """ASK { pgid:state\\/DDR a pg:FormerState ; pg:cowCode 265 ; owl:sameAs wd:Q16957 .
          ?a pg:party pgid:state\\/DDR, pgid:state\\/RUS .
          pgid:state\\/COW-BAV a pg:FormerState ; skos:prefLabel ?bavaria .
          pgid:state\\/KOR pg:cowCode 732 ; pg:cowAbbrev "ROK" .
          ?m org:member pgid:state\\/KOR ; pg:inForceFrom ?from ; pg:censoredAt "2016"^^xsd:gYear .
          FILTER NOT EXISTS { GRAPH <https://w3id.org/pactgraph/id/graph/dataset/cow-states-2016>
            { pgid:state\\/KOR skos:prefLabel ?label } } }"""
    )


def test_membership_changes_are_answered_per_pair(data_store: Store) -> None:
    """NATO (COW 227, from 1949) covers West Germany from 1954-10-23 only."""
    assert data_store.ask(
        SPARQL_PREFIXES
        + """ASK { pgid:agreement\\/cow\\/227 a pg:Alliance ; pg:member pgid:state\\/DEU ;
            dct:hasPart pgid:agreement\\/cow\\/227\\/2-260 .
          pgid:agreement\\/cow\\/227\\/2-260 pg:inForceFrom "1954-10-23"^^xsd:date ;
            pg:inForceUntil "1990-10-02"^^xsd:date . }"""
    )
    assert "cow/227/2-200" in agreements_between(data_store, "allied_with", "USA", "GBR", "1950")
    assert not agreements_between(data_store, "allied_with", "USA", "DEU", "1950")
    assert "cow/227/2-260" in agreements_between(data_store, "allied_with", "USA", "DEU", "1960")
    assert "cow/227/2-255" in agreements_between(data_store, "allied_with", "USA", "DEU", "2000")


def test_curated_agreements_link_to_dataset_records(data_store: Store) -> None:
    curated = NamedNode(ID_NS + "graph/test/curated")
    node = NamedNode(A + "test-us-rok-1953")
    data = (
        f"<{node.value}> a <https://w3id.org/pactgraph/ontology#Agreement> ; "
        "<https://w3id.org/pactgraph/ontology#party> "
        f"<{ID_NS}state/USA>, <{ID_NS}state/KOR> ; "
        "<https://w3id.org/pactgraph/ontology#agreementType> "
        "<https://w3id.org/pactgraph/ontology#DefenseObligation> ; "
        '<https://w3id.org/pactgraph/ontology#signed> "1953-10-01"^^'
        "<http://www.w3.org/2001/XMLSchema#date> ."
    ).encode()
    from pyoxigraph import RdfFormat

    data_store.replace_graph(curated, data, RdfFormat.TURTLE)
    try:
        link_same_treaties(data_store)
        rows = data_store.select(
            render(
                "SELECT ?other WHERE { GRAPH $g { $node "
                "<https://w3id.org/pactgraph/ontology#sameTreatyAs> ?other } }",
                {"g": LINKS_GRAPH, "node": node},
            )
        )
        linked = {row["other"].value.removeprefix(A) for row in rows}
        assert {"cow/236/2-732", "cow/236", "atop/3240/2-732", "atop/3240"} <= linked
    finally:
        data_store.drop_graph(curated)
        link_same_treaties(data_store)


def test_importing_again_replaces_the_graph(data_store: Store) -> None:
    from app.ingest.datasets import run_import
    from app.ingest.datasets.driver import IMPORTERS
    from tests.datasets.conftest import PATHS

    graph = ID_NS + "graph/dataset/dcad-1.0"
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    before = data_store.select(query)[0]["n"]
    summary = run_import(data_store, IMPORTERS["dcad"], PATHS["dcad"])
    after = data_store.select(query)[0]["n"]
    assert before == after == Literal(str(summary.triples), datatype=before.datatype)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("alliance", "label"),
    [
        ("atop/3755", "ATOP 3755 (non-aggression, 34 members, 1976\N{EN DASH})"),
        ("atop/3440", "ATOP 3440 (defense, non-aggression, 2 members, 1961\N{EN DASH}1996)"),
        ("cow/402", "COW alliance 402 (non-aggression pact, 7 members, 2002\N{EN DASH})"),
        ("cow/264", "COW alliance 264 (defense pact, 2 members, 1961\N{EN DASH}1995)"),
    ],
)
def test_alliances_are_labelled_by_kind_members_and_years(
    data_store: Store, alliance: str, label: str
) -> None:
    labels = {
        row["label"].value
        for row in data_store.select(
            render(
                "SELECT ?label WHERE { $a <http://www.w3.org/2000/01/rdf-schema#label> ?label }",
                {"a": NamedNode(A + alliance)},
            )
        )
    }
    assert labels == {label}


@pytest.mark.parametrize(
    ("pair", "label"),
    [
        (
            "atop/3440/365-731",
            "ATOP 3440 (defense, non-aggression, 2 members, 1961\N{EN DASH}1996): "
            "Russia \N{EN DASH} North Korea",
        ),
        (
            "cow/264/365-731",
            "COW alliance 264 (defense pact, 2 members, 1961\N{EN DASH}1995): "
            "Russia \N{EN DASH} North Korea",
        ),
    ],
)
def test_pair_agreements_carry_their_alliance_label_not_a_bare_dyad_id(
    data_store: Store, pair: str, label: str
) -> None:
    query = "SELECT ?label WHERE { $a <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    rows = data_store.select(render(query, {"a": NamedNode(A + pair)}))
    assert {row["label"].value for row in rows} == {label}
