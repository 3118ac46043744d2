"""The SPARQL service behind ``/sparql`` and ``/store``, independent of the web framework.

:class:`SparqlService` answers queries with the configured timeout and result cap, applies
updates and Graph Store writes (the router checks the token first), and reads graphs. Queries
on the embedded store run in killable worker processes over snapshots
(:mod:`app.sparql.workers`); on a remote store they are sent to the server with an HTTP timeout
equal to the limit (run the server with ``oxigraph serve --timeout-s`` too, so it stops the
query on its side as well).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import httpx
from pyoxigraph import NamedNode, Quad, RdfFormat

from app.config import Settings
from app.errors import BadRequest, NotFound, SparqlSyntaxError, StoreUnavailable
from app.ingest.writes import after_write
from app.sparql.formats import GRAPH_FORMATS, RESULT_FORMATS, Format, negotiate
from app.sparql.lexer import add_using, check_no_remote_access
from app.sparql.protocol import QueryOperation, UpdateOperation
from app.sparql.results import Job, Outcome, parse_remote
from app.sparql.workers import SnapshotManager, WorkerPool, query_timeout, syntax_error
from app.store import EmbeddedStore, RemoteStore, Store, render
from app.store.base import parse_triples

_REMOTE_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"
_GRAPH_EXISTS = "ASK { GRAPH $g { ?s ?p ?o } }"


@dataclass(frozen=True)
class Negotiated:
    """The two formats a query may answer in (which one applies depends on its form)."""

    results: Format
    graph: Format


def negotiate_both(accept: str | None, format_param: str | None) -> Negotiated:
    """Formats for both result kinds; ``format=`` must name one of either table."""
    names = {f.name for f in RESULT_FORMATS + GRAPH_FORMATS} | {
        m for f in RESULT_FORMATS + GRAPH_FORMATS for m in f.media_types
    }
    if format_param and format_param.strip().lower() not in names:
        negotiate(RESULT_FORMATS + GRAPH_FORMATS, None, format_param)  # raises, listing all
    in_results = format_param and any(
        format_param.strip().lower() in (f.name, *f.media_types) for f in RESULT_FORMATS
    )
    return Negotiated(
        negotiate(RESULT_FORMATS, accept, format_param if in_results else None),
        negotiate(GRAPH_FORMATS, accept, None if in_results else format_param),
    )


class SparqlService:
    """Queries, updates and Graph Store operations over one store."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._pool: WorkerPool | None = None
        self._snapshots: SnapshotManager | None = None
        self._write_lock = threading.Lock()
        if isinstance(store, EmbeddedStore):
            self._pool = WorkerPool(settings.query_workers)
            self._snapshots = SnapshotManager(store.inner, store.path)

    def close(self) -> None:
        """Stop the workers and remove the snapshots."""
        if self._pool is not None:
            self._pool.close()
        if self._snapshots is not None:
            self._snapshots.close()

    def query(
        self,
        operation: QueryOperation,
        formats: Negotiated,
        base_iri: str | None = None,
        cap: int | None = None,
    ) -> Outcome:
        """Evaluate a query within the time limit; at most ``cap`` (default: the setting) rows.

        :raises Forbidden: SERVICE is used and not allowed.
        :raises SparqlSyntaxError: with the parser's message, line and column.
        :raises QueryTimeout: the query ran past ``PACTGRAPH_QUERY_TIMEOUT``.
        """
        check_no_remote_access(operation.text, self.settings.allow_service)
        job = Job(
            query=operation.text,
            base_iri=base_iri,
            default_graphs=operation.default_graphs,
            named_graphs=operation.named_graphs,
            results_format=formats.results.media_type,
            graph_format=formats.graph.media_type,
            cap=cap if cap is not None else self.settings.result_cap,
        )
        return self._run(job)

    def _run(self, job: Job) -> Outcome:
        limit = self.settings.query_timeout
        if self._pool is not None and self._snapshots is not None:
            snapshot = self._snapshots.current(self.store.data_version)
            return self._pool.run(snapshot, job, limit)
        assert isinstance(self.store, RemoteStore)
        params = [("default-graph-uri", g) for g in job.default_graphs] + [
            ("named-graph-uri", g) for g in job.named_graphs
        ]
        try:
            response = self.store.query_raw(job.query, params, _REMOTE_ACCEPT, limit)
        except httpx.TimeoutException as exc:
            raise query_timeout(limit) from exc
        except SparqlSyntaxError as exc:
            raise syntax_error(exc.detail) from exc
        try:
            return parse_remote(response.content, response.headers.get("content-type", ""), job)
        except (SyntaxError, ValueError) as exc:
            raise StoreUnavailable(
                f"the SPARQL server sent results that do not parse: {exc}"
            ) from exc

    def update(self, operation: UpdateOperation, base_iri: str | None = None) -> str:
        """Apply an update (all or nothing), then refresh derived data; returns the version.

        :raises Forbidden: LOAD is used and not allowed.
        :raises InvalidParameter: protocol USING graphs and the update's own USING/WITH.
        :raises SparqlSyntaxError: with the parser's message, line and column.
        """
        check_no_remote_access(operation.text, self.settings.allow_service)
        text = add_using(operation.text, operation.using_graphs, operation.using_named_graphs)
        with self._write_lock:
            try:
                self.store.update(text, base_iri=base_iri)
            except SparqlSyntaxError as exc:
                raise syntax_error(exc.detail) from exc
            except OSError as exc:
                raise StoreUnavailable(f"the update could not be applied: {exc}") from exc
            except RuntimeError as exc:
                # Evaluation errors of a well-formed update, e.g. CLEAR of a graph the store
                # does not have (SPARQL 1.1 Update lets it fail unless SILENT is given).
                raise BadRequest(f"the update could not be applied: {exc}") from exc
            return after_write(self.store)

    # Graph Store HTTP Protocol

    def graph_exists(self, graph: NamedNode) -> bool:
        """True when ``graph`` holds at least one triple."""
        return self.store.ask(render(_GRAPH_EXISTS, {"g": graph}))

    def read_graph(self, graph: NamedNode | None, fmt: Format) -> Outcome:
        """Every triple of ``graph`` (``None``: the union default graph), within the limit.

        :raises NotFound: the named graph holds nothing.
        """
        if graph is None:
            job = Job("CONSTRUCT WHERE { ?s ?p ?o }", graph_format=fmt.media_type)
        else:
            if not self.graph_exists(graph):
                raise NotFound(f"there is no graph <{graph.value}> in the store")
            job = Job(
                render("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH $g { ?s ?p ?o } }", {"g": graph}),
                graph_format=fmt.media_type,
            )
        return self._run(job)

    def put_graph(self, graph: NamedNode, data: bytes, fmt: RdfFormat) -> bool:
        """Replace ``graph`` with ``data``; True when the graph did not exist before."""
        with self._write_lock:
            created = not self.graph_exists(graph)
            self.store.replace_graph(graph, data, fmt)
            after_write(self.store)
            return created

    def post_graph(self, graph: NamedNode, data: bytes, fmt: RdfFormat) -> bool:
        """Add the triples of ``data`` to ``graph``; True when the graph did not exist before."""
        triples = parse_triples(data, fmt, graph)
        with self._write_lock:
            created = not self.graph_exists(graph)
            self.store.add_quads(Quad(t.subject, t.predicate, t.object, graph) for t in triples)
            after_write(self.store)
            return created

    def delete_graph(self, graph: NamedNode) -> None:
        """Remove ``graph``.

        :raises NotFound: there is no such graph.
        """
        with self._write_lock:
            if not self.graph_exists(graph):
                raise NotFound(f"there is no graph <{graph.value}> in the store")
            self.store.drop_graph(graph)
            after_write(self.store)
