"""Embedded store: pyoxigraph on disk (RocksDB) or in memory, in this process."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode, Quad, QueryBoolean, QuerySolutions, RdfFormat, Triple

from app.errors import SparqlSyntaxError, StoreUnavailable
from app.store.base import Row, Store, StoreKind, parse_triples, solution_rows
from app.store.terms import sparql_term


class EmbeddedStore(Store):
    """A pyoxigraph store; ``path=None`` keeps everything in memory."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.kind: StoreKind = "embedded" if path is not None else "memory"
        if path is not None:
            path.mkdir(parents=True, exist_ok=True)
            try:
                self.inner = pyoxigraph.Store(str(path))
            except OSError as exc:
                # Typically a second process holding the RocksDB lock.
                raise StoreUnavailable(
                    f"cannot open the store at {path}: {exc}. Is another pactgraph process "
                    "using it? Stop it or set PACTGRAPH_STORE to another directory."
                ) from exc
        else:
            self.inner = pyoxigraph.Store()

    def _query(self, sparql: str) -> QuerySolutions | QueryBoolean | Iterator[Triple]:
        try:
            return self.inner.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise SparqlSyntaxError(str(exc)) from exc

    def select(self, sparql: str) -> list[Row]:
        result = self._query(sparql)
        if not isinstance(result, QuerySolutions):
            raise SparqlSyntaxError("expected a SELECT query")
        return solution_rows(result)

    def ask(self, sparql: str) -> bool:
        result = self._query(sparql)
        if not isinstance(result, QueryBoolean):
            raise SparqlSyntaxError("expected an ASK query")
        return bool(result)

    def construct(self, sparql: str) -> list[Triple]:
        result = self._query(sparql)
        if isinstance(result, QuerySolutions | QueryBoolean):
            raise SparqlSyntaxError("expected a CONSTRUCT or DESCRIBE query")
        return list(result)

    def update(self, sparql: str, base_iri: str | None = None) -> None:
        try:
            self.inner.update(sparql, base_iri=base_iri)
        except SyntaxError as exc:
            raise SparqlSyntaxError(str(exc)) from exc

    def replace_graph(self, graph: NamedNode, data: bytes, fmt: RdfFormat) -> None:
        triples = parse_triples(data, fmt, graph)
        # N-Triples lines are valid INSERT DATA syntax, and one update request is one
        # transaction: readers never see the graph half replaced.
        body = (pyoxigraph.serialize(triples, format=RdfFormat.N_TRIPLES) or b"").decode()
        g = sparql_term(graph)
        self.inner.update(f"DROP SILENT GRAPH {g} ; INSERT DATA {{ GRAPH {g} {{ {body} }} }}")

    def add_quads(self, quads: Iterable[Quad]) -> None:
        self.inner.extend(quads)

    def bulk_add(self, quads: Iterable[Quad]) -> None:
        """Add quads fast, without a transaction: readers may see part of them, and a crash
        leaves part of them. Only for a store nobody reads yet and that can be rebuilt (the
        bulk first load, :mod:`app.ingest.bulk`)."""
        self.inner.bulk_extend(quads)

    def export_graphs(self, graphs: Iterable[NamedNode]) -> list[tuple[NamedNode, bytes]]:
        """Each of ``graphs`` as N-Triples, for :meth:`bulk_import` into another store.

        pyoxigraph writes them without a Python object per triple. Blank nodes keep their
        labels within a graph, but one shared by two graphs becomes two.
        """
        return [
            (graph, self.inner.dump(format=RdfFormat.N_TRIPLES, from_graph=graph) or b"")
            for graph in graphs
        ]

    def bulk_import(self, parts: list[tuple[NamedNode, bytes]]) -> None:
        """Add :meth:`export_graphs` output the way :meth:`bulk_add` does (same caveats)."""
        for graph, data in parts:
            self.inner.bulk_load(data, format=RdfFormat.N_TRIPLES, to_graph=graph)

    def is_empty(self) -> bool:
        """Whether the store holds no quad at all (not even bookkeeping)."""
        return next(iter(self.inner), None) is None

    def adopt(self, directory: Path) -> None:
        """Replace this on-disk store by the closed store in ``directory`` and reopen it.

        Two renames: the current files move aside, then ``directory`` takes their place. A
        crash in between leaves no store at the path, so the next start builds it again;
        never a store with part of the data.
        """
        if self.path is None:
            raise ValueError("an in-memory store has no directory to replace")
        self.inner.flush()
        del self.inner
        aside = self.path.with_name(f".{self.path.name}.replaced-{os.getpid()}")
        self.path.rename(aside)
        directory.rename(self.path)
        shutil.rmtree(aside)
        self.inner = pyoxigraph.Store(str(self.path))

    def quads(self) -> Iterator[Quad]:
        return iter(self.inner)

    def ping(self) -> None:
        """An embedded store is always reachable once opened."""

    def close(self) -> None:
        self.inner.flush()
        del self.inner
