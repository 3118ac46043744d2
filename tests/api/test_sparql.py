"""/sparql, /store and /.well-known/void over ASGI, on the embedded store and a real Oxigraph.

Every result format, every error the protocol names, the write protection, the result cap,
the Graph Store Protocol, the service description, VoID and CORS.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from app.api import create_app
from app.config import Settings
from app.media import GRAPH_FORMATS, RESULT_FORMATS
from app.ontology import ID_NS, PG_NS, SPARQL_PREFIXES
from app.store import Store

TOKEN = "sparql-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
G = "http://example.org/graph/test"
#: Graph the write tests write into (G stays as the fixture made it).
W = "http://example.org/graph/writes"
SELECT = f"SELECT ?s ?o WHERE {{ GRAPH <{G}> {{ ?s <http://example.org/p> ?o }} }} ORDER BY ?o"
CONSTRUCT = f"CONSTRUCT {{ ?s <http://example.org/p> ?o }} WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}"
SD = "http://www.w3.org/ns/sparql-service-description#"


def make_client(store: Store, **settings: Any) -> TestClient:
    values: dict[str, Any] = {"store": "memory", "token": SecretStr(TOKEN)} | settings
    return TestClient(create_app(Settings(**values), store=store))


@pytest.fixture(scope="module")
def store(module_store: Store) -> Store:
    """One store of each kind for the module: the bundle is loaded once, not per test.

    Tests that write use graphs of their own (never ``G``), so they cannot disturb the others.
    """
    module_store.add_quads(
        Quad(
            NamedNode(f"http://example.org/s{i}"),
            NamedNode("http://example.org/p"),
            NamedNode(f"http://example.org/o{i}"),
            NamedNode(G),
        )
        for i in range(3)
    )
    return module_store


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with make_client(store) as client:
        yield client


def sparql_update(client: TestClient, text: str, **headers: str) -> Any:
    return client.post(
        "/sparql", content=text, headers={"Content-Type": "application/sparql-update", **headers}
    )


@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=[f.name for f in RESULT_FORMATS])
def test_select_answers_in_each_results_format_by_accept(client: TestClient, fmt: Any) -> None:
    response = client.get("/sparql", params={"query": SELECT}, headers={"Accept": fmt.media_type})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == fmt.media_type
    assert "Accept" in response.headers["vary"]
    assert response.text.count("http://example.org/o") == 3


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=[f.name for f in GRAPH_FORMATS])
def test_construct_answers_in_each_rdf_format_by_accept(client: TestClient, fmt: Any) -> None:
    response = client.post(
        "/sparql",
        data={"query": CONSTRUCT},
        headers={"Accept": fmt.media_type},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == fmt.media_type
    triples = list(parse(response.content, fmt.pyoxigraph))
    assert len(triples) == 3


def test_unmatched_accept_falls_back_to_json(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert response.json() == {"head": {}, "boolean": True}


def test_accept_q_values_pick_the_preferred_format(client: TestClient) -> None:
    accept = "application/sparql-results+json;q=0.5, text/csv;q=0.9, */*;q=0.1"
    response = client.get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert response.headers["content-type"].startswith("text/csv")


def test_format_parameter_downloads_with_a_file_name(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT, "format": "tsv"})
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    assert response.headers["content-disposition"] == 'attachment; filename="results.tsv"'
    bad = client.get("/sparql", params={"query": SELECT, "format": "yaml"})
    assert bad.status_code == 400
    assert "turtle" in bad.json()["valid"]


def test_syntax_error_is_400_with_the_parsers_message_and_position(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p }"})
    assert response.status_code == 400
    body = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert body["title"] == "SPARQL syntax error"
    assert body["detail"].startswith("error at 2:")
    assert body["line"] == 2 and body["column"] > 0


def test_protocol_dataset_narrows_the_union_default_graph(client: TestClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/p> ?o }"
    union = client.get("/sparql", params={"query": query}).json()
    narrowed = client.get(
        "/sparql", params={"query": query, "default-graph-uri": "http://example.org/none"}
    ).json()
    assert union["results"]["bindings"][0]["n"]["value"] == "3"
    assert narrowed["results"]["bindings"][0]["n"]["value"] == "0"
    bad = client.get("/sparql", params={"query": query, "default-graph-uri": "not an iri"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "default-graph-uri"


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { SERVICE <http://169.254.169.254/> { ?s ?p ?o } }",
        "SELECT * WHERE { service silent ?endpoint { ?s ?p ?o } }",
    ],
)
def test_service_is_refused_by_default(client: TestClient, text: str) -> None:
    response = client.get("/sparql", params={"query": text})
    assert response.status_code == 403
    assert "PACTGRAPH_ALLOW_SERVICE" in response.json()["detail"]


def test_load_is_refused_by_default_even_with_the_token(client: TestClient) -> None:
    response = sparql_update(client, "LOAD <http://127.0.0.1:1/secret>", **AUTH)
    assert response.status_code == 403
    assert response.json()["keyword"] == "LOAD"


def test_the_word_service_in_strings_iris_and_names_is_not_federation(client: TestClient) -> None:
    text = (
        "PREFIX ex: <http://example.org/SERVICE/>\n"
        'SELECT ?service WHERE { BIND("SERVICE <x> {}" AS ?service) ?service ex:SERVICE ?o } '
        "# SERVICE"
    )
    assert client.get("/sparql", params={"query": text}).status_code == 200


def test_update_needs_the_token(client: TestClient) -> None:
    insert = f"INSERT DATA {{ GRAPH <{W}> {{ <http://example.org/new> a <http://x/T> }} }}"
    missing = sparql_update(client, insert)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert sparql_update(client, insert, Authorization="Bearer wrong").status_code == 403
    assert client.post("/sparql", data={"update": insert}).status_code == 401
    assert sparql_update(client, insert, **AUTH).status_code == 204


def test_writes_are_off_without_a_configured_token(store: Store) -> None:
    with make_client(store, token=None) as client:
        response = sparql_update(client, "CLEAR ALL", **AUTH)
    assert response.status_code == 403
    assert "no write token configured" in response.json()["detail"]


def test_update_refreshes_derived_relations_and_the_data_version(
    client: TestClient, store: Store
) -> None:
    before = store.data_version
    agreement = f"<{ID_NS}agreement/test-gsomia>"
    update = (
        SPARQL_PREFIXES
        + f"""INSERT DATA {{ GRAPH <{W}> {{
        {agreement} a pg:Agreement ; pg:agreementType pg:GSOMIA ;
            pg:party pgid:state\\/KOR, pgid:state\\/JPN ; pg:signed "2016-11-23"^^xsd:date .
    }} }}"""
    )
    assert sparql_update(client, update, **AUTH).status_code == 204
    assert store.data_version != before
    ask = f"ASK {{ <{ID_NS}state/KOR> <{PG_NS}sharesIntelligenceWith> <{ID_NS}state/JPN> }}"
    assert client.get("/sparql", params={"query": ask}).json()["boolean"] is True


def test_body_over_the_limit_is_413(store: Store) -> None:
    with make_client(store, max_body_bytes=1024) as client:
        response = client.post(
            "/sparql",
            content="ASK {}" + " " * 2000,
            headers={"Content-Type": "application/sparql-query"},
        )
    assert response.status_code == 413
    assert "PACTGRAPH_MAX_BODY_BYTES" in response.json()["detail"]


def test_result_cap_truncates_with_a_marker(store: Store) -> None:
    with make_client(store, result_cap=2) as client:
        query = f"SELECT ?s WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}"
        response = client.get("/sparql", params={"query": query})
        csv = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    body = response.json()
    assert len(body["results"]["bindings"]) == 2
    assert body["head"]["link"] == ["https://w3id.org/pactgraph/problems/result-truncated"]
    assert response.headers["pactgraph-truncated"].startswith("rows=2")
    assert csv.text.count("\n") == 3 and "pactgraph-truncated" in csv.headers


def test_two_operations_in_one_request_are_refused(client: TestClient) -> None:
    response = client.post(
        "/sparql?query=ASK%20%7B%7D",
        content="ASK {}",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert response.status_code == 400
    assert "more than one operation" in response.json()["detail"]


def test_wrong_method_is_405_and_wrong_media_type_415(client: TestClient) -> None:
    assert client.delete("/sparql").status_code == 405
    response = client.post("/sparql", content="{}", headers={"Content-Type": "application/json"})
    assert response.status_code == 415
    assert "application/sparql-query" in response.json()["valid"]


def test_service_description_says_the_default_graph_is_the_union(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    triples = list(parse(response.content, RdfFormat.TURTLE))
    features = {t.object for t in triples if t.predicate == NamedNode(SD + "feature")}
    assert NamedNode(SD + "UnionDefaultGraph") in features
    names = {t.object for t in triples if t.predicate == NamedNode(SD + "name")}
    assert NamedNode(G) in names


def test_void_lists_each_named_graph_with_its_triple_count(client: TestClient) -> None:
    response = client.get("/.well-known/void", headers={"Accept": "application/n-triples"})
    triples = list(parse(response.content, RdfFormat.N_TRIPLES))
    counts = {
        t.subject: int(t.object.value)
        for t in triples
        if t.predicate == NamedNode("http://rdfs.org/ns/void#triples")
    }
    assert counts[NamedNode(G)] == 3


def test_cors_allows_cross_origin_queries(client: TestClient) -> None:
    preflight = client.options(
        "/sparql",
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]
    simple = client.get(
        "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"}
    )
    assert simple.headers["access-control-allow-origin"] == "*"
    assert (
        "access-control-allow-origin"
        not in client.get("/health", headers={"Origin": "https://yasgui.example"}).headers
    )


def test_browsers_get_the_query_page(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    config = response.text.split('type="application/json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(config)["prefixes"]["pg"] == PG_NS
    assert client.get("/static/sparql/highlight.js").status_code == 200


# Graph Store HTTP Protocol


def test_graph_store_reads_are_open(client: TestClient) -> None:
    response = client.get(
        "/store", params={"graph": G}, headers={"Accept": "application/n-triples"}
    )
    assert response.status_code == 200
    assert len(list(parse(response.content, RdfFormat.N_TRIPLES))) == 3
    union = client.get("/store?default", headers={"Accept": "application/n-triples"})
    assert len(list(parse(union.content, RdfFormat.N_TRIPLES))) > 3
    missing = client.get("/store", params={"graph": "http://example.org/none"})
    assert missing.status_code == 404


def test_graph_store_writes_need_the_token_and_keep_derived_data_fresh(
    client: TestClient, store: Store
) -> None:
    target = "http://example.org/graph/gsp"
    body = "<http://example.org/a> <http://example.org/p> <http://example.org/b> ."
    turtle = {"Content-Type": "text/turtle"}
    assert (
        client.put("/store", params={"graph": target}, content=body, headers=turtle).status_code
        == 401
    )
    version = store.data_version
    created = client.put("/store", params={"graph": target}, content=body, headers=turtle | AUTH)
    assert created.status_code == 201
    assert store.data_version != version
    replaced = client.put("/store", params={"graph": target}, content=body, headers=turtle | AUTH)
    assert replaced.status_code == 204
    more = "<http://example.org/c> <http://example.org/p> <http://example.org/d> ."
    added = client.post("/store", params={"graph": target}, content=more, headers=turtle | AUTH)
    assert added.status_code == 204
    got = client.get(
        "/store", params={"graph": target}, headers={"Accept": "application/n-triples"}
    )
    assert len(list(parse(got.content, RdfFormat.N_TRIPLES))) == 2
    assert client.delete("/store", params={"graph": target}).status_code == 401
    assert client.delete("/store", params={"graph": target}, headers=AUTH).status_code == 204
    assert client.delete("/store", params={"graph": target}, headers=AUTH).status_code == 404


def test_graph_store_refuses_bad_writes_clearly(client: TestClient) -> None:
    default = client.put(
        "/store?default", content="", headers={"Content-Type": "text/turtle"} | AUTH
    )
    assert default.status_code == 400 and "union" in default.json()["detail"]
    media = client.put(
        "/store", params={"graph": G}, content="x", headers={"Content-Type": "image/png"} | AUTH
    )
    assert media.status_code == 415
    syntax = client.put(
        "/store",
        params={"graph": G},
        content="<a> <b>",
        headers={"Content-Type": "text/turtle"} | AUTH,
    )
    assert syntax.status_code == 400 and syntax.json()["title"] == "RDF syntax error"
    neither = client.get("/store")
    assert neither.status_code == 400
