"""Remote store: any SPARQL 1.1 server (Oxigraph server, Fuseki, Virtuoso, GraphDB).

Queries and updates go through the SPARQL 1.1 Protocol, whole-graph writes through the Graph
Store HTTP Protocol. The server must treat its default graph as the union of the named graphs
(``oxigraph serve --union-default-graph``, Fuseki's ``unionDefaultGraph``; Virtuoso does by
itself), as the embedded store does; README and docker-compose.yml say so. How one server
family departs from the standards lives in its :mod:`~app.store.dialects` object.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

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
from app.store.dialects import Dialect
from app.store.terms import sparql_term


def derive_endpoints(query_url: str) -> tuple[str, str]:
    """The update and Graph Store endpoints a standard server has next to ``query_url``."""
    return Dialect().endpoints(query_url)


class RemoteStore(Store):
    """A store reached over HTTP; every call maps transport failures to StoreUnavailable."""

    kind: StoreKind = "remote"

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        gsp_url: str | None = None,
        timeout: float = 30.0,
        dialect: Dialect | None = None,
        user: str | None = None,
        password: str | None = None,
    ) -> None:
        self.dialect = dialect or Dialect()
        derived_update, derived_gsp = self.dialect.endpoints(query_url)
        self.query_url = query_url
        self.update_url = update_url or derived_update
        self.gsp_url = gsp_url or derived_gsp
        self.client = httpx.Client(timeout=timeout)
        self._auth = self.dialect.auth(user, password)

    def _post(self, url: str, accept: str, **request: Any) -> httpx.Response:
        request.setdefault("headers", {})["Accept"] = accept
        try:
            response = self.client.post(url, **request)
        except httpx.TransportError as exc:
            raise StoreUnavailable(f"the SPARQL server at {url} did not answer: {exc}") from exc
        self.dialect.check(_checked(response))
        return response

    def _query(self, sparql: str, accept: str) -> bytes:
        return self._post(self.query_url, accept, **self.dialect.query_request(sparql)).content

    def _results(self, sparql: str) -> QuerySolutions | QueryBoolean:
        data = self.dialect.results(self._query(sparql, self.dialect.results_accept))
        result = parse_query_results(data, QueryResultsFormat.JSON)
        assert isinstance(result, QuerySolutions | QueryBoolean)
        return result

    def select(self, sparql: str) -> list[Row]:
        result = self._results(sparql)
        if not isinstance(result, QuerySolutions):
            raise SparqlSyntaxError("expected a SELECT query")
        return solution_rows(result)

    def ask(self, sparql: str) -> bool:
        result = self._results(sparql)
        if not isinstance(result, QueryBoolean):
            raise SparqlSyntaxError("expected an ASK query")
        return bool(result)

    def construct(self, sparql: str) -> list[Triple]:
        data = self._query(sparql, "application/n-triples")
        return [Triple(q.subject, q.predicate, q.object) for q in parse(data, RdfFormat.N_TRIPLES)]

    def update(
        self,
        sparql: str,
        base_iri: str | None = None,
        *,
        using_graphs: Sequence[str] = (),
        using_named_graphs: Sequence[str] = (),
    ) -> None:
        """Run an update; ``using_*`` go to the server as the protocol's dataset parameters.

        A server whose default graph is the union (``oxigraph serve --union-default-graph``)
        refuses USING and WITH in the update text, but takes the protocol parameters.
        """
        # The protocol has no base parameter: a BASE declaration in front does the same.
        if base_iri is not None:
            sparql = f"BASE {sparql_term(NamedNode(base_iri))}\n{sparql}"
        params = httpx.QueryParams(
            {
                "using-graph-uri": list(using_graphs),
                "using-named-graph-uri": list(using_named_graphs),
            }
        )
        self._post(
            self.update_url,
            "*/*",
            content=sparql.encode(),
            headers={"Content-Type": "application/sparql-update"},
            params=params,
            auth=self._auth or httpx.USE_CLIENT_DEFAULT,
        )

    def query_lines(
        self,
        sparql: str,
        params: list[tuple[str, str]],
        accept: str,
        timeout: float,
        max_lines: int | None = None,
    ) -> tuple[str, bytes]:
        """Send a query as the SPARQL endpoint received it; return Content-Type and body.

        With ``max_lines``, at most that many lines of the body are read and the connection is
        then closed: for the line-based formats (TSV results, N-Triples) a prefix of lines is
        itself a valid document, so a huge result never has to be held in memory.

        :raises httpx.TimeoutException: the server sent nothing for ``timeout`` seconds.
        """
        try:
            with self.client.stream(
                "POST",
                self.query_url,
                data={"query": sparql, **_grouped(params)},
                headers={"Accept": self.dialect.lines_accept(accept)},
                timeout=timeout,
            ) as response:
                if response.status_code >= 400:
                    response.read()
                    _checked(response)
                self.dialect.check(response)
                if not self.dialect.streams_lines:
                    content_type, body = self.dialect.lines(
                        response.headers.get("content-type", ""), response.read()
                    )
                    return content_type, _first_lines(body, max_lines)
                body = _read_lines(response, max_lines)
                return response.headers.get("content-type", ""), body
        except httpx.TimeoutException:
            raise  # the caller states the limit and how to narrow the query
        except httpx.TransportError as exc:
            raise StoreUnavailable(
                f"the SPARQL server at {self.query_url} did not answer: {exc}"
            ) from exc

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
                auth=self._auth or httpx.USE_CLIENT_DEFAULT,
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
        self.update(self.dialect.insert(blocks))

    def quads(self) -> Iterator[Quad]:
        for row in self.select(self.dialect.quads_query):
            graph = row["g"]
            assert isinstance(graph, NamedNode)
            yield Quad(row["s"], row["p"], row["o"], graph)  # type: ignore[arg-type]

    def triple_count(self) -> int:
        rows = self.select(self.dialect.count_query)
        return int(rows[0]["n"].value) if rows else 0

    def named_graphs(self) -> list[NamedNode]:
        graphs = (row.get("g") for row in self.select(self.dialect.graphs_query))
        return [g for g in graphs if isinstance(g, NamedNode)]

    def ping(self) -> None:
        self.ask("ASK {}")

    def close(self) -> None:
        self.client.close()


def _read_lines(response: httpx.Response, max_lines: int | None) -> bytes:
    kept = bytearray()
    lines = 0
    for chunk in response.iter_bytes():
        kept += chunk
        lines += chunk.count(b"\n")
        if max_lines is not None and lines >= max_lines:
            return _first_lines(bytes(kept), max_lines)
    return bytes(kept)


def _first_lines(body: bytes, max_lines: int | None) -> bytes:
    end = -1
    for _ in range(max_lines if max_lines is not None else 0):
        end = body.find(b"\n", end + 1)
        if end < 0:
            return body
    return body if max_lines is None else body[: end + 1]


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
