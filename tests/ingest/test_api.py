"""POST/GET/DELETE /api/v1/ingest over HTTP on both stores: every error class leaves no trace."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from app.store import Store
from tests.ingest.conftest import AUTH, TOKEN, readme_example

NT = b'<http://example.org/a> <http://example.org/p> "1" .\n'
FORMATS = {
    "text/turtle": b'@prefix ex: <http://example.org/> . ex:a ex:p "1" .',
    "application/trig": b'@prefix ex: <http://example.org/> . ex:g { ex:a ex:p "1" . }',
    "application/n-triples": NT,
    "application/n-quads": b'<http://example.org/a> <http://example.org/p> "1" <http://e.org/g> .',
    "application/ld+json": b'{"@id": "http://example.org/a", "http://example.org/p": "1"}',
}
UNKNOWN_STATE = b"""@prefix pg: <https://w3id.org/pactgraph/ontology#> .
<agreement/x> a pg:Agreement ; pg:party <state/KORR>, <state/THA> ; pg:agreementType pg:GSOMIA ."""
ONE_PARTY = b"""@prefix pg: <https://w3id.org/pactgraph/ontology#> .
<agreement/x> a pg:Agreement ; pg:party <state/KOR> ; pg:agreementType pg:GSOMIA ."""

REJECTED = {
    "no token": ({}, "text/turtle", NT, 401),
    "wrong token": ({"Authorization": "Bearer nope"}, "text/turtle", NT, 403),
    "not RDF": (AUTH, "application/json", b'{"a": 1}', 415),
    "no content type": (AUTH, None, NT, 415),
    "syntax error": (AUTH, "text/turtle", b"<http://a> <http://b> .", 400),
    "unknown state": (AUTH, "text/turtle", UNKNOWN_STATE, 422),
    "shacl violation": (AUTH, "text/turtle", ONE_PARTY, 422),
    "empty batch": (AUTH, "text/turtle", b"", 422),
    "too large": (AUTH, "application/n-triples", NT * 2000, 413),
}


def _post(client: TestClient, body: bytes, content_type: str = "text/turtle") -> httpx.Response:
    return client.post(
        "/api/v1/ingest", content=body, headers={**AUTH, "Content-Type": content_type}
    )


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_rejected_request_leaves_the_store_unchanged(
    client: TestClient, served_store: Store, case: str
) -> None:
    headers, content_type, body, status = REJECTED[case]
    before = (served_store.content_hash(), served_store.data_version)
    full = {**headers, **({"Content-Type": content_type} if content_type else {})}
    response = client.post("/api/v1/ingest", content=body, headers=full)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert (served_store.content_hash(), served_store.data_version) == before


def test_syntax_error_names_line_and_column(client: TestClient) -> None:
    response = _post(client, b"<http://a> <http://b> <http://c> .\n<http://a> <http://b> .")
    problem = response.json()
    assert response.status_code == 400
    assert problem["line"] == 2 and isinstance(problem["column"], int)
    assert "line 2" in problem["detail"]


def test_unknown_state_problem_names_the_closest(client: TestClient) -> None:
    problem = _post(client, UNKNOWN_STATE).json()
    (error,) = problem["errors"]
    assert error["kind"] == "unknown-state"
    assert error["term"] == "https://w3id.org/pactgraph/id/state/KORR"
    assert error["closest"][0] == "https://w3id.org/pactgraph/id/state/KOR"


def test_shacl_problem_lists_focus_node_path_and_message(client: TestClient) -> None:
    problem = _post(client, ONE_PARTY).json()
    assert problem["status"] == 422
    assert all({"focus_node", "path", "message"} <= set(e) for e in problem["errors"])
    assert any(e["path"] == "pg:party" for e in problem["errors"])


def test_writes_are_off_without_a_configured_token(served_store: Store) -> None:
    from app.api import create_app
    from app.config import Settings

    with TestClient(create_app(Settings(store="memory"), store=served_store)) as client:
        response = _post(client, NT, "application/n-triples")
    assert response.status_code == 403


@pytest.mark.parametrize("content_type", sorted(FORMATS))
def test_each_rdf_format_is_accepted(client: TestClient, content_type: str) -> None:
    response = _post(client, FORMATS[content_type], f"{content_type}; charset=utf-8")
    assert response.status_code == 201, response.text
    assert response.json()["triples"] == 1


def test_same_content_again_is_200_with_the_same_batch(
    client: TestClient, served_store: Store
) -> None:
    _, payload = readme_example()
    source = "https://asia.nikkei.com/"
    first = client.post(
        "/api/v1/ingest",
        params={"source": source, "label": "MOU"},
        content=payload,
        headers={**AUTH, "Content-Type": "text/turtle"},
    )
    assert first.status_code == 201, first.text
    batch = first.json()
    assert batch["author"] == "default" and batch["source"] == source
    assert first.headers["location"] == batch["href"] == f"/api/v1/ingest/{batch['id']}"
    before = (served_store.content_hash(), served_store.data_version)
    again = _post(client, payload)
    assert again.status_code == 200
    assert again.json() == batch
    assert (served_store.content_hash(), served_store.data_version) == before
    assert client.get("/api/v1/ingest").json() == [batch]
    assert client.get(batch["href"]).json() == batch
    content = client.get(batch["href"] + "/content")
    assert content.headers["content-type"] == "application/n-triples"
    assert len(content.text.strip().splitlines()) == batch["triples"]


def test_declared_source_must_be_an_iri(client: TestClient, served_store: Store) -> None:
    before = served_store.content_hash()
    response = client.post(
        "/api/v1/ingest",
        params={"source": "not an iri"},
        content=NT,
        headers={**AUTH, "Content-Type": "application/n-triples"},
    )
    assert response.status_code == 400 and response.json()["parameter"] == "source"
    assert served_store.content_hash() == before


def test_retraction_needs_a_token_and_changes_the_data_version(client: TestClient) -> None:
    batch = _post(client, NT, "application/n-triples").json()
    version = client.get("/health").json()["data_version"]
    assert client.delete(batch["href"]).status_code == 401
    assert client.delete(batch["href"], headers={"Authorization": "Bearer x"}).status_code == 403
    done = client.delete(batch["href"], headers=AUTH)
    assert done.status_code == 200
    assert done.json()["retracted_by"] == "default" and done.json()["batch"] == batch
    assert client.get("/health").json()["data_version"] != version
    assert client.get(batch["href"]).status_code == 404
    assert client.get(batch["href"] + "/content").status_code == 404
    assert client.delete(batch["href"], headers=AUTH).status_code == 404


def test_body_limit_holds_without_a_content_length(client: TestClient, served_store: Store) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(100):  # 100 x 1 KiB: over the 64 KiB limit
            yield b"#" * 1023 + b"\n"

    before = served_store.content_hash()
    response = client.post(
        "/api/v1/ingest",
        content=chunks(),
        headers={**AUTH, "Content-Type": "text/turtle", "Transfer-Encoding": "chunked"},
    )
    assert response.status_code == 413
    assert response.json()["limit"] == 64 * 1024
    assert served_store.content_hash() == before
    assert TOKEN not in response.text


GSP_CASES = {
    "unknown state": ("http://example.org/graph/notes", UNKNOWN_STATE, 422),
    "shacl violation": ("http://example.org/graph/notes", ONE_PARTY, 422),
    "syntax error": ("http://example.org/graph/notes", b"<a> <b> .", 400),
    "provenance graph": ("https://w3id.org/pactgraph/id/graph/provenance", NT, 403),
    "a batch graph": ("https://w3id.org/pactgraph/id/graph/batch/0123456789abcdef", NT, 403),
    "a bundle file": ("https://w3id.org/pactgraph/id/graph/bundle/graph_data/states.ttl", NT, 403),
    "the derived graph": ("https://w3id.org/pactgraph/id/graph/derived", NT, 403),
    "the audit graph": ("https://w3id.org/pactgraph/id/graph/audit", NT, 403),
    "a future graph": ("https://w3id.org/pactgraph/id/graph/anything-new", NT, 403),
}


@pytest.mark.parametrize("method", ["PUT", "POST"])
@pytest.mark.parametrize("case", sorted(GSP_CASES))
def test_graph_store_writes_are_checked_like_batches(
    client: TestClient, served_store: Store, method: str, case: str
) -> None:
    graph, body, status = GSP_CASES[case]
    before = (served_store.content_hash(), served_store.data_version)
    response = client.request(
        method,
        "/store",
        params={"graph": graph},
        content=body,
        headers={**AUTH, "Content-Type": "text/turtle"},
    )
    assert response.status_code == status, response.text
    assert (served_store.content_hash(), served_store.data_version) == before


@pytest.mark.parametrize(
    "graph",
    [
        "https://w3id.org/pactgraph/id/graph/provenance",
        "https://w3id.org/pactgraph/id/graph/derived",
        "https://w3id.org/pactgraph/id/graph/bundle/graph_data/states.ttl",
    ],
)
def test_graph_store_delete_of_a_maintained_graph_is_refused(
    client: TestClient, served_store: Store, graph: str
) -> None:
    before = (served_store.content_hash(), served_store.data_version)
    response = client.delete("/store", params={"graph": graph}, headers=AUTH)
    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert (served_store.content_hash(), served_store.data_version) == before


def test_graph_store_put_of_valid_facts_refreshes_derived_data(
    client: TestClient, served_store: Store
) -> None:
    _, payload = readme_example()
    version = served_store.data_version
    response = client.put(
        "/store",
        params={"graph": "http://example.org/graph/notes"},
        content=payload,
        headers={**AUTH, "Content-Type": "text/turtle"},
    )
    assert response.status_code == 201, response.text
    assert served_store.data_version != version
    assert served_store.ask(
        "ASK { <https://w3id.org/pactgraph/id/state/KOR> "
        "<https://w3id.org/pactgraph/ontology#sharesIntelligenceWith> "
        "<https://w3id.org/pactgraph/id/state/THA> }"
    )


def test_sources_list_the_ingest_batches(client: TestClient) -> None:
    created = _post(client, NT)
    assert created.status_code == 201
    listed = client.get("/api/v1/sources").json()
    assert [b["id"] for b in listed["batches"]] == [created.json()["id"]]
    assert listed["batches"][0]["author"] and listed["batches"][0]["triples"] == 1
