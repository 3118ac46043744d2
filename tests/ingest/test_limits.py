"""Parsing limits: every hostile body of issue 13 is refused before a parser sees it.

The bodies here froze or crashed the server before the limits existed (see
:mod:`app.ingest.limits`); now each is a 422 problem naming the limit and its setting, on the
ingest route and on Graph Store writes alike, and leaves the store as it was.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from pyoxigraph import RdfFormat

from app.api import create_app
from app.config import Settings
from app.errors import LimitExceeded
from app.ingest.batch import parse_batch
from app.ingest.limits import ParseLimits, check_body
from app.sparql.endpoint import SparqlService
from app.store import Store
from tests.ingest.conftest import AUTH, TOKEN

P = "http://example.org/p"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def nested_jsonld(depth: int) -> bytes:
    """The issue's segfault body at 5,000: ``{"p": {"p": … "v" … }}``."""
    return (f'{{"{P}":' * depth + '"v"' + "}" * depth).encode()


def nested_rdfxml(depth: int) -> bytes:
    inner = '<x:p><rdf:Description rdf:about="http://example.org/n">' * depth
    outer = "</rdf:Description></x:p>" * depth
    return (
        f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:x="http://example.org/">'
        f'<rdf:Description rdf:about="http://example.org/s">{inner}{outer}'
        "</rdf:Description></rdf:RDF>"
    ).encode()


def entity_bomb(levels: int = 9) -> bytes:
    """The billion-laughs body of issue 13 (923 bytes grew memory by 520 MB)."""
    entities = '<!ENTITY e0 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">' + "".join(
        f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, levels)
    )
    return (
        f"<?xml version='1.0'?><!DOCTYPE r [{entities}]>"
        f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:x="http://example.org/">'
        f'<rdf:Description rdf:about="http://example.org/s"><x:p>&e{levels - 1};</x:p>'
        "</rdf:Description></rdf:RDF>"
    ).encode()


def nested_triple_terms(depth: int) -> bytes:
    """RDF 1.2 triple terms nested ``depth`` deep (20,000 crash the Turtle parser)."""
    head = f"<http://example.org/s> <{P}> "
    body = head + f"<<( <http://example.org/a> <{P}> " * depth + '"v"' + " )>>" * depth + " ."
    return body.encode()


def blank_chain(length: int) -> bytes:
    """The issue's freeze: ``_:b0 p _:b1 . _:b1 p _:b2 …`` (400 froze the server 14 s)."""
    return "".join(f"_:b{i} <{P}> _:b{i + 1} .\n" for i in range(length)).encode()


HOSTILE = {
    "json-ld nested 5000 (segfault)": (nested_jsonld(5000), RdfFormat.JSON_LD, "nesting-depth"),
    "json-ld nested 1500 (froze > 5 min)": (
        nested_jsonld(1500),
        RdfFormat.JSON_LD,
        "nesting-depth",
    ),
    "json-ld arrays 100": (
        f'{{"{P}": {"[" * 100}"v"{"]" * 100}}}'.encode(),
        RdfFormat.JSON_LD,
        "nesting-depth",
    ),
    "rdf/xml nested 5000": (nested_rdfxml(5000), RdfFormat.RDF_XML, "nesting-depth"),
    "rdf/xml entity expansion": (entity_bomb(), RdfFormat.RDF_XML, "doctype"),
    "rdf/xml doctype, lower case": (
        b"<!doctype r>" + nested_rdfxml(1),
        RdfFormat.RDF_XML,
        "doctype",
    ),
    "turtle triple terms 20000 (segfault)": (
        nested_triple_terms(20_000),
        RdfFormat.TURTLE,
        "nesting-depth",
    ),
    "n-triples triple terms 100": (
        nested_triple_terms(100),
        RdfFormat.N_TRIPLES,
        "nesting-depth",
    ),
}
SETTING = {
    "nesting-depth": "PACTGRAPH_MAX_NESTING_DEPTH",
    "blank-nodes": "PACTGRAPH_MAX_BLANK_NODES",
    "doctype": None,
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_body_is_refused_before_parsing(case: str) -> None:
    body, fmt, limit = HOSTILE[case]
    with pytest.raises(LimitExceeded) as caught:
        parse_batch(body, fmt)
    assert caught.value.extensions["limit"] == limit
    assert caught.value.extensions["setting"] == SETTING[limit]


@pytest.mark.parametrize(
    ("body", "fmt"),
    [
        (nested_jsonld(60), RdfFormat.JSON_LD),
        (nested_rdfxml(30), RdfFormat.RDF_XML),
        (f'{{"{P}": "{"{" * 500}"}}'.encode(), RdfFormat.JSON_LD),  # braces inside a string
        (
            b"<http://example.org/s> " + b"<http://example.org/p> [ " * 500 + b" ]" * 500 + b" .",
            RdfFormat.TURTLE,
        ),
    ],
    ids=["json-ld 60", "rdf/xml 30 nodes", "braces in a string", "turtle [ ] 500 deep"],
)
def test_nesting_within_the_limit_parses(body: bytes, fmt: RdfFormat) -> None:
    check_body(body, fmt, ParseLimits())
    assert parse_batch(body, fmt)


def test_blank_node_limit_counts_distinct_blank_nodes() -> None:
    with pytest.raises(LimitExceeded) as caught:
        parse_batch(blank_chain(10), RdfFormat.N_TRIPLES, ParseLimits(max_blank_nodes=10))
    assert caught.value.extensions["found"] == 11
    assert len(parse_batch(blank_chain(9), RdfFormat.N_TRIPLES, ParseLimits(max_blank_nodes=10)))


@pytest.fixture
def strict_client(served_store: Store) -> TestClient:
    """The app with small limits from the settings (``PACTGRAPH_MAX_*``)."""
    settings = Settings(
        store="memory", token=SecretStr(TOKEN), max_nesting_depth=8, max_blank_nodes=50
    )
    app = create_app(settings, store=served_store)
    app.state.store = served_store
    app.state.sparql = SparqlService(served_store, settings)
    return TestClient(app)


@pytest.mark.parametrize("path", ["/api/v1/ingest", "/store?graph=http://example.org/g"])
@pytest.mark.parametrize(
    ("body", "fmt", "limit"),
    [
        (nested_jsonld(9), RdfFormat.JSON_LD, "nesting-depth"),
        (blank_chain(60), RdfFormat.N_TRIPLES, "blank-nodes"),
        (entity_bomb(3), RdfFormat.RDF_XML, "doctype"),
    ],
    ids=["depth", "blank nodes", "doctype"],
)
def test_write_routes_answer_422_naming_the_setting(
    strict_client: TestClient,
    served_store: Store,
    path: str,
    body: bytes,
    fmt: RdfFormat,
    limit: str,
) -> None:
    before = (served_store.content_hash(), served_store.data_version)
    method = strict_client.post if path.startswith("/api") else strict_client.put
    response = method(path, content=body, headers={**AUTH, "Content-Type": fmt.media_type})
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["limit"] == limit and problem["setting"] == SETTING[limit]
    if SETTING[limit]:
        assert SETTING[limit] in problem["detail"]
    assert (served_store.content_hash(), served_store.data_version) == before


def test_every_hostile_body_of_the_issue_is_422_over_http(client: TestClient) -> None:
    for case, (body, fmt, limit) in HOSTILE.items():
        response = client.post(
            "/api/v1/ingest", content=body, headers={**AUTH, "Content-Type": fmt.media_type}
        )
        if response.status_code == 413:  # the conftest's app caps bodies at 64 KiB
            continue
        assert (response.status_code, response.json()["limit"]) == (422, limit), case


def test_docstring_examples_run() -> None:
    import doctest

    from app.ingest import limits

    assert doctest.testmod(limits).failed == 0
