"""Every media type pactgraph speaks, and the one Accept parser.

One table per use: SPARQL SELECT/ASK results (:data:`RESULT_FORMATS`); RDF syntaxes
(:data:`GRAPH_FORMATS`: CONSTRUCT/DESCRIBE answers, Graph Store reads and writes, ingest
bodies and files by suffix); the ``/id/`` entity representations (:data:`ENTITY_FORMATS`);
the network exports (:data:`EXPORT_FORMATS`); the panel files (:data:`PANEL_FORMATS`). A
format is written once and shared by the tables it belongs to, so a media type cannot mean two
things in two modules.

:func:`negotiate` picks from a table by ``format=`` (a short name or a media type) or by the
``Accept`` header; SPARQL never refuses for Accept (the default is sent with
``Vary: Accept``), ``/id/`` does (406), which :func:`best` allows by answering ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from pyoxigraph import QueryResultsFormat, RdfFormat

from app.errors import InvalidParameter

#: What serialises a format: pyoxigraph's result or RDF format, ``None`` for our own writers.
Codec = TypeVar("Codec", covariant=True)
_C = TypeVar("_C")


@dataclass(frozen=True)
class Format(Generic[Codec]):
    """One serialisation: short name (``format=``), the media types that select it (the first
    labels responses), the file suffixes that name it (the first is written), its codec."""

    name: str
    media_types: tuple[str, ...]
    pyoxigraph: Codec
    suffixes: tuple[str, ...] = ()
    #: Further ranges of an Accept header that select it (never a request body's type).
    also_accepted: tuple[str, ...] = ()

    @property
    def suffix(self) -> str:
        """The file suffix written for this format (``ttl``)."""
        return self.suffixes[0]

    @property
    def media_type(self) -> str:
        """The media type the response is labelled with (the first listed)."""
        return self.media_types[0]

    @property
    def content_type(self) -> str:
        """``Content-Type`` header value (``text/*`` formats say their charset)."""
        if self.media_type.startswith("text/"):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type


#: SELECT / ASK results; the first entry is the default.
RESULT_FORMATS: tuple[Format[QueryResultsFormat], ...] = (
    Format(
        "json",
        ("application/sparql-results+json", "application/json"),
        QueryResultsFormat.JSON,
    ),
    Format(
        "xml",
        ("application/sparql-results+xml", "application/xml", "text/xml"),
        QueryResultsFormat.XML,
    ),
    Format("csv", ("text/csv",), QueryResultsFormat.CSV),
    Format("tsv", ("text/tab-separated-values",), QueryResultsFormat.TSV),
)

TURTLE = Format("turtle", ("text/turtle", "application/x-turtle"), RdfFormat.TURTLE, ("ttl",))
N_TRIPLES = Format(
    "ntriples", ("application/n-triples", "text/plain"), RdfFormat.N_TRIPLES, ("nt",)
)
#: A JSON-LD document is JSON: ``Accept: application/json`` gets it where no results format
#: applies (a request body must say ``application/ld+json``).
JSON_LD = Format(
    "jsonld",
    ("application/ld+json",),
    RdfFormat.JSON_LD,
    ("jsonld", "json"),
    also_accepted=("application/json",),
)
#: RDF syntaxes (CONSTRUCT / DESCRIBE results, Graph Store, ingest); the first is the default.
GRAPH_FORMATS: tuple[Format[RdfFormat], ...] = (
    TURTLE,
    N_TRIPLES,
    JSON_LD,
    Format("rdfxml", ("application/rdf+xml",), RdfFormat.RDF_XML, ("rdf", "owl", "xml")),
    Format("trig", ("application/trig",), RdfFormat.TRIG, ("trig",)),
    Format("nquads", ("application/n-quads",), RdfFormat.N_QUADS, ("nq",)),
)

#: A web page (entity pages, the query page, the explorer).
HTML = Format("html", ("text/html", "application/xhtml+xml"), None, ("html",))

#: What ``/id/...`` serves, by suffix or Accept; the first (Turtle) is what ``*/*`` gets.
ENTITY_FORMATS: tuple[Format[RdfFormat | None], ...] = (TURTLE, JSON_LD, N_TRIPLES, HTML)

#: A table as comma-separated text, written by our own writers.
CSV = Format("csv", ("text/csv",), None, ("csv",))

#: Network exports (:mod:`app.analytics.export`, the explorer's downloads).
EXPORT_FORMATS: dict[str, Format[None]] = {
    f.name: f
    for f in (
        Format("graphml", ("application/graphml+xml",), None, ("graphml",)),
        Format("gexf", ("application/gexf+xml",), None, ("gexf",)),
        CSV,
        Format("json", ("application/json",), None, ("json",)),
    )
}

#: Panel files (:mod:`app.panels.files`): CSV, Parquet, Stata.
PANEL_FORMATS: dict[str, Format[None]] = {
    f.name: f
    for f in (
        CSV,
        Format("parquet", ("application/vnd.apache.parquet",), None, ("parquet",)),
        Format("dta", ("application/x-stata-dta",), None, ("dta",)),
    )
}

#: RDF syntaxes by file suffix (``.ttl``), for the CLI, the bundle loader and validation.
BY_EXTENSION: dict[str, RdfFormat] = {
    f".{suffix}": fmt.pyoxigraph for fmt in GRAPH_FORMATS for suffix in fmt.suffixes
}
#: RDF syntaxes by media type, for request bodies (ingest, Graph Store writes).
BY_MEDIA_TYPE: dict[str, RdfFormat] = {
    media_type: fmt.pyoxigraph for fmt in GRAPH_FORMATS for media_type in fmt.media_types
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header with their q-values, best first (stable)."""
    ranges: list[tuple[str, float, int]] = []
    for index, part in enumerate((header or "").split(",")):
        media_type, *params = (p.strip() for p in part.split(";"))
        if not media_type:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media_type.lower(), q, index))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(m, q) for m, q, _ in ranges if q > 0]


def best(table: Sequence[Format[_C]], accept: str | None) -> Format[_C] | None:
    """The first format of ``table`` the Accept header takes, best q first; ``None`` if none.

    ``type/*`` takes the table's first format of that type; ``*/*`` its first format.
    """
    for media_range, _ in parse_accept(accept):
        if media_range == "*/*":
            return table[0]
        for fmt in table:
            if media_range in fmt.media_types or media_range in fmt.also_accepted:
                return fmt
        if media_range.endswith("/*"):
            major = media_range.removesuffix("*")
            for fmt in table:
                if fmt.media_type.startswith(major):
                    return fmt
    return None


def negotiate(
    table: Sequence[Format[_C]], accept: str | None, format_param: str | None
) -> Format[_C]:
    """Pick a format from ``table`` for ``format=`` or the Accept header (default: the first).

    :raises InvalidParameter: ``format=`` names no format of the table (the error lists them).
    """
    if format_param:
        found = _named(table, format_param)
        if found is None:
            raise _unavailable(format_param, [f.name for f in table])
        return found
    return best(table, accept) or table[0]


def _named(table: Sequence[Format[_C]], format_param: str) -> Format[_C] | None:
    wanted = format_param.strip().lower()
    return next((f for f in table if wanted == f.name or wanted in f.media_types), None)


def _unavailable(format_param: str, names: list[str]) -> InvalidParameter:
    return InvalidParameter(
        f"format={format_param!r} is not available here; use one of " + ", ".join(names),
        parameter="format",
        valid=names,
    )


@dataclass(frozen=True)
class Negotiated:
    """The two formats a query may answer in (which one applies depends on its form)."""

    results: Format[QueryResultsFormat]
    graph: Format[RdfFormat]


def negotiate_both(accept: str | None, format_param: str | None) -> Negotiated:
    """Formats for both result kinds; ``format=`` names one of either table and wins for it.

    :raises InvalidParameter: ``format=`` names no format (the error lists every one).
    """
    results = negotiate(RESULT_FORMATS, accept, None)
    graph = negotiate(GRAPH_FORMATS, accept, None)
    if not format_param:
        return Negotiated(results, graph)
    named_results = _named(RESULT_FORMATS, format_param)
    if named_results is not None:
        return Negotiated(named_results, graph)
    named_graph = _named(GRAPH_FORMATS, format_param)
    if named_graph is not None:
        return Negotiated(results, named_graph)
    names = [f.name for f in RESULT_FORMATS] + [f.name for f in GRAPH_FORMATS]
    raise _unavailable(format_param, names)


def accepts_html(accept: str | None) -> bool:
    """True when a browser asks for a page (``text/html`` before any RDF or results type)."""
    for media_range, _ in parse_accept(accept):
        if media_range in HTML.media_types:
            return True
        if media_range != "*/*":
            return False
    return False
