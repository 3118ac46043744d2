"""The store interface everything above the store talks to.

Two implementations sit behind it: :class:`~app.store.embedded.EmbeddedStore` (pyoxigraph, on
disk or in memory) and :class:`~app.store.remote.RemoteStore` (any SPARQL 1.1 server through the
SPARQL Protocol and the Graph Store Protocol). Both return pyoxigraph terms, so query code never
knows which one it runs on.

The default graph of every query is the union of all named graphs: each source file, dataset and
ingest batch lives in a graph of its own, and a question must see all of them.
"""

from __future__ import annotations

import abc
import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable, Iterator
from typing import BinaryIO, Literal

from pyoxigraph import (
    CanonicalizationAlgorithm,
    Dataset,
    Literal as RdfLiteral,
    NamedNode,
    Quad,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    serialize,
)

from app.errors import Conflict, RdfSyntaxError
from app.graphs import META_GRAPH as META_GRAPH
from app.namespaces import ID_NS
from app.store.terms import Term, render

_META_SUBJECT = NamedNode(ID_NS + "meta/store")
_META_PREFIX = ID_NS + "meta/"

Row = dict[str, Term]
StoreKind = Literal["embedded", "memory", "remote"]

_GET_META = "SELECT ?v WHERE { GRAPH $g { $s $p ?v } }"
_ALL_META = "SELECT ?p ?v WHERE { GRAPH $g { $s ?p ?v } }"
_SET_META = "DELETE WHERE { GRAPH $g { $s $p ?v } } ; INSERT DATA { GRAPH $g { $s $p $v } }"
#: A count, not ``FILTER NOT EXISTS`` or ``OPTIONAL`` + ``!BOUND``: Virtuoso 7 inserts despite
#: the first and never with the second (``app/store/dialects.py``).
_CLAIM_META = (
    "INSERT { GRAPH $g { $s $p $v } } WHERE { "
    "{ SELECT (COUNT(?held) AS ?n) WHERE { GRAPH $g { $s $p ?held } } } FILTER (?n = 0) }"
)
_DROP_META = "DELETE DATA { GRAPH $g { $s $p $v } }"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"


class Store(abc.ABC):
    """A quad store with SPARQL 1.1 query and update, and atomic whole-graph replacement."""

    kind: StoreKind

    @abc.abstractmethod
    def select(self, sparql: str) -> list[Row]:
        """Run a SELECT query; each row maps variable names to bound terms (unbound: absent).

        :raises SparqlSyntaxError: the query does not parse.
        :raises StoreUnavailable: the store cannot be reached.
        """

    @abc.abstractmethod
    def ask(self, sparql: str) -> bool:
        """Run an ASK query."""

    @abc.abstractmethod
    def construct(self, sparql: str) -> list[Triple]:
        """Run a CONSTRUCT or DESCRIBE query."""

    @abc.abstractmethod
    def update(self, sparql: str, base_iri: str | None = None) -> None:
        """Run a SPARQL Update request; it applies fully or not at all.

        ``base_iri`` resolves relative IRIs (the SPARQL endpoint passes its own URL).
        """

    @abc.abstractmethod
    def replace_graph(self, graph: NamedNode, data: bytes, fmt: RdfFormat) -> None:
        """Atomically replace the content of ``graph`` with the parsed ``data``.

        Quads in a dataset format (TriG, N-Quads) all land in ``graph``.

        :raises RdfSyntaxError: ``data`` does not parse; the store is left unchanged.
        """

    @abc.abstractmethod
    def add_quads(self, quads: Iterable[Quad]) -> None:
        """Insert quads in one transaction."""

    @abc.abstractmethod
    def quads(self) -> Iterator[Quad]:
        """Every quad of the store, for dumps and backups."""

    @abc.abstractmethod
    def ping(self) -> None:
        """Raise :class:`~app.errors.StoreUnavailable` when the store cannot answer."""

    def close(self) -> None:  # noqa: B027 - optional hook, most stores need no clean-up
        """Release resources held by the store."""

    # Shared behaviour, expressed in SPARQL so both implementations get it for free.

    def drop_graph(self, graph: NamedNode) -> None:
        """Remove a named graph and its content (no error if it does not exist)."""
        self.update(render("DROP SILENT GRAPH $g", {"g": graph}))

    def named_graphs(self) -> list[NamedNode]:
        """The named graphs that hold at least one quad."""
        return [row["g"] for row in self.select(_GRAPHS) if isinstance(row["g"], NamedNode)]

    def triple_count(self) -> int:
        """Number of quads in all named graphs."""
        rows = self.select(_COUNT)
        return int(rows[0]["n"].value) if rows else 0

    def get_meta(self, key: str) -> str | None:
        """Read a bookkeeping value kept in the store itself (so it follows the data)."""
        rows = self.select(
            render(_GET_META, {"g": META_GRAPH, "s": _META_SUBJECT, "p": _meta_key(key)})
        )
        return rows[0]["v"].value if rows else None

    def set_meta(self, key: str, value: str) -> None:
        """Write a bookkeeping value, replacing the previous one atomically."""
        self.update(
            render(
                _SET_META,
                {"g": META_GRAPH, "s": _META_SUBJECT, "p": _meta_key(key), "v": RdfLiteral(value)},
            )
        )

    def meta_values(self, key: str) -> list[str]:
        """Every value a bookkeeping key holds (one, except while claims race)."""
        rows = self.select(
            render(_GET_META, {"g": META_GRAPH, "s": _META_SUBJECT, "p": _meta_key(key)})
        )
        return sorted(row["v"].value for row in rows)

    def claim_meta(self, key: str, value: str) -> bool:
        """Set ``key`` to ``value`` if it holds nothing; whether ``value`` is then its only value.

        The test and the write are one update, so one transaction. Of two claims racing, a
        server may roll one back (Virtuoso's deadlock: that claim fails), or run both without
        seeing each other's write; then neither value is alone, both claims fail, and each
        claimant removes its own value (:meth:`drop_meta`).
        """
        try:
            self.update(render(_CLAIM_META, _meta_quad(key, value)))
        except Conflict:  # the server rolled this claim back in favour of a concurrent one
            return False
        return self.meta_values(key) == [value]

    def drop_meta(self, key: str, value: str) -> None:
        """Remove one value of ``key`` (nothing happens when it no longer holds it)."""
        self.update(render(_DROP_META, _meta_quad(key, value)))

    @property
    def data_version(self) -> str:
        """An opaque token that changes whenever the data changes (ETags, caches)."""
        return self.get_meta("dataVersion") or "empty"

    def bump_data_version(self) -> str:
        """Record that the data changed; returns the new version."""
        version = uuid.uuid4().hex[:16]
        self.set_meta("dataVersion", version)
        self.set_meta("dataModified", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
        return version

    def content_hash(self) -> str:
        """SHA-256 of the data (every graph but the meta graph), independent of blank-node labels.

        Two stores with isomorphic data have the same hash, so tests can check that a rejected
        write left no trace and that a backup restores what it saved.
        """
        data = (quad for quad in self.quads() if quad.graph_name != META_GRAPH)
        return hashlib.sha256(canonical_nquads(data)).hexdigest()

    def data_stamp(self) -> tuple[str, str | None]:
        """The data version and when it was set (ISO 8601, UTC), in one query (HTTP caching)."""
        rows = self.select(render(_ALL_META, {"g": META_GRAPH, "s": _META_SUBJECT}))
        meta = {row["p"].value.removeprefix(_META_PREFIX): row["v"].value for row in rows}
        return meta.get("dataVersion", "empty"), meta.get("dataModified")

    def dump(self, out: BinaryIO, fmt: RdfFormat = RdfFormat.N_QUADS) -> None:
        """Serialise every quad (N-Quads or TriG) to ``out``, graph by graph."""
        serialize(self.quads(), out, fmt)


def _meta_key(key: str) -> NamedNode:
    return NamedNode(_META_PREFIX + key)


def _meta_quad(key: str, value: str) -> dict[str, NamedNode | RdfLiteral]:
    return {"g": META_GRAPH, "s": _META_SUBJECT, "p": _meta_key(key), "v": RdfLiteral(value)}


def canonical_nquads(quads: Iterable[Quad | Triple]) -> bytes:
    """Sorted N-Quads with blank nodes renamed by RDFC-1.0: equal bytes iff isomorphic data."""
    dataset = Dataset(
        quad if isinstance(quad, Quad) else Quad(quad.subject, quad.predicate, quad.object)
        for quad in quads
    )
    dataset.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
    lines = (serialize(dataset, format=RdfFormat.N_QUADS) or b"").splitlines(keepends=True)
    return b"".join(sorted(lines))


def parse_triples(data: bytes, fmt: RdfFormat, graph: NamedNode) -> list[Triple]:
    """Parse ``data`` into triples (graph names dropped), relative IRIs against ``graph``.

    :raises RdfSyntaxError: with the parser's message, which names line and column.
    """
    try:
        return [
            Triple(q.subject, q.predicate, q.object) for q in parse(data, fmt, base_iri=graph.value)
        ]
    except SyntaxError as exc:
        raise rdf_syntax_error(exc) from exc


def rdf_syntax_error(exc: SyntaxError, what: str = "") -> RdfSyntaxError:
    """The project's error for a pyoxigraph parse error, with ``line`` and ``column``."""
    return RdfSyntaxError(f"{what}{exc}", line=exc.lineno, column=exc.offset)


def solution_rows(result: QuerySolutions) -> list[Row]:
    """SELECT solutions as dicts of bound variables (the shape both stores return)."""
    names = [v.value for v in result.variables]
    return [
        {name: term for name in names if (term := solution[name]) is not None}
        for solution in result
    ]
