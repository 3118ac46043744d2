"""Remote store: any SPARQL 1.1 server (Oxigraph server, Fuseki, Virtuoso, GraphDB).

Queries and updates go through the SPARQL 1.1 Protocol, whole-graph writes through the Graph
Store HTTP Protocol. The server must treat its default graph as the union of the named graphs
(``oxigraph serve --union-default-graph``, Fuseki's ``unionDefaultGraph``), as the embedded
store does; README and docker-compose.yml say so.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import httpx
from pyoxigraph import (
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

from app.errors import PactgraphError, SparqlSyntaxError, StoreUnavailable
from app.store.base import Row, Store, StoreKind, parse_triples, solution_rows
from app.store.terms import sparql_term

_ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def derive_endpoints(query_url: str) -> tuple[str, str]:
    """Guess the update and Graph Store endpoints from the query endpoint's URL.

    Oxigraph serves ``/query``, ``/update`` and ``/store``; Fuseki ``/ds/query`` (or
    ``/ds/sparql``), ``/ds/update`` and ``/ds/data``. Other layouts set both URLs explicitly.
    """
    base, _, last = query_url.rstrip("/").rpartition("/")
    if last == "query" and not base.endswith(("/ds", "fuseki")):
        return f"{base}/update", f"{base}/store"
    if last in {"query", "sparql"}:
        return f"{base}/update", f"{base}/data"
    return f"{query_url}/update", f"{query_url}/store"


class RemoteStore(Store):
    """A store reached over HTTP; every call maps transport failures to StoreUnavailable."""

    kind: StoreKind = "remote"

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        gsp_url: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        derived_update, derived_gsp = derive_endpoints(query_url)
        self.query_url = query_url
        self.update_url = update_url or derived_update
        self.gsp_url = gsp_url or derived_gsp
        self.client = httpx.Client(timeout=timeout)

    def _post(self, url: str, body: bytes, content_type: str, accept: str) -> httpx.Response:
        try:
            response = self.client.post(
                url, content=body, headers={"Content-Type": content_type, "Accept": accept}
            )
        except httpx.TransportError as exc:
            raise StoreUnavailable(f"the SPARQL server at {url} did not answer: {exc}") from exc
        return _checked(response)

    def _query(self, sparql: str, accept: str) -> bytes:
        return self._post(
            self.query_url, sparql.encode(), "application/sparql-query", accept
        ).content

    def select(self, sparql: str) -> list[Row]:
        data = self._query(sparql, "application/sparql-results+json")
        result = parse_query_results(data, QueryResultsFormat.JSON)
        if not isinstance(result, QuerySolutions):
            raise SparqlSyntaxError("expected a SELECT query")
        return solution_rows(result)

    def ask(self, sparql: str) -> bool:
        result = parse_query_results(
            self._query(sparql, "application/sparql-results+json"), QueryResultsFormat.JSON
        )
        if not isinstance(result, QueryBoolean):
            raise SparqlSyntaxError("expected an ASK query")
        return bool(result)

    def construct(self, sparql: str) -> list[Triple]:
        data = self._query(sparql, "application/n-triples")
        return [Triple(q.subject, q.predicate, q.object) for q in parse(data, RdfFormat.N_TRIPLES)]

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        # The protocol has no base parameter: a BASE declaration in front does the same.
        if base_iri is not None:
            sparql = f"BASE {sparql_term(NamedNode(base_iri))}\n{sparql}"
        self._post(self.update_url, sparql.encode(), "application/sparql-update", "*/*")

    def query_raw(
        self, sparql: str, params: list[tuple[str, str]], accept: str, timeout: float
    ) -> httpx.Response:
        """Send a query as the SPARQL endpoint received it, with the caller's time limit.

        :raises httpx.TimeoutException: the server took longer than ``timeout`` seconds.
        """
        try:
            response = self.client.post(
                self.query_url,
                data={"query": sparql, **_grouped(params)},
                headers={"Accept": accept},
                timeout=timeout,
            )
        except httpx.TimeoutException:
            raise  # the caller states the limit and how to narrow the query
        except httpx.TransportError as exc:
            raise StoreUnavailable(
                f"the SPARQL server at {self.query_url} did not answer: {exc}"
            ) from exc
        return _checked(response)

    def replace_graph(self, graph: NamedNode, data: bytes, fmt: RdfFormat) -> None:
        # Parse here first: a syntax error is reported the same way as by the embedded store,
        # and the server only ever receives well-formed N-Triples.
        body = serialize(parse_triples(data, fmt, graph), format=RdfFormat.N_TRIPLES) or b""
        try:
            response = self.client.put(
                self.gsp_url,
                params={"graph": graph.value},
                content=body,
                headers={"Content-Type": "application/n-triples"},
            )
        except httpx.TransportError as exc:
            raise StoreUnavailable(f"the Graph Store at {self.gsp_url} did not answer") from exc
        _checked(response)

    def add_quads(self, quads: Iterable[Quad]) -> None:
        by_graph: dict[str, list[Triple]] = {}
        for quad in quads:
            assert isinstance(quad.graph_name, NamedNode), "writes always name their graph"
            triple = Triple(quad.subject, quad.predicate, quad.object)
            by_graph.setdefault(sparql_term(quad.graph_name), []).append(triple)
        blocks = " ".join(
            f"GRAPH {g} {{ {(serialize(ts, format=RdfFormat.N_TRIPLES) or b'').decode()} }}"
            for g, ts in by_graph.items()
        )
        self.update(f"INSERT DATA {{ {blocks} }}")

    def quads(self) -> Iterator[Quad]:
        for row in self.select(_ALL_QUADS):
            graph = row["g"]
            assert isinstance(graph, NamedNode)
            yield Quad(row["s"], row["p"], row["o"], graph)  # type: ignore[arg-type]

    def ping(self) -> None:
        self._query("ASK {}", "application/sparql-results+json")

    def close(self) -> None:
        self.client.close()


def _grouped(params: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for key, value in params:
        grouped.setdefault(key, []).append(value)
    return grouped


def _checked(response: httpx.Response) -> httpx.Response:
    if response.status_code == 400:
        raise SparqlSyntaxError(_server_message(response))
    if response.status_code >= 500:
        raise StoreUnavailable(
            f"the SPARQL server answered {response.status_code}: {_server_message(response)}"
        )
    if response.status_code >= 400:
        raise PactgraphError(
            f"the SPARQL server answered {response.status_code}: {_server_message(response)}"
        )
    return response


def _server_message(response: httpx.Response) -> str:
    text = response.text.strip()
    try:
        body = json.loads(text)
    except ValueError:
        return text[:2000]
    return str(body.get("detail") or body.get("message") or text)[:2000]
