"""The one escaping path: bound values can never change a query's structure."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st
from pyoxigraph import Literal, NamedNode, Store

from app.errors import InvalidParameter
from app.store import iri, render

QUERY = "SELECT ?v WHERE { BIND($value AS ?v) }"


@given(st.text())
def test_any_string_round_trips_as_one_literal(text: str) -> None:
    rows = list(Store().query(render(QUERY, {"value": Literal(text)})))
    assert len(rows) == 1
    assert rows[0]["v"] == Literal(text)


@given(st.text(), st.sampled_from(["en", "ko", "zh-Hans"]))
def test_language_literals_round_trip(text: str, lang: str) -> None:
    rows = list(Store().query(render(QUERY, {"value": Literal(text, language=lang)})))
    assert rows[0]["v"] == Literal(text, language=lang)


@pytest.mark.parametrize(
    "value",
    [
        "http://x> } ; DROP ALL ; SELECT * WHERE { <http://y",
        "http://example.org/a b",
        'http://example.org/"',
        "not an iri",
        "javascript",
        "",
    ],
)
def test_hostile_iris_are_refused(value: str) -> None:
    with pytest.raises(InvalidParameter):
        iri(value)


def test_literal_injection_attempt_stays_a_string() -> None:
    hostile = '" } ; DROP ALL ; INSERT DATA { <http://a> <http://b> "c'
    rows = list(Store().query(render(QUERY, {"value": Literal(hostile)})))
    assert rows[0]["v"].value == hostile


def test_missing_placeholder_value_is_an_error() -> None:
    with pytest.raises(KeyError):
        render("SELECT * WHERE { ?s ?p $x }", {})


def test_list_values_render_for_values_clauses() -> None:
    text = render(
        "VALUES ?s { $items }", {"items": [NamedNode("http://a/1"), NamedNode("http://a/2")]}
    )
    assert text == "VALUES ?s { <http://a/1> <http://a/2> }"
