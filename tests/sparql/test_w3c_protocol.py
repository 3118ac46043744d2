"""The W3C SPARQL 1.1 Protocol test suite, case by case, against the app over ASGI.

Source: ``sparql/sparql11/protocol/manifest.ttl`` of the public repository w3c/rdf-tests
(commit 645032e4b7aee6b0f9218cce7836207603ec0175). The manifest describes each test in prose
(request and expected response), with no machine-runnable fixtures; every entry is
translated here into one parametrised case named after it, run on the embedded store and
on a real Oxigraph server, with its requests verbatim except
that ``/sparql/`` is written ``/sparql`` (the manifest accepts a 3xx, and the redirect would only
add a round trip), and that the four ``update_dataset_*`` cases reset the store by dropping the
three kasei.us graphs by name instead of ``CLEAR ALL``. Update cases send the write token.

pactgraph refuses ``CLEAR ALL`` (403): it would clear the graphs pactgraph maintains
(:mod:`app.graphs`), and an update may not write graphs it does not name. So the two cases whose
whole update is ``CLEAR ALL``, ``update_post_form`` and ``update_post_direct``, are the suite's
two known quirks: they are pinned here as refused (:data:`REFUSED_BY_DESIGN`); the other 32
pass as the manifest says.

The dataset tests name graphs ``http://kasei.us/2009/09/sparql/data/data{1,2,3}.rdf`` whose
files are not part of the manifest; what the tests need of them is that each graph describes its
own IRI with an ``rdf:type``, so :data:`KASEI_GRAPHS` holds one such triple per graph (plus a
title, for the query that joins the default graph with the named graphs).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from app.api import create_app
from app.config import Settings
from app.store import Store

TOKEN = "w3c-protocol-token"
K = "http://kasei.us/2009/09/sparql/data/"
KASEI_GRAPHS = " ".join(
    f"GRAPH <{K}data{n}.rdf> {{ <{K}data{n}.rdf> a <http://xmlns.com/foaf/0.1/Document> ; "
    f'<http://purl.org/dc/terms/title> "data{n}" }}'
    for n in (1, 2, 3)
)
RESULTS = ("application/sparql-results+xml", "application/sparql-results+json")
SELECT_TYPES = (*RESULTS, "text/tab-separated-values", "text/csv")
# The manifest lists RDF/XML, RDF/JSON and Turtle; the endpoint's default is Turtle.
GRAPH_TYPES = ("application/rdf+xml", "application/rdf+json", "text/turtle")


@dataclass(frozen=True)
class Step:
    """One request of a manifest entry and what its response must be."""

    method: str
    target: str
    content_type: str | None = None
    body: bytes | str = b""
    accept: str | None = None
    status: str = "2xx"  # or "4xx"
    media_types: tuple[str, ...] = ()
    boolean: bool | None = None


@dataclass(frozen=True)
class Case:
    name: str
    steps: tuple[Step, ...]
    update: bool = False
    #: An update run before the case's requests (see update_base_uri).
    setup: str | None = None


def _q(text: str) -> str:
    return quote(text, safe="")


def ask_true(query: str) -> Step:
    """The follow-up ASK of the update cases (Accept XML, expects true)."""
    return Step(
        "POST",
        "/sparql",
        "application/sparql-query",
        query,
        accept="application/sparql-results+xml",
        media_types=("application/sparql-results+xml",),
        boolean=True,
    )


D1, D2, D3 = (_q(f"{K}data{n}.rdf") for n in (1, 2, 3))
RESET = "".join(f"DROP SILENT GRAPH <{K}data{n}.rdf> ;\n" for n in (1, 2, 3)) + "CLEAR DEFAULT ;\n"
UPDATE_PROLOGUE = f"""PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
{RESET}"""
#: Cases whose update is ``CLEAR ALL``: refused, as it names none of the graphs it clears.
REFUSED_BY_DESIGN = {"update_post_form", "update_post_direct"}
INSERT_THREE = f"""INSERT DATA {{
    GRAPH <{K}data1.rdf> {{ <{K}data1.rdf> a foaf:Document }}
    GRAPH <{K}data2.rdf> {{ <{K}data2.rdf> a foaf:Document }}
    GRAPH <{K}data3.rdf> {{ <{K}data3.rdf> a foaf:Document }}
}} ;
"""
BIB = "<http://purl.org/dc/terms/BibliographicResource>"

CASES = [
    Case(
        "query_post_form",
        (
            Step(
                "POST",
                "/sparql",
                "application/x-www-form-urlencoded",
                "query=ASK%20%7B%7D",
                media_types=RESULTS,
                boolean=True,
            ),
        ),
    ),
    Case(
        "query_dataset_default_graphs_get",
        (
            Step(
                "GET",
                "/sparql?query="
                + _q(f"ASK {{ <{K}data1.rdf> a ?type . <{K}data2.rdf> a ?type . }}")
                + f"&default-graph-uri={D1}&default-graph-uri={D2}",
                media_types=RESULTS,
                boolean=True,
            ),
        ),
    ),
    Case(
        "query_dataset_default_graphs_post",
        (
            Step(
                "POST",
                f"/sparql?default-graph-uri={D1}&default-graph-uri={D2}",
                "application/sparql-query",
                f"ASK {{ <{K}data1.rdf> ?p ?o . <{K}data2.rdf> ?p ?o }}",
                media_types=RESULTS,
                boolean=True,
            ),
        ),
    ),
    Case(
        "query_dataset_named_graphs_post",
        (
            Step(
                "POST",
                f"/sparql?named-graph-uri={D1}&named-graph-uri={D2}",
                "application/sparql-query",
                "ASK { GRAPH ?g { ?s ?p ?o } }",
                media_types=RESULTS,
                boolean=True,
            ),
        ),
    ),
    Case(
        "query_dataset_named_graphs_get",
        (
            Step(
                "GET",
                f"/sparql?named-graph-uri={D1}&named-graph-uri={D2}&query="
                + _q("ASK { GRAPH ?g { ?s ?p ?o } }"),
                media_types=RESULTS,
                boolean=True,
            ),
        ),
    ),
    Case(
        "query_dataset_full",
        (
            Step(
                "POST",
                f"/sparql?default-graph-uri={D3}&named-graph-uri={D1}&named-graph-uri={D2}",
                "application/sparql-query",
                "SELECT ?g ?x ?s { ?x ?y ?o  GRAPH ?g { ?s ?p ?o } }",
                media_types=RESULTS,
            ),
        ),
    ),
    Case(
        "query_multiple_dataset",
        (
            Step(
                "POST",
                f"/sparql?default-graph-uri={D2}",
                "application/sparql-query",
                f"ASK FROM <{K}data1.rdf> {{ <{K}data1.rdf> ?p ?o }}",
                media_types=RESULTS,
                boolean=False,
            ),
        ),
    ),
    Case(
        "query_get",
        (Step("GET", "/sparql?query=ASK%20%7B%7D", media_types=RESULTS, boolean=True),),
    ),
    Case(
        "query_content_type_select",
        (
            Step(
                "POST",
                "/sparql",
                "application/sparql-query",
                "SELECT (1 AS ?value) {}",
                media_types=SELECT_TYPES,
            ),
        ),
    ),
    Case(
        "query_content_type_ask",
        (Step("POST", "/sparql", "application/sparql-query", "ASK {}", media_types=RESULTS),),
    ),
    Case(
        "query_content_type_describe",
        (
            Step(
                "POST",
                "/sparql",
                "application/sparql-query",
                "DESCRIBE <http://example.org/>",
                media_types=GRAPH_TYPES,
            ),
        ),
    ),
    Case(
        "query_content_type_construct",
        (
            Step(
                "POST",
                "/sparql",
                "application/sparql-query",
                "CONSTRUCT { <s> <p> 1 } WHERE {}",
                media_types=GRAPH_TYPES,
            ),
        ),
    ),
    Case(
        "update_dataset_default_graph",
        (
            Step(
                "POST",
                f"/sparql?using-graph-uri={D1}",
                "application/sparql-update",
                UPDATE_PROLOGUE
                + f"""INSERT DATA {{
    GRAPH <{K}data1.rdf> {{ <{K}data1.rdf> a foaf:Document }}
}} ;
INSERT {{ GRAPH <http://example.org/protocol-update-dataset-test/> {{
    ?s a dc:BibliographicResource }} }}
WHERE {{ ?s a foaf:Document }}""",
            ),
            ask_true(
                "ASK { GRAPH <http://example.org/protocol-update-dataset-test/> { "
                f"<{K}data1.rdf> a {BIB} }} }}"
            ),
        ),
        update=True,
    ),
    Case(
        "update_dataset_default_graphs",
        (
            Step(
                "POST",
                f"/sparql?using-graph-uri={D1}&using-graph-uri={D2}",
                "application/sparql-update",
                UPDATE_PROLOGUE
                + INSERT_THREE
                + """INSERT { GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {
    ?s a dc:BibliographicResource } }
WHERE { ?s a foaf:Document }""",
            ),
            ask_true(
                "ASK { GRAPH <http://example.org/protocol-update-dataset-graphs-test/> { "
                f"<{K}data1.rdf> a {BIB} . <{K}data2.rdf> a {BIB} . }} "
                "FILTER NOT EXISTS { GRAPH "
                f"<http://example.org/protocol-update-dataset-graphs-test/> {{ <{K}data3.rdf> "
                f"a {BIB} . }} }} }}"
            ),
        ),
        update=True,
    ),
    Case(
        "update_dataset_named_graphs",
        (
            Step(
                "POST",
                f"/sparql?using-named-graph-uri={D1}&using-named-graph-uri={D2}",
                "application/sparql-update",
                UPDATE_PROLOGUE
                + INSERT_THREE
                + "INSERT { GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/>"
                + """ {
    ?s a dc:BibliographicResource } }
WHERE { GRAPH ?g { ?s a foaf:Document } }""",
            ),
            ask_true(
                "ASK { GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> { "
                f"<{K}data1.rdf> a {BIB} . <{K}data2.rdf> a {BIB} . }} "
                "FILTER NOT EXISTS { GRAPH "
                f"<http://example.org/protocol-update-dataset-named-graphs-test/> {{ "
                f"<{K}data3.rdf> a {BIB} . }} }} }}"
            ),
        ),
        update=True,
    ),
    Case(
        "update_dataset_full",
        (
            Step(
                "POST",
                f"/sparql?using-graph-uri={D1}&using-named-graph-uri={D2}",
                "application/sparql-update",
                UPDATE_PROLOGUE
                + INSERT_THREE
                + """INSERT { GRAPH <http://example.org/protocol-update-dataset-full-test/> {
    ?s <http://example.org/in> ?in } }
WHERE {
    { GRAPH ?g { ?s a foaf:Document } BIND(?g AS ?in) }
    UNION
    { ?s a foaf:Document . BIND("default" AS ?in) }
}""",
            ),
            ask_true(
                "ASK { GRAPH <http://example.org/protocol-update-dataset-full-test/> { "
                f'<{K}data1.rdf> <http://example.org/in> "default" . '
                f"<{K}data2.rdf> <http://example.org/in> <{K}data2.rdf> . }} "
                "FILTER NOT EXISTS { GRAPH <http://example.org/protocol-update-dataset-full-test/> "
                f"{{ <{K}data3.rdf> ?p ?o }} }} }}"
            ),
        ),
        update=True,
    ),
    Case(
        "update_post_form",
        (Step("POST", "/sparql", "application/x-www-form-urlencoded", "update=CLEAR%20ALL"),),
        update=True,
    ),
    Case(
        "update_post_direct",
        (Step("POST", "/sparql", "application/sparql-update", "CLEAR ALL"),),
        update=True,
    ),
    Case(
        "update_base_uri",
        (
            Step(
                "POST",
                "/sparql",
                "application/sparql-update",
                "CLEAR GRAPH <http://example.org/protocol-base-test/> ;\n"
                "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { "
                "<http://example.org/s> <http://example.org/p> <test> } }",
            ),
            Step(
                "POST",
                "/sparql",
                "application/sparql-query",
                "SELECT ?o WHERE { GRAPH <http://example.org/protocol-base-test/> { "
                "<http://example.org/s> <http://example.org/p> ?o } }",
                accept="application/sparql-results+xml",
                media_types=("application/sparql-results+xml",),
            ),
        ),
        update=True,
        # Oxigraph records graphs and fails CLEAR of a graph it does not have, as SPARQL 1.1
        # Update 3.1.3 allows without SILENT; the manifest assumes the graph exists (earlier
        # runs made it), so it is made here and the requests stay verbatim.
        setup="INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { "
        "<http://example.org/s> <http://example.org/p> <http://example.org/old> } }",
    ),
    Case(
        "query_post_direct",
        (
            Step(
                "POST",
                "/sparql",
                "application/sparql-query",
                "ASK {}",
                media_types=RESULTS,
                boolean=True,
            ),
        ),
    ),
    Case("bad_query_method", (Step("PUT", "/sparql?query=ASK%20%7B%7D", status="4xx"),)),
    Case(
        "bad_multiple_queries",
        (Step("GET", "/sparql?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", status="4xx"),),
    ),
    Case(
        "bad_query_wrong_media_type",
        (Step("POST", "/sparql", "text/plain", "ASK {}", status="4xx"),),
    ),
    Case(
        "bad_query_missing_form_type",
        (Step("POST", "/sparql", None, "query=ASK%20%7B%7D", status="4xx"),),
    ),
    Case("bad_query_missing_direct_type", (Step("POST", "/sparql", None, "ASK {}", status="4xx"),)),
    Case(
        "bad_query_non_utf8",
        (
            Step(
                "POST",
                "/sparql",
                "application/sparql-query; charset=UTF-16",
                "ASK {}".encode("utf-16"),
                status="4xx",
            ),
        ),
    ),
    Case("bad_query_syntax", (Step("GET", "/sparql?query=ASK%20%7B", status="4xx"),)),
    Case("bad_update_get", (Step("GET", "/sparql?update=CLEAR%20ALL", status="4xx"),), True),
    Case(
        "bad_multiple_updates",
        (
            Step(
                "POST",
                "/sparql",
                "application/x-www-form-urlencoded",
                "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT",
                status="4xx",
            ),
        ),
        update=True,
    ),
    Case(
        "bad_update_wrong_media_type",
        (Step("POST", "/sparql", "text/plain", "CLEAR NAMED", status="4xx"),),
        update=True,
    ),
    Case(
        "bad_update_missing_form_type",
        (Step("POST", "/sparql", None, "update=CLEAR%20NAMED", status="4xx"),),
        update=True,
    ),
    Case(
        "bad_update_non_utf8",
        (
            Step(
                "POST",
                "/sparql",
                "application/sparql-update; charset=UTF-16",
                "CLEAR NAMED".encode("utf-16"),
                status="4xx",
            ),
        ),
        update=True,
    ),
    Case(
        "bad_update_syntax",
        (
            Step(
                "POST",
                "/sparql",
                "application/x-www-form-urlencoded",
                "update=CLEAR%20XYZ",
                status="4xx",
            ),
        ),
        update=True,
    ),
    Case(
        "bad_update_dataset_conflict",
        (
            Step(
                "POST",
                "/sparql",
                "application/x-www-form-urlencoded",
                "using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople&update=%09%09PREFIX%20foaf%3A"
                "%20%20%3Chttp%3A%2F%2Fxmlns.com%2Ffoaf%2F0.1%2F%3E%0A%09%09WITH%20%3Chttp%3A%2F%2F"
                "example%2Faddresses%3E%0A%09%09DELETE%20%7B%20%3Fperson%20foaf%3AgivenName%20%27"
                "Bill%27%20%7D%0A%09%09INSERT%20%7B%20%3Fperson%20foaf%3AgivenName%20%27William%27"
                "%20%7D%0A%09%09WHERE%20%7B%0A%09%09%09%3Fperson%20foaf%3AgivenName%20%27Bill%27"
                "%0A%09%09%7D%0A",
                status="4xx",
            ),
        ),
        update=True,
    ),
]

MANIFEST_ENTRIES = [
    "query_post_form", "query_dataset_default_graphs_get", "query_dataset_default_graphs_post",
    "query_dataset_named_graphs_post", "query_dataset_named_graphs_get", "query_dataset_full",
    "query_multiple_dataset", "query_get", "query_content_type_select", "query_content_type_ask",
    "query_content_type_describe", "query_content_type_construct",
    "update_dataset_default_graph", "update_dataset_default_graphs",
    "update_dataset_named_graphs", "update_dataset_full", "update_post_form",
    "update_post_direct", "update_base_uri", "query_post_direct", "bad_query_method",
    "bad_multiple_queries", "bad_query_wrong_media_type", "bad_query_missing_form_type",
    "bad_query_missing_direct_type", "bad_query_non_utf8", "bad_query_syntax", "bad_update_get",
    "bad_multiple_updates", "bad_update_wrong_media_type", "bad_update_missing_form_type",
    "bad_update_non_utf8", "bad_update_syntax", "bad_update_dataset_conflict",
]  # fmt: skip


@pytest.fixture(scope="module")
def client(module_store: Store) -> Iterator[TestClient]:
    """The app on each kind of store: embedded (query workers) and a real Oxigraph server."""
    settings = Settings(store="memory", token=SecretStr(TOKEN))
    with TestClient(create_app(settings, store=module_store)) as client:
        yield client


def run_update(client: TestClient, update: str) -> None:
    response = client.post(
        "/sparql",
        content=update,
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 204, response.text


@pytest.fixture
def kasei(client: TestClient, module_store: Store) -> None:
    """Reset the store to the three kasei.us graphs before each case (updates clear it).

    The store is emptied directly: no client may ``DROP ALL`` over the protocol.
    """
    module_store.update("DROP SILENT ALL")
    module_store.bump_data_version()
    run_update(client, f"INSERT DATA {{ {KASEI_GRAPHS} }}")


def test_every_manifest_entry_has_a_case() -> None:
    assert [case.name for case in CASES] == MANIFEST_ENTRIES


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
@pytest.mark.usefixtures("kasei")
def test_w3c_protocol(case: Case, client: TestClient) -> None:
    if case.setup is not None:
        run_update(client, case.setup)
    for step in case.steps:
        headers = {}
        if step.content_type is not None:
            headers["Content-Type"] = step.content_type
        if step.accept is not None:
            headers["Accept"] = step.accept
        if case.update:
            headers["Authorization"] = f"Bearer {TOKEN}"
        body = step.body.encode() if isinstance(step.body, str) else step.body
        response = client.request(step.method, step.target, content=body, headers=headers)
        if case.name in REFUSED_BY_DESIGN:
            assert response.status_code == 403, response.text
            assert "CLEAR ALL" in response.json()["detail"]
            continue
        if step.status == "4xx":
            assert 400 <= response.status_code < 500, response.text
            assert response.headers["content-type"] == "application/problem+json"
            continue
        assert 200 <= response.status_code < 400, response.text
        if step.media_types:
            media_type = response.headers["content-type"].split(";")[0]
            assert media_type in step.media_types
        if step.boolean is not None:
            text = response.text
            assert ("true" in text) is step.boolean and ("false" in text) is not step.boolean
        if case.name == "update_base_uri" and step.media_types:
            assert "<uri>" in response.text and "<uri>test</uri>" not in response.text
