"""Results written by pyoxigraph itself: the cap counts rows in every format, marks the cut."""

from __future__ import annotations

import json

import pytest
from pyoxigraph import Literal, NamedNode, Quad, QueryResultsFormat, RdfFormat, Store, parse

from app.sparql.results import TRUNCATED_PROBLEM, Job, evaluate

ROWS = 20
RESULT_TYPES = [
    f.media_type
    for f in (
        QueryResultsFormat.JSON,
        QueryResultsFormat.XML,
        QueryResultsFormat.CSV,
        QueryResultsFormat.TSV,
    )
]


@pytest.fixture(scope="module")
def store() -> Store:
    store = Store()
    for i in range(ROWS):
        # Newlines and a language tag: a literal must stay one row in the line-based formats.
        label = Literal(f"line one\nline two {i}", language="en")
        store.add(
            Quad(NamedNode(f"http://example.org/{i}"), NamedNode("http://example.org/p"), label)
        )
    return store


@pytest.mark.parametrize("media_type", RESULT_TYPES)
@pytest.mark.parametrize(
    ("cap", "count", "truncated"),
    [(5, 5, True), (ROWS, ROWS, False), (ROWS - 1, ROWS - 1, True), (100, ROWS, False)],
)
def test_select_cap_counts_rows_in_every_format(
    store: Store, media_type: str, cap: int, count: int, truncated: bool
) -> None:
    outcome = evaluate(store, Job("SELECT * { ?s ?p ?o }", results_format=media_type, cap=cap))
    assert (outcome.count, outcome.truncated, outcome.media_type) == (count, truncated, media_type)
    if media_type == QueryResultsFormat.JSON.media_type:
        document = json.loads(outcome.body)
        assert len(document["results"]["bindings"]) == count
        assert document["results"]["bindings"][0]["o"]["xml:lang"] == "en"
        assert ("link" in document["head"]) is truncated


def test_truncated_json_names_the_problem_document(store: Store) -> None:
    outcome = evaluate(store, Job("SELECT ?s { ?s ?p ?o }", cap=1))
    assert json.loads(outcome.body)["head"] == {"vars": ["s"], "link": [TRUNCATED_PROBLEM]}


@pytest.mark.parametrize("fmt", [RdfFormat.N_TRIPLES, RdfFormat.TURTLE, RdfFormat.RDF_XML])
def test_construct_cap_counts_triples(store: Store, fmt: RdfFormat) -> None:
    outcome = evaluate(
        store, Job("CONSTRUCT WHERE { ?s ?p ?o }", graph_format=fmt.media_type, cap=3)
    )
    assert (outcome.kind, outcome.count, outcome.truncated) == ("graph", 3, True)
    assert len(list(parse(outcome.body, fmt))) == 3


def test_uncapped_construct_keeps_every_triple(store: Store) -> None:
    outcome = evaluate(
        store, Job("CONSTRUCT WHERE { ?s ?p ?o }", graph_format=RdfFormat.N_TRIPLES.media_type)
    )
    assert outcome.body.count(b"\n") == ROWS and not outcome.truncated


@pytest.mark.parametrize(("query", "count"), [("SELECT * {}", 1), ("SELECT ?x {} LIMIT 0", 0)])
def test_empty_heads_and_empty_results_survive_the_cap(
    store: Store, query: str, count: int
) -> None:
    outcome = evaluate(store, Job(query, cap=5))
    assert (outcome.count, outcome.truncated) == (count, False)
    assert len(json.loads(outcome.body)["results"]["bindings"]) == count
