"""The ingest core on both store kinds: checks before writes, one graph per batch, retraction."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, RdfFormat

from app.errors import NotFound, RdfSyntaxError, ValidationFailed
from app.ingest.batch import (
    AUDIT_GRAPH,
    PROVENANCE_GRAPH,
    batch_content,
    get_batch,
    ingest,
    list_batches,
    parse_batch,
    retract,
)
from app.ingest.identity import batch_key
from app.ontology import ID_NS, SPARQL_PREFIXES
from app.store import Store, render
from tests.ingest.conftest import readme_example

PREFIXES = b"""@prefix pg: <https://w3id.org/pactgraph/ontology#> .
@prefix state: <https://w3id.org/pactgraph/id/state/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""


def _count(store: Store, graph: str) -> int:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH $g { ?s ?p ?o } }"
    return int(store.select(render(count, {"g": NamedNode(graph)}))[0]["n"].value)


def test_accepted_batch_is_one_graph_with_its_provenance(ready: Store) -> None:
    _, payload = readme_example()
    version = ready.data_version
    result = ingest(ready, payload, RdfFormat.TURTLE, "alice", label="the MOU")
    assert result.created
    batch = result.batch
    assert batch.author == "alice" and batch.label == "the MOU"
    key = batch_key(parse_batch(payload, RdfFormat.TURTLE), payload, RdfFormat.TURTLE)
    assert batch.content_hash == key.content_hash
    assert _count(ready, batch.graph) == batch.triples == len(batch_content(ready, batch.id))
    described = (
        "ASK { GRAPH $g { $b a prov:Bundle ; prov:generatedAtTime ?t ; prov:wasAttributedTo ?a } }"
    )
    assert ready.ask(
        SPARQL_PREFIXES + render(described, {"g": PROVENANCE_GRAPH, "b": NamedNode(batch.graph)})
    )
    assert ready.data_version != version
    assert list_batches(ready) == [batch]


def test_derived_relations_follow_an_accepted_batch(ready: Store) -> None:
    _, payload = readme_example()
    ingest(ready, payload, RdfFormat.TURTLE, "alice")
    assert ready.ask(
        "PREFIX pg: <https://w3id.org/pactgraph/ontology#> ASK { "
        "<https://w3id.org/pactgraph/id/state/KOR> pg:sharesIntelligenceWith "
        "<https://w3id.org/pactgraph/id/state/THA> }"
    )


def test_same_content_in_another_syntax_is_the_same_batch(ready: Store) -> None:
    turtle = b'<http://example.org/a> <http://example.org/p> [ <http://example.org/q> "1" ] .'
    first = ingest(ready, turtle, RdfFormat.TURTLE, "alice")
    nquads = b"<http://example.org/a> <http://example.org/p> _:x <http://example.org/g> .\n"
    nquads += b'_:x <http://example.org/q> "1" <http://example.org/g> .\n'
    before = ready.content_hash()
    again = ingest(ready, nquads, RdfFormat.N_QUADS, "bob", label="other label")
    assert not again.created and again.batch == first.batch
    assert ready.content_hash() == before


@pytest.mark.parametrize(
    ("body", "fmt", "line", "column"),
    [
        (b"<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n", RdfFormat.TURTLE, 2, 20),
        (b'{"@id": "http://a", ', RdfFormat.JSON_LD, 1, 20),
    ],
)
def test_syntax_errors_name_line_and_column(
    ready: Store, body: bytes, fmt: RdfFormat, line: int, column: int
) -> None:
    before = ready.content_hash()
    with pytest.raises(RdfSyntaxError) as raised:
        ingest(ready, body, fmt, "alice")
    assert raised.value.extensions["line"] == line
    assert isinstance(raised.value.extensions["column"], int)
    assert ready.content_hash() == before


def test_unknown_state_and_type_are_named_with_the_closest_known(ready: Store) -> None:
    before = ready.content_hash()
    body = (
        PREFIXES
        + b"""<https://w3id.org/pactgraph/id/agreement/t> a pg:Agreement ;
        pg:party state:KORR, state:THA ; pg:agreementType pg:GSOMA ."""
    )
    with pytest.raises(ValidationFailed) as raised:
        ingest(ready, body, RdfFormat.TURTLE, "alice")
    errors = {
        e["term"].rsplit("/", 1)[-1].rsplit("#", 1)[-1]: e
        for e in raised.value.extensions["errors"]
    }
    assert set(errors) == {"KORR", "GSOMA"}
    assert errors["KORR"]["closest"][0].endswith("/state/KOR")
    assert errors["GSOMA"]["closest"][0].endswith("#GSOMIA")
    assert "KORR" in raised.value.detail and "GSOMIA" in raised.value.detail
    assert ready.content_hash() == before


def test_a_new_state_defined_in_the_batch_is_known(ready: Store) -> None:
    body = PREFIXES + b'state:XYZ a pg:State ; pg:iso3 "XYZ" ; skos:prefLabel "Xyzland"@en .'
    assert ingest(ready, body, RdfFormat.TURTLE, "alice").created


def test_hand_written_shortcut_relations_are_refused(ready: Store) -> None:
    body = PREFIXES + b"state:KOR pg:sharesIntelligenceWith state:THA ."
    with pytest.raises(ValidationFailed, match="derived"):
        ingest(ready, body, RdfFormat.TURTLE, "alice")


def test_shacl_violations_list_focus_node_path_and_message(ready: Store) -> None:
    before = ready.content_hash()
    body = (
        PREFIXES
        + b"""<https://w3id.org/pactgraph/id/agreement/lonely> a pg:Agreement ;
        pg:party state:KOR ; pg:agreementType pg:GSOMIA ."""
    )
    with pytest.raises(ValidationFailed) as raised:
        ingest(ready, body, RdfFormat.TURTLE, "alice")
    errors = raised.value.extensions["errors"]
    assert errors and all(e["kind"] == "shacl" for e in errors)
    assert {e["focus_node"] for e in errors} == {"<https://w3id.org/pactgraph/id/agreement/lonely>"}
    assert all(e["message"] for e in errors)
    assert any(e["path"] == "pg:party" for e in errors)
    assert ready.content_hash() == before


def test_empty_batch_is_refused(ready: Store) -> None:
    with pytest.raises(ValidationFailed, match="no triples"):
        ingest(ready, b"# nothing\n", RdfFormat.TURTLE, "alice")


def test_retraction_drops_the_graph_and_keeps_an_audit_record(ready: Store) -> None:
    batch = ingest(ready, b"<http://e.org/a> <http://e.org/p> 1 .", RdfFormat.TURTLE, "al").batch
    version = ready.data_version
    done = retract(ready, batch.id, "bob")
    assert done.retracted_by == "bob" and done.batch == batch
    assert _count(ready, batch.graph) == 0
    assert list_batches(ready) == []
    with pytest.raises(NotFound):
        get_batch(ready, batch.id)
    audited = """ASK { GRAPH $g {
      ?r a prov:Invalidation ; prov:entity $b ; prov:atTime ?t ; pg:contentHash $hash ;
         prov:wasAssociatedWith [ rdfs:label "bob" ] .
      $b prov:wasAttributedTo $author } }"""
    values = {
        "g": AUDIT_GRAPH,
        "b": NamedNode(batch.graph),
        "hash": Literal(batch.content_hash),
        "author": NamedNode(ID_NS + "agent/al"),
    }
    assert ready.ask(SPARQL_PREFIXES + render(audited, values))
    assert ready.data_version != version
    again = ingest(ready, b"<http://e.org/a> <http://e.org/p> 1 .", RdfFormat.TURTLE, "al")
    assert again.created and again.batch.id == batch.id


@pytest.mark.parametrize("batch_id", ["0123456789abcdef", "not-a-batch", "../meta"])
def test_retracting_an_unknown_batch_is_not_found(ready: Store, batch_id: str) -> None:
    with pytest.raises(NotFound):
        retract(ready, batch_id, "bob")
