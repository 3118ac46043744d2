"""A standard SPARQL client works against the endpoint: rdflib's SPARQLStore over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from app.api import create_app
from app.config import Settings
from app.ontology import ID_NS, PG_NS
from tests.live_server import serve


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with serve(create_app(Settings(store="memory"))) as url:
        yield f"{url}/sparql"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_rdflib_sparqlstore_queries_the_endpoint(endpoint: str, method: str) -> None:
    graph = Graph(SPARQLStore(endpoint, method=method, returnFormat="xml"))
    rows = list(
        graph.query(
            "SELECT ?label WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?label ; "
            "<https://w3id.org/pactgraph/ontology#iso3> 'KOR' }"
        )
    )
    assert [str(row[0]) for row in rows] == ["South Korea"]
    korea = URIRef(f"{ID_NS}state/KOR")
    assert graph.query(f"ASK {{ <{korea}> a <{PG_NS}State> }}").askAnswer is True
