"""Evaluate one query on a pyoxigraph store and serialise its results, capped, in the engine.

This is the code a query worker runs (:mod:`app.sparql.workers`); the remote path uses the same
cap and conversion on the lines the server sent. It imports nothing of the app but the error
types, so worker processes start quickly.

Results never become Python term objects: pyoxigraph writes them itself. The cap needs a row
count, which only line-based formats give for free, so a capped result is first written as TSV
(solutions) or N-Triples (triples), one row per line, into a writer that stops the engine once
it has one line more than the cap (that line says "there were more"). The kept lines are the
answer when the client asked for that format; otherwise pyoxigraph parses them and writes the
requested format, still without Python terms for solutions. A truncated SPARQL JSON result
names the problem document in ``head.link`` (the format's place for metadata links); every
format also gets the ``Pactgraph-Truncated`` response header.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pyoxigraph import (
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

TRUNCATED_PROBLEM = "https://w3id.org/pactgraph/problems/result-truncated"

ResultKind = Literal["solutions", "boolean", "graph"]


@dataclass(frozen=True)
class Job:
    """A query to evaluate: what the router hands to a worker (it must pickle)."""

    query: str
    base_iri: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    results_format: str = QueryResultsFormat.JSON.media_type
    graph_format: str = RdfFormat.TURTLE.media_type
    #: Most solutions or triples returned; ``None``: no cap (Graph Store reads).
    cap: int | None = None


@dataclass(frozen=True)
class Outcome:
    """Serialised results: the body, its media type, and whether the cap cut them short."""

    body: bytes
    media_type: str
    kind: ResultKind
    #: Solutions or triples kept when a cap applied (uncapped results are not counted: 0).
    count: int
    truncated: bool


class _Enough(OSError):
    """Raised by :class:`_LineWriter` to stop pyoxigraph's serialiser (it passes OSError on)."""


class _LineWriter(io.BytesIO):
    """A binary file for pyoxigraph's serialisers that stops them after ``limit`` lines.

    pyoxigraph writes in buffered chunks, so a little more than ``limit`` lines may arrive;
    :func:`_first_lines` cuts them. Evaluation is lazy: stopping the writer stops the query.
    """

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.lines = 0

    def write(self, data: Any, /) -> int:  # bytes-like, as BytesIO takes
        written = super().write(data)
        self.lines += bytes(data).count(b"\n")
        if self.lines >= self.limit:
            raise _Enough
        return written


def _written_lines(result: QuerySolutions | QueryTriples, fmt: Any, limit: int) -> bytes:
    """``result`` in the line-based ``fmt``, stopped once ``limit`` lines are written."""
    writer = _LineWriter(limit)
    try:
        result.serialize(writer, format=fmt)
    except _Enough:
        pass
    except OSError:
        if writer.lines < limit:  # not our stop: a real failure
            raise
    return writer.getvalue()


def _first_lines(body: bytes, count: int) -> tuple[bytes, int, bool]:
    """The first ``count`` lines of ``body``, how many lines that is, and whether more follow."""
    end = -1
    for kept in range(count):
        found = body.find(b"\n", end + 1)
        if found < 0:
            return body, kept, False
        end = found
    return body[: end + 1], count, end + 1 < len(body)


def evaluate(store: Store, job: Job) -> Outcome:
    """Run ``job`` on ``store`` (the default graph is the union unless the job names graphs).

    :raises SyntaxError: the query does not parse (the message names line and column).
    """
    options: dict[str, Any] = {"base_iri": job.base_iri}
    if job.default_graphs:
        options["default_graph"] = [NamedNode(g) for g in job.default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if job.named_graphs:
        options["named_graphs"] = [NamedNode(g) for g in job.named_graphs]
    result = store.query(job.query, **options)
    if isinstance(result, QueryBoolean):
        return _boolean(result, job.results_format)
    if isinstance(result, QuerySolutions):
        if job.cap is None:
            fmt = _results_format(job.results_format)
            body = result.serialize(format=fmt) or b""
            return Outcome(body, fmt.media_type, "solutions", 0, False)
        # The header line, the cap's rows, and one more to see whether there were more.
        tsv = _written_lines(result, QueryResultsFormat.TSV, job.cap + 2)
        return solutions_from_tsv(tsv, job.results_format, job.cap)
    if job.cap is None:
        graph_fmt = _graph_format(job.graph_format)
        body = result.serialize(format=graph_fmt) or b""
        return Outcome(body, graph_fmt.media_type, "graph", 0, False)
    ntriples = _written_lines(result, RdfFormat.N_TRIPLES, job.cap + 1)
    return triples_from_ntriples(ntriples, job.graph_format, job.cap)


def _boolean(result: QueryBoolean, media_type: str) -> Outcome:
    fmt = _results_format(media_type)
    return Outcome(result.serialize(format=fmt) or b"", fmt.media_type, "boolean", 1, False)


def _results_format(media_type: str) -> QueryResultsFormat:
    fmt = QueryResultsFormat.from_media_type(media_type)
    assert fmt is not None, media_type  # media types come from app.media
    return fmt


def _graph_format(media_type: str) -> RdfFormat:
    fmt = RdfFormat.from_media_type(media_type)
    assert fmt is not None, media_type
    return fmt


def solutions_from_tsv(tsv: bytes, media_type: str, cap: int) -> Outcome:
    """At most ``cap`` solutions of the TSV results ``tsv``, in the format of ``media_type``.

    ``tsv`` may be a prefix of a longer answer, cut after a line.
    """
    fmt = _results_format(media_type)
    kept, lines, more = _first_lines(tsv, cap + 1)
    count = max(lines - 1, 0)
    if fmt == QueryResultsFormat.TSV:
        return Outcome(kept, fmt.media_type, "solutions", count, more)
    parsed = parse_query_results(kept, QueryResultsFormat.TSV)
    assert isinstance(parsed, QuerySolutions)
    body = parsed.serialize(format=fmt) or b""
    if more and fmt == QueryResultsFormat.JSON:
        # pyoxigraph writes `{"head":{"vars":[...]}`; variable names hold no `]`.
        body = body.replace(b"]}", b'],"link":["' + TRUNCATED_PROBLEM.encode() + b'"]}', 1)
    return Outcome(body, fmt.media_type, "solutions", count, more)


def triples_from_ntriples(ntriples: bytes, media_type: str, cap: int) -> Outcome:
    """At most ``cap`` triples of ``ntriples`` (maybe a prefix, cut after a line), as asked."""
    fmt = _graph_format(media_type)
    kept, count, more = _first_lines(ntriples, cap)
    if fmt == RdfFormat.N_TRIPLES:
        return Outcome(kept, fmt.media_type, "graph", count, more)
    triples: Iterable[Triple] = (
        Triple(q.subject, q.predicate, q.object) for q in parse(kept, RdfFormat.N_TRIPLES)
    )
    body = serialize(triples, format=fmt) or b""
    return Outcome(body, fmt.media_type, "graph", count, more)


def parse_remote(body: bytes, content_type: str, job: Job) -> Outcome:
    """Re-serialise a remote server's answer (TSV results or N-Triples) as ``job`` asks.

    Both formats are line-based, so the body may be a prefix of the server's answer (see
    :meth:`app.store.remote.RemoteStore.query_lines`); the cap applies here as for workers.
    """
    cap = job.cap
    if content_type.startswith("text/tab-separated-values"):
        result = parse_query_results(body, QueryResultsFormat.TSV)
        if isinstance(result, QueryBoolean):
            return _boolean(result, job.results_format)
        if cap is None:
            cap = body.count(b"\n")
        return solutions_from_tsv(body, job.results_format, cap)
    return triples_from_ntriples(body, job.graph_format, body.count(b"\n") if cap is None else cap)
