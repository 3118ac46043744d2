"""Content negotiation for SPARQL results: one lookup table per result kind.

SELECT and ASK results come as SPARQL JSON (the default), XML, CSV or TSV; CONSTRUCT and
DESCRIBE as Turtle (the default), N-Triples, JSON-LD, RDF/XML, TriG or N-Quads. A client may
also name the format with ``format=`` (a short name or a media type), which is what the query
page's download links do. Nothing is ever refused for its Accept header: when no listed type
matches, the default is sent (the response carries ``Vary: Accept``).
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import QueryResultsFormat, RdfFormat

from app.errors import InvalidParameter


@dataclass(frozen=True)
class Format:
    """One serialisation: short name (``format=``), the media types that select it."""

    name: str
    media_types: tuple[str, ...]
    pyoxigraph: QueryResultsFormat | RdfFormat

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
RESULT_FORMATS: tuple[Format, ...] = (
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

#: CONSTRUCT / DESCRIBE results (and Graph Store reads); the first entry is the default.
GRAPH_FORMATS: tuple[Format, ...] = (
    Format("turtle", ("text/turtle", "application/x-turtle"), RdfFormat.TURTLE),
    Format("ntriples", ("application/n-triples", "text/plain"), RdfFormat.N_TRIPLES),
    Format("jsonld", ("application/ld+json",), RdfFormat.JSON_LD),
    Format("rdfxml", ("application/rdf+xml",), RdfFormat.RDF_XML),
    Format("trig", ("application/trig",), RdfFormat.TRIG),
    Format("nquads", ("application/n-quads",), RdfFormat.N_QUADS),
)


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


def negotiate(table: tuple[Format, ...], accept: str | None, format_param: str | None) -> Format:
    """Pick a format from ``table`` for ``format=`` or the Accept header.

    :raises InvalidParameter: ``format=`` names no format of the table (the error lists them).
    """
    if format_param:
        wanted = format_param.strip().lower()
        for fmt in table:
            if wanted == fmt.name or wanted in fmt.media_types:
                return fmt
        raise InvalidParameter(
            f"format={format_param!r} is not available here; use one of "
            + ", ".join(f.name for f in table),
            parameter="format",
            valid=[f.name for f in table],
        )
    for media_range, _ in parse_accept(accept):
        for fmt in table:
            if media_range in fmt.media_types:
                return fmt
        major = media_range.split("/")[0]
        if media_range.endswith("/*") and major != "*":
            for fmt in table:
                if fmt.media_type.startswith(major + "/"):
                    return fmt
    return table[0]


def accepts_rdf(accept: str | None) -> bool:
    """True when the Accept header explicitly asks for an RDF graph serialisation."""
    listed = {m for f in GRAPH_FORMATS for m in f.media_types}
    return any(m in listed for m, _ in parse_accept(accept))


def accepts_html(accept: str | None) -> bool:
    """True when a browser asks for a page (``text/html`` before any RDF or results type)."""
    for media_range, _ in parse_accept(accept):
        if media_range in ("text/html", "application/xhtml+xml"):
            return True
        if media_range != "*/*":
            return False
    return False
