"""The documents and datasets behind the graph, and the facts each one supports.

A source supports a fact when the fact cites it (``pg:citation`` with ``pg:source``, usually
with a quote), derives from it (``prov:wasDerivedFrom``) or was imported from one of its rows
(``pg:datasetRecord`` with ``pg:dataset``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from app.errors import NotFound
from app.ontology import ID_NS, PG_NS, SPARQL_PREFIXES
from app.queries.evidence import SourceRef, source_metadata
from app.queries.paging import Page, page
from app.queries.refs import Served, local_id
from app.queries.states import state_labels
from app.store import Store, render

SOURCE_NS = ID_NS + "source/"

_SUPPORT = """
  { ?x pg:citation ?c . ?c pg:source ?s . OPTIONAL { ?c pg:quote ?quote } }
  UNION { ?x prov:wasDerivedFrom ?s }
  UNION { ?x pg:datasetRecord ?r . ?r pg:dataset ?s }
"""
_LIST = (
    SPARQL_PREFIXES
    + """
SELECT DISTINCT ?s WHERE {
  { ?s a ?type . VALUES ?type { schema:NewsArticle schema:Dataset schema:WebPage
                                schema:Legislation } }
  UNION { ?x pg:source|prov:wasDerivedFrom|pg:dataset ?s }
  FILTER(STRSTARTS(STR(?s), $ns))
}"""
)
_COUNTS = (
    SPARQL_PREFIXES
    + "SELECT ?s (COUNT(DISTINCT ?x) AS ?n) WHERE { VALUES ?s { $sources } "
    + _SUPPORT
    + "} GROUP BY ?s"
)
_SUPPORTED = (
    SPARQL_PREFIXES
    + "SELECT DISTINCT ?x ?kind ?quote WHERE { BIND($source AS ?s) "
    + _SUPPORT
    + "  OPTIONAL { ?x a ?kind . FILTER(STRSTARTS(STR(?kind), STR(pg:))) } }"
)
_EXISTS = SPARQL_PREFIXES + "ASK { { $source ?p ?o } UNION { ?x pg:source|pg:dataset $source } }"


@dataclass(kw_only=True)
class SourceSummary(SourceRef):
    """A source and how many facts (agreements, events, counts …) it supports."""

    supports: int


@dataclass
class Supported(Served):
    """A fact (agreement, event, reported count …) a source supports, with the quote when the
    citation gives one."""

    iri: str
    kind: str | None
    label: str
    quote: str | None
    #: Derived from ``iri`` when not given, as :attr:`SourceRef.id` is.
    id: str = ""

    def __post_init__(self) -> None:
        self.id = self.id or local_id(self.iri)


@dataclass(kw_only=True)
class SourceDetail(SourceRef):
    """A source and one page of the facts it supports."""

    supports: Page[Supported]


def list_sources(store: Store, limit: int, offset: int) -> Page[SourceSummary]:
    """Every source under ``.../id/source/``, by title then IRI, with support counts."""
    rows = store.select(render(_LIST, {"ns": Literal(SOURCE_NS)}))
    meta = source_metadata(store, [row["s"].value for row in rows])
    ordered = sorted(meta.values(), key=lambda r: ((r.title or "").lower(), r.iri))
    chosen = page(ordered, limit, offset)
    counts = _counts(store, [r.iri for r in chosen.items])
    return Page(
        [SourceSummary(**vars(r), supports=counts.get(r.iri, 0)) for r in chosen.items],
        chosen.total,
        limit,
        offset,
    )


def _counts(store: Store, iris: list[str]) -> dict[str, int]:
    if not iris:
        return {}
    rows = store.select(render(_COUNTS, {"sources": [NamedNode(i) for i in iris]}))
    return {row["s"].value: int(row["n"].value) for row in rows}


def source_iri(ident: str) -> NamedNode:
    """The IRI of a source from its id (the last segment of its IRI) or its full IRI."""
    slug = ident.removeprefix(SOURCE_NS)
    if not re.fullmatch(r"[A-Za-z0-9._~-]+", slug):
        raise NotFound(f"no source has the id {ident!r}", parameter="id")
    return NamedNode(SOURCE_NS + slug)


def source_detail(store: Store, ident: str, limit: int, offset: int) -> SourceDetail:
    """A source with one page of the facts it supports (agreements first, then by IRI).

    :raises NotFound: the graph neither describes nor cites this source.
    """
    node = source_iri(ident)
    if not store.ask(render(_EXISTS, {"source": node})):
        raise NotFound(
            f"no source has the id {ident!r}; list them at /api/v1/sources", parameter="id"
        )
    kinds: dict[str, set[str]] = defaultdict(set)
    quotes: dict[str, set[str | None]] = defaultdict(set)
    for row in store.select(render(_SUPPORTED, {"source": node})):
        subject = row["x"].value
        quotes[subject].add(row["quote"].value if "quote" in row else None)
        if "kind" in row:
            kinds[subject].add(row["kind"].value.removeprefix(PG_NS))
    items: list[tuple[str | None, str, str | None]] = []
    for x, found in quotes.items():
        # A quoted citation makes a bare derivation link of the same fact redundant.
        quoted: list[str | None] = [q for q in sorted(found, key=str) if q]
        kind = min(kinds[x]) if kinds[x] else None
        items += [(kind, x, quote) for quote in quoted or [None]]
    items.sort(key=lambda i: (i[0] != "Agreement", i[0] or "", i[1], i[2] or ""))
    chosen = page(items, limit, offset)
    labels = state_labels(store, [x for _, x, _ in chosen.items])
    return SourceDetail(
        **vars(source_metadata(store, [node.value])[node.value]),
        supports=Page(
            [Supported(x, kind, labels[x], quote) for kind, x, quote in chosen.items],
            chosen.total,
            limit,
            offset,
        ),
    )
