"""What a SPARQL request may do, decided on its parsed form, never on its tokens.

A query or update can make the server fetch a URL (``SERVICE``, ``LOAD``) or write graphs that
pactgraph maintains (:mod:`app.graphs`). A hand-made tokenizer once decided this and was fooled:
Oxigraph expands ``\\u0041`` escapes everywhere *before* parsing, the tokenizer did not, so an
IRI holding ``\\u0041#`` hid the rest of the line in a "comment" and a ``SERVICE`` call went
through. This module therefore

1. bounds the text first (:func:`check_bounds`): its size and its nesting depth of ``{ ( [``,
   so no parser, ours or the engine's, recurses without end (a 60 KB update of nested braces
   once crashed the server);
2. expands the escapes exactly as the grammar says (``\\uXXXX``, ``\\UXXXXXXXX``, once, over
   the whole text: :func:`unescape`);
3. parses the expanded text with rdflib's SPARQL 1.1 grammar and walks the parse tree
   (:func:`inspect_query`, :func:`inspect_update`).

It fails closed. A query rdflib cannot parse (Oxigraph may still accept it) is refused when its
expanded text contains ``service`` anywhere, in any case (a conservative test that can only
refuse too much); without that word it goes to the engine, which reports the syntax error. An
update rdflib cannot parse is refused: without a parse, which graphs it writes is unknown.

Parsing costs tens of milliseconds of pure Python per query: on the embedded store it runs in
the query workers (:mod:`app.sparql.workers`), off the server's event loop and within the
query timeout.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseBaseException
from rdflib.plugins.sparql import parser
from rdflib.plugins.sparql.algebra import translatePrologue
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef, Variable

from app.errors import BadRequest, Forbidden, PayloadTooLarge, SparqlSyntaxError
from app.graphs import graph_kind, is_maintained

__all__ = [
    "Policy",
    "UpdateWrites",
    "check_bounds",
    "check_query",
    "check_update",
    "inspect_query",
    "inspect_update",
    "unescape",
]

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_OPEN, _CLOSE = frozenset("{(["), frozenset("})]")
#: rdflib's grammar is a pyparsing grammar, and pyparsing is not thread-safe (rdflib#1282):
#: two requests parsing at once on server threads failed with a TypeError in a parse action.
_PARSING = threading.Lock()


@dataclass(frozen=True)
class Policy:
    """What a client's SPARQL text may be and do (from the settings; it must pickle)."""

    #: ``PACTGRAPH_SPARQL_MAX_BYTES``: largest query or update text, in UTF-8 bytes.
    max_bytes: int
    #: ``PACTGRAPH_SPARQL_MAX_DEPTH``: deepest nesting of ``{ ( [``.
    max_depth: int
    #: ``PACTGRAPH_ALLOW_SERVICE``: SERVICE and LOAD may fetch remote URLs.
    allow_service: bool = False


def check_bounds(text: str, policy: Policy) -> str:
    """Refuse a text larger than ``policy.max_bytes`` or nested deeper than ``max_depth``.

    Returns the text with its escapes expanded (:func:`unescape`): the depth is measured on
    that, as ``\u007b`` is a brace to the engine. Every bracket counts, even inside strings: a
    conservative bound that needs no tokenizer.

    :raises PayloadTooLarge: the UTF-8 text is over the size limit
        (``PACTGRAPH_SPARQL_MAX_BYTES``).
    :raises BadRequest: brackets nest deeper than the limit (``PACTGRAPH_SPARQL_MAX_DEPTH``).
    """
    size = len(text.encode("utf-8"))
    if size > policy.max_bytes:
        raise PayloadTooLarge(
            f"the SPARQL text is {size} bytes, over the limit of {policy.max_bytes} "
            "(PACTGRAPH_SPARQL_MAX_BYTES); load large data through POST /api/v1/ingest",
            limit="PACTGRAPH_SPARQL_MAX_BYTES",
            max_bytes=policy.max_bytes,
        )
    expanded = unescape(text)
    depth = deepest = 0
    for char in expanded:
        if char in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
            if deepest > policy.max_depth:
                raise BadRequest(
                    f"brackets {{ ( [ nest deeper than {policy.max_depth} levels "
                    "(PACTGRAPH_SPARQL_MAX_DEPTH); flatten the query",
                    limit="PACTGRAPH_SPARQL_MAX_DEPTH",
                    max_depth=policy.max_depth,
                )
        elif char in _CLOSE:
            depth = max(depth - 1, 0)
    return expanded


def unescape(text: str) -> str:
    r"""Expand ``\uXXXX`` and ``\UXXXXXXXX`` once, as the SPARQL grammar does before parsing.

    >>> unescape(r"<http://x/\u0041#> \U0000004c")
    '<http://x/A#> L'

    :raises SparqlSyntaxError: an escape names no Unicode code point.
    """

    def expand(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF:
            raise SparqlSyntaxError(f"{match.group()} is not a Unicode code point")
        return chr(code)

    return _ESCAPE.sub(expand, text)


def _nodes(tree: Any) -> Iterator[CompValue]:
    """Every node of an rdflib parse tree (iteratively: trees may be deep)."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            yield item
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or type(item).__name__ == "ParseResults":
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def _remote_refusal(keyword: str, what: str) -> Forbidden:
    return Forbidden(
        f"{keyword} is disabled on this server ({what}): it would make the server fetch a "
        "URL chosen by the request. Query the local data only, or ask the operator to set "
        "PACTGRAPH_ALLOW_SERVICE=true.",
        keyword=keyword,
    )


def _describe(term: Any) -> str:
    """A SERVICE or graph term as written: ``<iri>``, ``?var`` or ``prefix:local``."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Variable):
        return f"?{term}"
    if isinstance(term, CompValue) and term.name == "pname":
        return f"{dict.get(term, 'prefix') or ''}:{dict.get(term, 'localname') or ''}"
    return str(term)


def inspect_query(text: str) -> list[str]:
    """The ``SERVICE`` targets a query calls (IRIs as ``<...>``, variables as ``?x``).

    :raises ValueError: rdflib cannot parse the (escape-expanded) text.
    """
    try:
        with _PARSING:
            tree = parser.Query.parse_string(text, parse_all=True)
    except (ParseBaseException, RecursionError) as exc:
        raise ValueError(str(exc)) from exc
    return [
        _describe(dict.get(node, "term"))
        for node in _nodes(tree)
        if node.name == "ServiceGraphPattern"
    ]


@dataclass(frozen=True)
class UpdateWrites:
    """What an update does beyond the local graphs it names."""

    #: ``SERVICE`` targets in WHERE clauses and ``LOAD`` sources, as ``KEYWORD <iri>``.
    remote: tuple[str, ...]
    #: Graph IRIs the update writes (creates, clears, drops, inserts into, deletes from).
    graphs: frozenset[str]
    #: Writes that reach graphs without naming them: ``DROP ALL``, ``GRAPH ?g`` templates...
    unnamed: tuple[str, ...]


_OPERATIONS = {
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Copy": "COPY",
    "Move": "MOVE",
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT",
}
_HOW_TO_NAME = {
    "ALL": "name each graph instead (DROP GRAPH <g> ; CLEAR DEFAULT)",
    "NAMED": "name each graph instead (DROP GRAPH <g>)",
}


def inspect_update(text: str) -> UpdateWrites:
    """The remote calls and graph writes of an (escape-expanded) update.

    Read from the parse tree, with prefixed names and ``BASE`` resolved operation by operation
    (rdflib's ``translateUpdate`` would do it too, but it reorders every triple of the data
    blocks, in time quadratic in their size).

    :raises ValueError: rdflib cannot parse the text, or it uses an undeclared prefix.
    """
    try:
        with _PARSING:
            tree = parser.UpdateUnit.parse_string(text, parse_all=True)[0]
    except Exception as exc:  # parse and recursion errors of several types
        raise ValueError(str(exc)) from exc
    remote = [
        f"SERVICE {_describe(dict.get(node, 'term'))}"
        for node in _nodes(tree)
        if node.name == "ServiceGraphPattern"
    ]
    graphs: set[str] = set()
    unnamed: list[str] = []
    prologue = None
    # CompValue.get answers the key's name for a missing key: members are read with dict.get.
    # One prologue per operation, and a last one that may stand alone ("PREFIX x: <y>" is an
    # empty update): it writes nothing.
    requests = dict.get(tree, "request") or []
    for declared, op in zip(dict.get(tree, "prologue") or [], requests, strict=False):
        try:
            prologue = translatePrologue(declared, None, None, prologue)
        except Exception as exc:  # an undeclared prefix, a malformed BASE
            raise ValueError(str(exc)) from exc
        name, get = _OPERATIONS.get(op.name, op.name), functools.partial(dict.get, op)

        def target(ref: Any, name: str = name, prologue: Any = prologue) -> None:
            if isinstance(ref, str) and ref in _HOW_TO_NAME:
                unnamed.append(f"{name} {ref}: {_HOW_TO_NAME[str(ref)]}")
            elif ref is not None and ref != "DEFAULT":
                try:
                    graphs.add(str(prologue.absolutize(ref)))
                except Exception as exc:  # an undeclared prefix
                    raise ValueError(str(exc)) from exc

        if name == "LOAD":
            remote.append(f"LOAD <{get('iri')}>")
            target(get("graphiri"))
        elif name in ("CLEAR", "DROP", "CREATE"):
            target(get("graphiri"))
        elif name in ("ADD", "COPY", "MOVE"):
            source, destination = op["graph"]
            target(destination)
            if name == "MOVE":  # MOVE empties its source
                target(source)
        else:  # INSERT DATA, DELETE DATA, DELETE WHERE, DELETE/INSERT
            clauses = [op] if name != "DELETE/INSERT" else [get("delete"), get("insert")]
            for clause in clauses:
                quads = dict.get(clause, "quads") if clause is not None else None
                if quads is None:
                    continue
                for block in dict.get(quads, "quadsNotTriples") or []:
                    graph = dict.get(block, "term")
                    if isinstance(graph, Variable):
                        unnamed.append(
                            f"GRAPH ?{graph} in a {name} template: write to named graphs "
                            "(GRAPH <g>), one operation per graph"
                        )
                    else:
                        target(graph)
                if dict.get(quads, "triples") and get("withClause") is not None:
                    target(get("withClause"))
    return UpdateWrites(tuple(remote), frozenset(graphs), tuple(unnamed))


def check_query(text: str, policy: Policy) -> None:
    """Refuse a query that is too big or deep, or that calls ``SERVICE`` (unless allowed).

    :raises PayloadTooLarge: over ``PACTGRAPH_SPARQL_MAX_BYTES``.
    :raises BadRequest: nested deeper than ``PACTGRAPH_SPARQL_MAX_DEPTH``.
    :raises Forbidden: ``SERVICE`` is used (or cannot be ruled out) and not allowed.
    """
    expanded = check_bounds(text, policy)
    if policy.allow_service or "service" not in expanded.lower():
        # Without the letters of the keyword (escapes expanded, case folded) no SERVICE can be
        # there: the parse (100-200 ms for a two-hop query) only tells a keyword from the same
        # letters in an IRI or a string.
        return
    try:
        services = inspect_query(expanded)
    except ValueError:
        if "service" in expanded.lower():
            raise _remote_refusal(
                "SERVICE",
                "the query does not parse here and mentions SERVICE, so a call cannot be ruled out",
            ) from None
        return  # the engine reports the syntax error
    if services:
        raise _remote_refusal("SERVICE", f"SERVICE {services[0]}")


def check_update(text: str, policy: Policy) -> None:
    """Refuse an update that is too big, calls out, or writes a graph pactgraph maintains.

    :raises PayloadTooLarge: over ``PACTGRAPH_SPARQL_MAX_BYTES``.
    :raises BadRequest: nested too deep, or not parseable (so its writes are unknown).
    :raises Forbidden: ``LOAD``/``SERVICE`` (unless allowed), a write to a maintained graph
        (named in the problem's ``graph``), or a write that could reach one unnamed.
    """
    expanded = check_bounds(text, policy)
    try:
        writes = inspect_update(expanded)
    except ValueError as exc:
        raise SparqlSyntaxError(
            f"the update does not parse, so the graphs it writes cannot be checked: {exc}"
        ) from None
    if writes.remote and not policy.allow_service:
        keyword, _, what = writes.remote[0].partition(" ")
        raise _remote_refusal(keyword, f"{keyword} {what}")
    for graph in sorted(writes.graphs):
        if is_maintained(graph):
            raise Forbidden(
                f"<{graph}> is a graph pactgraph maintains ({graph_kind(graph)}): no update may "
                "write it. Write your data to a graph of your own, or through POST "
                "/api/v1/ingest.",
                graph=graph,
            )
    if writes.unnamed:
        raise Forbidden(
            f"{writes.unnamed[0]}. An update may not write graphs it does not name: it could "
            "reach the graphs pactgraph maintains.",
            operation=writes.unnamed[0].split(":", 1)[0],
        )
