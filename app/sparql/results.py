"""Evaluate one query on a pyoxigraph store and serialise its results, capped.

This is the code a query worker runs (:mod:`app.sparql.workers`); the remote path uses the
serialisers on results parsed from the server. It imports nothing of the app but the error
types, so worker processes start quickly.

The cap bounds memory: at most ``cap`` solutions (or triples) are read from the engine, one
more is peeked to know whether there were more, and only those are serialised. A truncated
SPARQL JSON result names the problem document in ``head.link`` (the format's place for
metadata links); every format also gets the ``Pactgraph-Truncated`` response header.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any, Literal

from pyoxigraph import (
    BlankNode,
    Literal as RdfLiteral,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolution,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

TRUNCATED_PROBLEM = "https://w3id.org/pactgraph/problems/result-truncated"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

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
    count: int
    truncated: bool


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
        fmt = _results_format(job.results_format)
        return Outcome(result.serialize(format=fmt) or b"", fmt.media_type, "boolean", 1, False)
    if isinstance(result, QuerySolutions):
        return serialize_solutions(
            [v.value for v in result.variables], result, job.results_format, job.cap
        )
    return serialize_triples(result, job.graph_format, job.cap)


def _results_format(media_type: str) -> QueryResultsFormat:
    fmt = QueryResultsFormat.from_media_type(media_type)
    assert fmt is not None, media_type  # media types come from app.media
    return fmt


def _capped(items: Iterable[Any], cap: int | None) -> tuple[list[Any], bool]:
    if cap is None:
        return list(items), False
    taken = list(islice(items, cap + 1))
    return taken[:cap], len(taken) > cap


def serialize_triples(triples: Iterable[Triple], media_type: str, cap: int | None) -> Outcome:
    """Serialise at most ``cap`` triples in the RDF format of ``media_type``."""
    fmt = RdfFormat.from_media_type(media_type)
    assert fmt is not None, media_type
    kept, truncated = _capped(triples, cap)
    body = serialize(kept, format=fmt) or b""
    return Outcome(body, fmt.media_type, "graph", len(kept), truncated)


def serialize_solutions(
    variables: list[str], solutions: Iterator[QuerySolution], media_type: str, cap: int | None
) -> Outcome:
    """Serialise at most ``cap`` solutions in the results format of ``media_type``."""
    fmt = _results_format(media_type)
    kept, truncated = _capped(solutions, cap)
    head: dict[str, Any] = {"vars": variables}
    if truncated:
        head["link"] = [TRUNCATED_PROBLEM]
    document = {
        "head": head,
        "results": {
            "bindings": [
                {
                    name: _json_term(term)
                    for name in variables
                    if (term := solution[name]) is not None
                }
                for solution in kept
            ]
        },
    }
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    if fmt != QueryResultsFormat.JSON:
        # SPARQL JSON is the one format written here; pyoxigraph writes the others from it.
        reparsed = parse_query_results(body, QueryResultsFormat.JSON)
        assert isinstance(reparsed, QuerySolutions)
        body = reparsed.serialize(format=fmt) or b""
    return Outcome(body, fmt.media_type, "solutions", len(kept), truncated)


def _json_term(term: Any) -> dict[str, Any]:
    """A term in SPARQL 1.1 Query Results JSON (plus ``triple`` for RDF-star terms)."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, RdfLiteral):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    assert isinstance(term, Triple)
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def parse_remote(body: bytes, content_type: str, job: Job) -> Outcome:
    """Re-serialise a remote server's answer (TSV results or N-Triples) as ``job`` asks.

    Both formats are line-based, so the body may be a prefix of the server's answer (see
    :meth:`app.store.remote.RemoteStore.query_lines`); the cap applies here as for workers.
    """
    if content_type.startswith("text/tab-separated-values"):
        result = parse_query_results(body, QueryResultsFormat.TSV)
        if isinstance(result, QueryBoolean):
            fmt = _results_format(job.results_format)
            return Outcome(result.serialize(format=fmt) or b"", fmt.media_type, "boolean", 1, False)
        assert isinstance(result, QuerySolutions)
        return serialize_solutions(
            [v.value for v in result.variables], result, job.results_format, job.cap
        )
    triples = (Triple(q.subject, q.predicate, q.object) for q in parse(body, RdfFormat.N_TRIPLES))
    return serialize_triples(triples, job.graph_format, job.cap)
