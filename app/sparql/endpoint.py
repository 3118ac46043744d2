"""The SPARQL service behind ``/sparql`` and ``/store``, independent of the web framework.

:class:`SparqlService` answers queries with the configured timeout and result cap, applies
updates and Graph Store writes (the router checks the token first), and reads graphs. Queries
on the embedded store run in killable worker processes over snapshots
(:mod:`app.sparql.workers`); on a remote store they are sent to the server with an HTTP timeout
equal to the limit (run the server with ``oxigraph serve --timeout-s`` too, so it stops the
query on its side as well).

Every client query and update is first checked on its parsed form (:mod:`app.sparql.guard`:
size and depth limits, SERVICE and LOAD, writes to graphs pactgraph maintains); on the embedded
store the check runs in the worker, off the server's process. An update is tried in a worker
on a copy of the snapshot within the query timeout before it touches the live store.
"""

from __future__ import annotations

import httpx
from pyoxigraph import NamedNode, RdfFormat

from app.config import Settings
from app.errors import BadRequest, NotFound, SparqlSyntaxError, StoreUnavailable
from app.ingest.batch import refuse_maintained, write_graph
from app.ingest.limits import ParseLimits
from app.ingest.writes import after_write, mark_writing, write_lock
from app.media import Format, Negotiated
from app.sparql.clients import ClientSlots
from app.sparql.guard import Policy, check_query, check_update
from app.sparql.lexer import add_using, check_dataset_conflict
from app.sparql.protocol import QueryOperation, UpdateOperation
from app.sparql.results import Job, Outcome, parse_remote
from app.sparql.workers import (
    NO_WALL,
    QueryJob,
    SnapshotManager,
    UpdateJob,
    WorkerPool,
    query_timeout,
    syntax_error,
)
from app.store import EmbeddedStore, RemoteStore, Store, render

# Line-based formats, so a capped result is read as a prefix of lines (see parse_remote).
_REMOTE_ACCEPT = "text/tab-separated-values, application/n-triples;q=0.9"
_GRAPH_EXISTS = "ASK { GRAPH $g { ?s ?p ?o } }"


class SparqlService:
    """Queries, updates and Graph Store operations over one store."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._pool: WorkerPool | None = None
        self._snapshots: SnapshotManager | None = None
        self.policy = Policy(
            settings.sparql_max_bytes, settings.sparql_max_depth, settings.allow_service
        )
        self.clients = ClientSlots(settings.sparql_client_limit, settings.query_timeout)
        if isinstance(store, EmbeddedStore):
            self._pool = WorkerPool(settings.query_workers, isolate=not settings.allow_service)
            self._snapshots = SnapshotManager(store.inner, store.path)

    @property
    def network_wall(self) -> str:
        """The query workers' network wall (:func:`app.sparql.workers.isolate_network`)."""
        return self._pool.wall if self._pool is not None else NO_WALL

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
        :raises PayloadTooLarge: the text is over ``PACTGRAPH_SPARQL_MAX_BYTES``.
        :raises SparqlSyntaxError: with the parser's message, line and column.
        :raises QueryTimeout: the query ran past ``PACTGRAPH_QUERY_TIMEOUT``.
        """
        job = Job(
            query=operation.text,
            base_iri=base_iri,
            default_graphs=operation.default_graphs,
            named_graphs=operation.named_graphs,
            results_format=formats.results.media_type,
            graph_format=formats.graph.media_type,
            cap=cap if cap is not None else self.settings.result_cap,
        )
        return self._run(job, checked=True)

    def _run(self, job: Job, checked: bool = False) -> Outcome:
        """Run ``job``; ``checked``: it is a client's query, for :func:`check_query` first."""
        limit = self.settings.query_timeout
        if self._pool is not None and self._snapshots is not None:
            snapshot = self._snapshots.current(self.store.data_version)
            outcome: Outcome = self._pool.run(
                snapshot, QueryJob(job, self.policy) if checked else job, limit
            )
            return outcome
        assert isinstance(self.store, RemoteStore)
        if checked:
            check_query(job.query, self.policy)
        params = [("default-graph-uri", g) for g in job.default_graphs] + [
            ("named-graph-uri", g) for g in job.named_graphs
        ]
        # A header line, then one more row than the cap shows whether the result was cut.
        max_lines = None if job.cap is None else job.cap + 2
        try:
            content_type, body = self.store.query_lines(
                job.query, params, _REMOTE_ACCEPT, limit, max_lines
            )
        except httpx.TimeoutException as exc:
            raise query_timeout(limit) from exc
        except SparqlSyntaxError as exc:
            raise syntax_error(exc.detail) from exc
        try:
            return parse_remote(body, content_type, job)
        except (SyntaxError, ValueError) as exc:
            raise StoreUnavailable(
                f"the SPARQL server sent results that do not parse: {exc}"
            ) from exc

    def update(self, operation: UpdateOperation, base_iri: str | None = None) -> str:
        """Apply an update (all or nothing), then refresh derived data; returns the version.

        On the embedded store the update is first tried in a worker on a copy of the current
        snapshot, within ``PACTGRAPH_QUERY_TIMEOUT``: a runaway update is killed there and
        the live store never sees it. One that finished is applied to the live store: the
        same update on the same data (the write lock is held throughout), so it takes about
        as long again, and other writers wait at most about twice the limit.

        :raises Forbidden: LOAD or SERVICE is used and not allowed; the update writes a graph
            pactgraph maintains, or graphs it does not name (``DROP ALL``, ``GRAPH ?g``).
        :raises InvalidParameter: protocol USING graphs and the update's own USING/WITH.
        :raises SparqlSyntaxError: with the parser's message, line and column.
        :raises QueryTimeout: the update ran past ``PACTGRAPH_QUERY_TIMEOUT`` (rolled back:
            it never reached the live store).
        """
        using, named = operation.using_graphs, operation.using_named_graphs
        with write_lock(self.store):
            try:
                if isinstance(self.store, RemoteStore):
                    check_update(operation.text, self.policy)
                    check_dataset_conflict(operation.text, using, named)
                    mark_writing(self.store)
                    self.store.update(
                        operation.text,
                        base_iri=base_iri,
                        using_graphs=using,
                        using_named_graphs=named,
                    )
                else:
                    assert self._pool is not None and self._snapshots is not None
                    text = add_using(operation.text, using, named)
                    snapshot = self._snapshots.current(self.store.data_version)
                    job = UpdateJob(text, base_iri, self.policy)
                    self._pool.run(snapshot, job, self.settings.query_timeout)
                    mark_writing(self.store)
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

    def read_graph(self, graph: NamedNode | None, fmt: Format[RdfFormat]) -> Outcome:
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
        """Replace ``graph`` with ``data`` (checked like a batch); True when it is new."""
        return write_graph(self.store, graph, data, fmt, True, ParseLimits.of(self.settings))

    def post_graph(self, graph: NamedNode, data: bytes, fmt: RdfFormat) -> bool:
        """Add the triples of ``data`` to ``graph`` (checked like a batch); True when new."""
        return write_graph(self.store, graph, data, fmt, False, ParseLimits.of(self.settings))

    def delete_graph(self, graph: NamedNode) -> None:
        """Remove ``graph``.

        :raises Forbidden: ``graph`` is one pactgraph maintains (:func:`app.graphs.is_maintained`).
        :raises NotFound: there is no such graph.
        """
        refuse_maintained(graph)
        with write_lock(self.store):
            if not self.graph_exists(graph):
                raise NotFound(f"there is no graph <{graph.value}> in the store")
            removed = self.store.construct(
                render("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH $g { ?s ?p ?o } }", {"g": graph})
            )
            mark_writing(self.store)
            self.store.drop_graph(graph)
            after_write(self.store, removed)
