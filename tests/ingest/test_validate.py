"""SHACL validation: what each shape rejects, how context is used, and the CLI's exit code."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from app.cli import main
from app.ingest.validate import Violation, validate

PREFIXES = """
@prefix pg: <https://w3id.org/pactgraph/ontology#> .
@prefix st: <https://w3id.org/pactgraph/id/state/> .
@prefix ag: <https://w3id.org/pactgraph/id/agreement/> .
@prefix ev: <https://w3id.org/pactgraph/id/event/> .
@prefix src: <https://w3id.org/pactgraph/id/source/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""
STATES = """
st:KOR a pg:UNMemberState ; pg:iso3 "KOR" ; skos:prefLabel "South Korea"@en .
st:RUS a pg:UNMemberState ; pg:iso3 "RUS" ; skos:prefLabel "Russia"@en .
src:s a schema:WebPage ; schema:name "A page" .
"""
AGREEMENT = """
ag:a a pg:Agreement ; rdfs:label "A GSOMIA"@en ;
    pg:party st:KOR, st:RUS ; pg:agreementType pg:GSOMIA ;
    pg:signed "2001"^^xsd:gYear ; prov:wasDerivedFrom src:s ;
    pg:citation [ a pg:Citation ; pg:source src:s ; pg:quote "sealed in 2001" ] .
"""


def _graph(*parts: str) -> Graph:
    return Graph().parse(data=PREFIXES + "".join(parts), format="turtle")


def _messages(violations: list[Violation]) -> str:
    return "\n".join(str(v) for v in violations)


def test_a_complete_agreement_with_its_states_conforms() -> None:
    assert validate(_graph(STATES, AGREEMENT)) == []


def test_parties_and_sources_may_come_from_the_context() -> None:
    assert validate(_graph(AGREEMENT), context=_graph(STATES)) == []


def test_without_the_states_the_parties_are_reported() -> None:
    violations = validate(_graph(AGREEMENT))
    assert {v.path for v in violations} == {"pg:party"}
    assert "st:KOR" in _messages(violations) or "state/KOR" in _messages(violations)


def test_violations_in_the_context_are_not_reported() -> None:
    broken_context = _graph(STATES, 'st:XYZ a pg:State ; pg:iso3 "xyz" .')
    assert validate(_graph(AGREEMENT), context=broken_context) == []


def test_a_dataset_is_validated_as_the_union_of_its_graphs() -> None:
    dataset = Dataset()
    dataset.graph(URIRef("urn:g:states")).parse(data=PREFIXES + STATES, format="turtle")
    dataset.graph(URIRef("urn:g:agreement")).parse(data=PREFIXES + AGREEMENT, format="turtle")
    assert validate(dataset) == []


@pytest.mark.parametrize(
    ("turtle", "path", "fragment"),
    [
        (AGREEMENT.replace("st:KOR, ", ""), "pg:party", "at least two parties"),
        (AGREEMENT.replace("pg:GSOMIA", "pg:InForce"), "pg:agreementType", "agreement-type"),
        (AGREEMENT.replace('"2001"^^xsd:gYear', '"2001"'), "pg:signed", "xsd:gYear"),
        (
            AGREEMENT.replace("pg:signed", "pg:inForceUntil").replace(
                '"2001"^^xsd:gYear',
                '"2001-01-01"^^xsd:date ; pg:inForceFrom "2002-01-01"^^xsd:date',
            ),
            None,
            "is after pg:inForceUntil",
        ),
        (AGREEMENT.replace('pg:signed "2001"^^xsd:gYear ;', ""), None, "signing date or year"),
        (AGREEMENT.replace('pg:quote "sealed in 2001"', ""), "pg:quote", "pg:quote"),
        (
            "ev:e a pg:LifecycleEvent ; pg:eventType pg:SignedEvent ; "
            'pg:date "2001"^^xsd:gYear, "2002"^^xsd:gYear ; prov:wasDerivedFrom src:s .',
            "pg:date",
            "exactly one pg:date",
        ),
        (
            'ev:e a pg:LifecycleEvent ; pg:eventType pg:SignedEvent ; pg:date "2001"^^xsd:gYear .',
            None,
            "at least one source",
        ),
        ('st:KOR a pg:State ; pg:iso3 "Kor" ; skos:prefLabel "K"@en .', "pg:iso3", "three"),
        ('st:Korea a pg:State ; pg:iso3 "KOR" ; skos:prefLabel "K"@en .', None, "IRI"),
        ("src:t a schema:NewsArticle .", None, "title"),
        (
            "[] a pg:ReportedCount ; pg:reportedSubject st:KOR ; pg:reportedType pg:GSOMIA ;"
            ' pg:reportedCount -1 ; pg:reportedOn "2016"^^xsd:gYear ; prov:wasDerivedFrom src:s .',
            "pg:reportedCount",
            "",
        ),
    ],
)
def test_each_shape_reports_what_is_wrong(turtle: str, path: str | None, fragment: str) -> None:
    violations = validate(_graph(turtle), context=_graph(STATES))
    assert violations, turtle
    assert any(v.path == path and fragment in v.message for v in violations), _messages(violations)


def test_cli_exits_1_and_prints_node_path_and_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(PREFIXES + AGREEMENT.replace("pg:GSOMIA", "pg:InForce"))
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "<https://w3id.org/pactgraph/id/agreement/a> pg:agreementType:" in out


def test_cli_validates_a_good_file_against_the_bundle(tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(PREFIXES + AGREEMENT + 'src:s a schema:WebPage ; schema:name "x" .')
    assert main(["validate", str(good)]) == 0
