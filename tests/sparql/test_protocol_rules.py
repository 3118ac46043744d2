"""Protocol request rules and content negotiation, as plain functions."""

from __future__ import annotations

import pytest

from app.errors import BadRequest, InvalidParameter, UnsupportedMediaType
from app.media import RESULT_FORMATS, accepts_html, negotiate, parse_accept
from app.sparql.protocol import QueryOperation, UpdateOperation, parse_operation

FORM = "application/x-www-form-urlencoded"


def test_get_query_with_dataset() -> None:
    op = parse_operation(
        "GET",
        [
            ("query", "ASK {}"),
            ("default-graph-uri", "http://g/1"),
            ("named-graph-uri", "http://g/2"),
        ],
        None,
        b"",
    )
    assert op == QueryOperation("ASK {}", ("http://g/1",), ("http://g/2",))


def test_form_post_merges_url_and_body_parameters() -> None:
    op = parse_operation("POST", [("using-graph-uri", "http://g/1")], FORM, b"update=CLEAR%20ALL")
    assert op == UpdateOperation("CLEAR ALL", ("http://g/1",), ())


def test_no_operation_means_describe_the_service() -> None:
    assert parse_operation("GET", [], None, b"") is None


@pytest.mark.parametrize(
    "method,params,content_type,body,error",
    [
        ("GET", [("query", "ASK {}"), ("query", "ASK {}")], None, b"", BadRequest),
        ("GET", [("update", "CLEAR ALL")], None, b"", BadRequest),
        ("POST", [("query", "ASK {}")], FORM, b"update=CLEAR%20ALL", BadRequest),
        ("POST", [], "text/plain", b"ASK {}", UnsupportedMediaType),
        ("POST", [], None, b"query=ASK", UnsupportedMediaType),
        ("POST", [], "application/sparql-query; charset=latin-1", b"ASK {}", UnsupportedMediaType),
        ("POST", [], "application/sparql-query", b"ASK {\xff}", BadRequest),
        (
            "GET",
            [("query", "ASK {}"), ("default-graph-uri", "no iri")],
            None,
            b"",
            InvalidParameter,
        ),
    ],
)
def test_protocol_errors(
    method: str, params: list[tuple[str, str]], content_type: str | None, body: bytes, error: type
) -> None:
    with pytest.raises(error):
        parse_operation(method, params, content_type, body)


def test_accept_parsing_orders_by_q_then_position() -> None:
    assert parse_accept("text/csv;q=0.5, application/json, text/tsv;q=0") == [
        ("application/json", 1.0),
        ("text/csv", 0.5),
    ]


@pytest.mark.parametrize(
    "accept,name",
    [
        (None, "json"),
        ("*/*", "json"),
        ("text/*", "csv"),
        ("application/xml", "xml"),
        ("text/html", "json"),
        ("text/tab-separated-values, text/csv;q=0.9", "tsv"),
    ],
)
def test_results_negotiation(accept: str | None, name: str) -> None:
    assert negotiate(RESULT_FORMATS, accept, None).name == name


def test_browsers_are_recognised_by_html_first() -> None:
    assert accepts_html("text/html,application/xhtml+xml,*/*;q=0.8")
    assert not accepts_html("application/sparql-results+json, text/html;q=0.5")
    assert not accepts_html("*/*")
