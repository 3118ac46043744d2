"""Limits a written body must pass before a parser (or the batch hash) sees it.

Every write path (``POST /api/v1/ingest``, Graph Store ``PUT``/``POST``, ``pactgraph load``)
calls :func:`check_body` on the raw bytes, then :func:`check_blank_nodes` on the parsed
triples before they are hashed. Each refusal is a 422 problem naming the limit and the
``PACTGRAPH_*`` setting that moves it (the body size itself is
``PACTGRAPH_MAX_BODY_BYTES``, enforced while the body streams in: :mod:`app.api.body`).

Why each limit exists (pyoxigraph 0.5.13, measured here):

* **Nesting** (``PACTGRAPH_MAX_NESTING_DEPTH``): the JSON-LD parser's cost grows with the
  depth of nested objects (1,000 levels 0.2 s; 5,000 crash the process with a segfault), the
  RDF/XML parser's with nested elements (5,000 levels 1.3 s, 50,000 over 20 s), and nested
  RDF 1.2 triple terms ``<<( … )>>`` crash the Turtle-family parsers at 20,000 levels. The
  scans below are linear and run in C-backed code (``re``, ``bytes.count``).
* **DOCTYPE in RDF/XML**: the parser expands internal entities (923 bytes grew memory by
  520 MB). RDF needs no DTD, so a body that declares one is refused outright.
* **Blank nodes** (``PACTGRAPH_MAX_BLANK_NODES``): identifying a batch labels its blank nodes
  (:mod:`app.ingest.identity`), linear per refinement round; the count bounds that work.

Turtle, TriG, N-Triples and N-Quads parse in linear time however deeply ``[ ]`` and ``( )``
nest (50,000 levels in 0.14 s), so only triple terms count as nesting there. Every count is an
upper bound of what the parser would see (a ``<<`` inside a string still counts), so no
spelling hides nesting from the scan.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

from pyoxigraph import BlankNode, RdfFormat, Triple

from app.config import Settings
from app.errors import LimitExceeded

__all__ = ["ParseLimits", "check_blank_nodes", "check_body"]

_FIELDS = Settings.model_fields


@dataclass(frozen=True)
class ParseLimits:
    """The limits of one write, read from the settings (defaults: the settings' defaults)."""

    max_depth: int = _FIELDS["max_nesting_depth"].default
    max_blank_nodes: int = _FIELDS["max_blank_nodes"].default

    @classmethod
    def of(cls, settings: Settings) -> ParseLimits:
        """The limits the settings configure."""
        return cls(settings.max_nesting_depth, settings.max_blank_nodes)


# A JSON string, exactly as JSON's grammar has it (possessive: linear on long strings).
_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
_JSON_DELTA = bytes.maketrans(b"{[}]", b"\x01\x01\xff\xff")
_NOT_BRACKET = bytes(set(range(256)) - set(b"{[}]"))
# Markup whose content is not elements: comments, CDATA sections, processing instructions.
_XML_OPAQUE = re.compile(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>", re.DOTALL)
# A start or end tag; quoted attribute values may hold ">" and "/>".
_XML_TAG = re.compile(rb"""<(/?)(?:[^>"']++|"[^"]*+"|'[^']*+')*+>""")
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_TURTLE_FAMILY = (RdfFormat.TURTLE, RdfFormat.TRIG, RdfFormat.N_TRIPLES, RdfFormat.N_QUADS)


def check_body(data: bytes, fmt: RdfFormat, limits: ParseLimits) -> None:
    """Refuse a body whose nesting or DTD could make the parser freeze or crash.

    :raises LimitExceeded: naming the limit and its setting.
    """
    if fmt == RdfFormat.JSON_LD:
        _check_depth(_json_depth(data), limits)
    elif fmt == RdfFormat.RDF_XML:
        if _DOCTYPE.search(data):
            raise LimitExceeded(
                "RDF/XML with a DOCTYPE (a DTD, entity declarations) is refused: entity "
                "expansion can exhaust memory, and RDF needs no DTD; remove the DOCTYPE",
                limit="doctype",
                setting=None,
            )
        _check_depth(_xml_depth(data), limits)
    elif fmt in _TURTLE_FAMILY:
        _check_depth(data.count(b"<<"), limits)


def check_blank_nodes(triples: Iterable[Triple], limits: ParseLimits) -> None:
    """Refuse a parsed body with more distinct blank nodes than the limit.

    :raises LimitExceeded: naming the limit and its setting.
    """
    found = {term for t in triples for term in (t.subject, t.object) if isinstance(term, BlankNode)}
    if len(found) > limits.max_blank_nodes:
        raise LimitExceeded(
            f"the body holds {len(found)} blank nodes, more than {limits.max_blank_nodes} "
            "(PACTGRAPH_MAX_BLANK_NODES); give the nodes IRIs or split the data",
            limit="blank-nodes",
            setting="PACTGRAPH_MAX_BLANK_NODES",
            maximum=limits.max_blank_nodes,
            found=len(found),
        )


def _check_depth(depth: int, limits: ParseLimits) -> None:
    if depth > limits.max_depth:
        raise LimitExceeded(
            f"the body nests {depth} levels deep, more than {limits.max_depth} "
            "(PACTGRAPH_MAX_NESTING_DEPTH); flatten it (give nested nodes IRIs)",
            limit="nesting-depth",
            setting="PACTGRAPH_MAX_NESTING_DEPTH",
            maximum=limits.max_depth,
            found=depth,
        )


def _json_depth(data: bytes) -> int:
    """Deepest ``{``/``[`` nesting outside strings (an unterminated string counts as structure).

    >>> _json_depth(b'{"a": [1, {"b": "}}}{{{"}]}')
    3
    """
    brackets = _JSON_STRING.sub(b"", data).translate(None, _NOT_BRACKET)
    return max(accumulate(array("b", brackets.translate(_JSON_DELTA))), default=0)


def _xml_depth(data: bytes) -> int:
    """Deepest element nesting (self-closing tags do not nest).

    >>> _xml_depth(b'<a x="/>"><!-- <b><b> --><c/><d><e></e></d></a>')
    3
    """
    depth = deepest = 0
    for tag in _XML_TAG.finditer(_XML_OPAQUE.sub(b"", data)):
        if tag.group(1):
            depth -= 1
        elif not tag.group(0).endswith(b"/>"):
            depth += 1
            deepest = max(deepest, depth)
    return deepest
