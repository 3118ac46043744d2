"""The one place user-supplied values become SPARQL text.

Query templates name their parameters ``$name`` (never ``?name``); :func:`render` replaces each
with :func:`sparql_term` of a validated RDF term. The same text then runs on the embedded store
and on any remote SPARQL server, so there is a single escaping path to test (see
``tests/store/test_terms.py``, property-based against injection).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from pyoxigraph import BlankNode, Literal, NamedNode

from app.errors import InvalidParameter
from app.namespaces import XSD_NS

Term = NamedNode | Literal | BlankNode

# IRIREF of the SPARQL grammar: no controls, spaces or <>"{}|^`\ characters.
_XSD_STRING = NamedNode(XSD_NS + "string")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_PLACEHOLDER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_STRING_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def iri(value: str) -> NamedNode:
    """Return ``value`` as a NamedNode, or raise :class:`InvalidParameter` if it is no IRI."""
    if not _SCHEME.match(value) or _IRI_FORBIDDEN.search(value):
        raise InvalidParameter(f"{value!r} is not an absolute IRI", parameter="iri")
    try:
        return NamedNode(value)
    except ValueError as exc:
        raise InvalidParameter(f"{value!r} is not a valid IRI: {exc}", parameter="iri") from exc


def _escape_string(value: str) -> str:
    return "".join(_STRING_ESCAPES.get(ch, ch) for ch in value)


def sparql_term(term: Term) -> str:
    """Serialise an RDF term as SPARQL syntax that cannot break out of its position."""
    if isinstance(term, NamedNode):
        return f"<{iri(term.value).value}>"
    if isinstance(term, BlankNode):
        raise InvalidParameter("blank nodes cannot be bound into a query", parameter="term")
    text = f'"{_escape_string(term.value)}"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype == _XSD_STRING:
        # The same term in RDF 1.1, but Virtuoso 7 stores plain literals apart from
        # ^^xsd:string ones and matches neither with the other (issue 19: a state looked up
        # by its ISO code on Virtuoso was not found).
        return text
    return f"{text}^^<{iri(term.datatype.value).value}>"


def render(template: str, values: Mapping[str, Term | Sequence[Term]]) -> str:
    """Fill ``$name`` placeholders; a list renders as a space-separated term list (for VALUES).

    A placeholder without a value is an error: a silently unfilled ``$x`` would be a SPARQL
    variable and change the query's meaning.
    """

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"no value for ${name} in query template")
        value = values[name]
        if isinstance(value, NamedNode | Literal | BlankNode):
            return sparql_term(value)
        return " ".join(sparql_term(v) for v in value)

    return _PLACEHOLDER.sub(fill, template)
