"""One entity as RDF (Turtle, JSON-LD, N-Triples) or as a simple HTML page.

A ``/id/...`` URL with a suffix (``.ttl``, ``.jsonld``, ``.nt``, ``.html``) asks for that
format; without one, the ``Accept`` header decides (:func:`negotiate`), both from
:data:`app.media.ENTITY_FORMATS`. The HTML page is deliberately plain (a table of the
entity's statements with links); states, agreements and sources have richer pages
(:mod:`app.views.pages`) on the same base template.
"""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from app.media import ENTITY_FORMATS, Format, best
from app.ontology import PREFIXES
from app.views.links import href, local_href
from app.views.templating import render

#: The entity formats by URL suffix (``/id/state/KOR.ttl``).
FORMATS: dict[str, Format[RdfFormat | None]] = {f.suffix: f for f in ENTITY_FORMATS}


def negotiate(accept: str | None) -> Format[RdfFormat | None] | None:
    """The best format for an ``Accept`` header; ``None`` when nothing offered is acceptable.

    A missing header accepts anything, as ``*/*`` does: both get Turtle, readable by machines
    and people.
    """
    if not accept or not accept.strip():
        return ENTITY_FORMATS[0]
    return best(ENTITY_FORMATS, accept)


def rdf_links(iri: str) -> list[tuple[str, str]]:
    """(media type, URL) of the entity's RDF representations (``/id/state/KOR.ttl`` …)."""
    page = local_href(iri) or ""
    return [
        (f.media_type, f"{page}.{f.suffix}") for f in ENTITY_FORMATS if f.pyoxigraph is not None
    ]


def serialize_rdf(triples: list[Triple], fmt: RdfFormat) -> bytes:
    """The triples in an RDF format, with the project's prefixes where the format has any."""
    prefixes = PREFIXES if fmt is RdfFormat.TURTLE else None
    return serialize(triples, format=fmt, prefixes=prefixes) or b""


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
    return render(
        "entity.html",
        title=label,
        iri=entity.value,
        own=groups.pop(entity.value, []),
        blanks=groups,
        rdf=rdf_links(entity.value),
    )
