"""Every entity IRI under /id dereferences: RDF by Accept or suffix, HTML for browsers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import NamedNode, RdfFormat, parse

KOR = NamedNode("https://w3id.org/pactgraph/id/state/KOR")
PG = "https://w3id.org/pactgraph/ontology#"


@pytest.mark.parametrize(
    ("url", "accept", "media_type", "fmt"),
    [
        ("/id/state/KOR", "text/turtle", "text/turtle", RdfFormat.TURTLE),
        ("/id/state/KOR", "application/ld+json", "application/ld+json", RdfFormat.JSON_LD),
        ("/id/state/KOR", "application/n-triples", "application/n-triples", RdfFormat.N_TRIPLES),
        ("/id/state/KOR", "*/*", "text/turtle", RdfFormat.TURTLE),
        ("/id/state/KOR.ttl", "text/html", "text/turtle", RdfFormat.TURTLE),
        ("/id/state/KOR.jsonld", None, "application/ld+json", RdfFormat.JSON_LD),
        ("/id/state/KOR.nt", None, "application/n-triples", RdfFormat.N_TRIPLES),
        (
            "/id/state/KOR",
            "text/html;q=0.5, application/n-triples",
            "application/n-triples",
            RdfFormat.N_TRIPLES,
        ),
    ],
)
def test_state_in_every_rdf_format(
    mini_client: TestClient, url: str, accept: str | None, media_type: str, fmt: RdfFormat
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = mini_client.get(url, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    triples = list(parse(response.content, fmt))
    assert any(
        t.subject == KOR and t.predicate.value == PG + "iso3" and t.object.value == "KOR"
        for t in triples
    )


def test_description_closes_over_blank_nodes(mini_client: TestClient) -> None:
    response = mini_client.get("/id/agreement/mini-kor-rus.nt")
    triples = list(parse(response.content, RdfFormat.N_TRIPLES))
    quotes = [t.object.value for t in triples if t.predicate.value == PG + "quote"]
    assert quotes == ["sealed a GSOMIA with Russia in 2001"]


def test_browsers_get_an_html_page_with_links(mini_client: TestClient) -> None:
    response = mini_client.get(
        "/id/agreement/mini-kor-rus", headers={"Accept": "text/html,application/xhtml+xml"}
    )
    assert response.headers["content-type"].startswith("text/html")
    assert "KOR-RUS GSOMIA" in response.text
    assert 'href="/id/state/KOR"' in response.text
    assert 'href="/id/agreement/mini-kor-rus.ttl"' in response.text


def test_unknown_entity_is_a_404_problem(mini_client: TestClient) -> None:
    response = mini_client.get("/id/state/XXX", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_unservable_accept_is_406(mini_client: TestClient) -> None:
    response = mini_client.get("/id/state/KOR", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "text/turtle" in response.json()["valid"]


def test_representations_have_distinct_etags(mini_client: TestClient) -> None:
    turtle = mini_client.get("/id/state/KOR", headers={"Accept": "text/turtle"})
    html = mini_client.get("/id/state/KOR", headers={"Accept": "text/html"})
    assert turtle.headers["etag"] != html.headers["etag"]
    assert turtle.headers["vary"] == "Accept"
    again = mini_client.get(
        "/id/state/KOR", headers={"Accept": "text/turtle", "If-None-Match": turtle.headers["etag"]}
    )
    assert again.status_code == 304


def test_other_entities_get_the_plain_page_on_the_shared_shell(mini_client: TestClient) -> None:
    # An event has no richer page: its statements in a table, on the entity pages' base
    # template (stylesheet, nav, RDF links in the footer), with no inline style (CSP).
    response = mini_client.get("/id/event/mini-announce", headers={"Accept": "text/html"})
    assert response.status_code == 200
    page = response.text
    assert "<style" not in page and "explore/pages.css" in page
    assert 'rel="alternate" href="/id/event/mini-announce.ttl" type="text/turtle"' in page
    assert 'href="/id/event/mini-announce.jsonld">application/ld+json</a>' in page
