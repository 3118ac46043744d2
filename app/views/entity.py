"""One entity as RDF (Turtle, JSON-LD, N-Triples) or as a simple HTML page.

:data:`FORMATS` is the content-negotiation table: a ``/id/...`` URL with a suffix (``.ttl``,
``.jsonld``, ``.nt``, ``.html``) asks for that format; without one, the ``Accept`` header
decides (:func:`negotiate`). The HTML page is deliberately plain (a table of the entity's
statements with links); richer pages build on :func:`render_html`'s template.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from app.ontology import PREFIXES
from app.views.links import href, local_href
from app.views.templating import render


@dataclass(frozen=True)
class Format:
    """A representation an entity is served in."""

    suffix: str
    media_type: str
    rdf: RdfFormat | None  # None: the HTML page


FORMATS: dict[str, Format] = {
    f.suffix: f
    for f in (
        Format("ttl", "text/turtle", RdfFormat.TURTLE),
        Format("jsonld", "application/ld+json", RdfFormat.JSON_LD),
        Format("nt", "application/n-triples", RdfFormat.N_TRIPLES),
        Format("html", "text/html", None),
    )
}
_BY_MEDIA_TYPE = {f.media_type: f for f in FORMATS.values()} | {
    "application/xhtml+xml": FORMATS["html"],
    "application/json": FORMATS["jsonld"],
    "text/plain": FORMATS["nt"],
}
#: What ``*/*`` (curl, scripts) gets: machine-readable and still readable by people.
DEFAULT_FORMAT = FORMATS["ttl"]


def negotiate(accept: str | None) -> Format | None:
    """The best format for an ``Accept`` header; ``None`` when nothing offered is acceptable.

    Highest ``q`` wins; on a tie, the order of the header. A missing header accepts anything.
    """
    if not accept or not accept.strip():
        return DEFAULT_FORMAT
    best: tuple[float, int, Format] | None = None
    for index, item in enumerate(accept.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        media = media.lower()
        if media in {"*/*", "text/*"} and q > 0:
            found: Format | None = DEFAULT_FORMAT
        elif media == "application/*" and q > 0:
            found = FORMATS["jsonld"]
        else:
            found = _BY_MEDIA_TYPE.get(media) if q > 0 else None
        if found is not None and (best is None or (q, -index) > (best[0], -best[1])):
            best = (q, index, found)
    return best[2] if best else None


def serialize_rdf(triples: list[Triple], fmt: Format) -> bytes:
    """The triples in an RDF format, with the project's prefixes where the format has any."""
    assert fmt.rdf is not None
    prefixes = PREFIXES if fmt.rdf is RdfFormat.TURTLE else None
    return serialize(triples, format=fmt.rdf, prefixes=prefixes) or b""


def term_view(term: NamedNode | BlankNode | Literal | Triple) -> dict[str, str | None]:
    """A term for the template: its text, a link when it may have one, and what kind it is."""
    if isinstance(term, NamedNode):
        return {"text": compact(term.value), "href": href(term.value), "kind": "iri"}
    if isinstance(term, BlankNode):
        return {"text": f"_:{term.value}", "href": f"#b-{term.value}", "kind": "blank"}
    if isinstance(term, Literal):
        suffix = f"@{term.language}" if term.language else ""
        return {"text": term.value + suffix, "href": None, "kind": "literal"}
    return {"text": str(term), "href": None, "kind": "literal"}


def compact(iri: str) -> str:
    """``pg:party`` for ``https://w3id.org/pactgraph/ontology#party``, the IRI otherwise."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri.removeprefix(ns)}"
    return iri


def render_html(entity: NamedNode, triples: list[Triple], label: str) -> str:
    """A plain HTML page: the entity's statements, its blank nodes, links to RDF formats."""
    groups: dict[str, list[dict[str, dict[str, str | None]]]] = {}
    for t in triples:
        key = entity.value if t.subject == entity else str(term_view(t.subject)["text"])
        groups.setdefault(key, []).append(
            {"predicate": term_view(t.predicate), "object": term_view(t.object)}
        )
    page = local_href(entity.value) or ""
    return render(
        "entity.html",
        label=label,
        iri=entity.value,
        own=groups.pop(entity.value, []),
        blanks=groups,
        formats=[(f.suffix, f"{page}.{f.suffix}", f.media_type) for f in FORMATS.values() if f.rdf],
    )
