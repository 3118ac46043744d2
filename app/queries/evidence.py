"""The evidence behind an answer: agreements with their parties, dates, status and sources.

Every answer pactgraph gives carries the agreements behind it and, for each, the sources with
their quotes. :func:`agreements` fetches that for a set of agreement IRIs in a few queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from app.ontology import (
    ALL_STATUSES,
    PG_NS,
    SPARQL_PREFIXES,
    date_literal,
    status_pattern,
)
from app.store import Row, Store, render
from app.store.terms import Term

_CORE = (
    SPARQL_PREFIXES
    + """
SELECT ?a ?label ?form ?signed ?from ?until WHERE {
  VALUES ?a { $agreements }
  OPTIONAL { ?a rdfs:label ?label }
  OPTIONAL { ?a pg:legalForm ?form }
  OPTIONAL { ?a pg:signed ?signed }
  OPTIONAL { ?a pg:inForceFrom ?from }
  OPTIONAL { ?a pg:inForceUntil ?until }
}"""
)
_MEMBERS = (
    SPARQL_PREFIXES
    + """
SELECT ?a ?role ?member WHERE {
  VALUES ?a { $agreements }
  VALUES ?role { pg:party pg:intermediary pg:agreementType }
  ?a ?role ?member .
}"""
)
_STATUS = (
    SPARQL_PREFIXES
    + """
SELECT ?a ?status WHERE { VALUES ?a { $agreements } %s }"""
)
_SOURCES = (
    SPARQL_PREFIXES
    + """
SELECT ?a ?source ?quote ?type ?title ?url ?publisher ?published ?seed WHERE {
  VALUES ?a { $agreements }
  { ?a pg:citation ?c . ?c pg:source ?source . OPTIONAL { ?c pg:quote ?quote } }
  UNION
  { ?a prov:wasDerivedFrom ?source .
    FILTER NOT EXISTS { ?a pg:citation ?c2 . ?c2 pg:source ?source } }
  OPTIONAL { ?source a ?type }
  OPTIONAL { ?source schema:headline|schema:name ?title }
  OPTIONAL { ?source schema:url ?url }
  OPTIONAL { ?source schema:publisher ?publisherNode .
             OPTIONAL { ?publisherNode schema:name ?publisherName }
             BIND(COALESCE(?publisherName, ?publisherNode) AS ?publisher) }
  OPTIONAL { ?source schema:datePublished ?published }
  OPTIONAL { ?source pg:seedFile ?seed }
}"""
)


@dataclass
class SourceRef:
    """A document or dataset behind a fact, with the quote that supports it."""

    iri: str
    kind: str | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = None
    seed_file: str | None = None
    quote: str | None = None


@dataclass
class AgreementSummary:
    """What a client needs to judge one agreement behind an answer."""

    iri: str
    label: str | None = None
    types: list[str] = field(default_factory=list)
    legal_form: str | None = None
    parties: list[str] = field(default_factory=list)
    intermediaries: list[str] = field(default_factory=list)
    signed: str | None = None
    in_force_from: str | None = None
    in_force_until: str | None = None
    status: str | None = None
    sources: list[SourceRef] = field(default_factory=list)


_STATUS_NAMES = {s.concept.value: s.value for s in ALL_STATUSES}


def _local(iri: str) -> str:
    return iri.removeprefix(PG_NS)


def agreements(store: Store, iris: Iterable[str], as_of: dt.date) -> dict[str, AgreementSummary]:
    """Summaries of the given agreements, with their status on ``as_of`` and their sources."""
    wanted = sorted(set(iris))
    if not wanted:
        return {}
    values: dict[str, Term | Sequence[Term]] = {
        "agreements": [NamedNode(i) for i in wanted],
        "as_of": date_literal(as_of),
    }
    result = {i: AgreementSummary(i) for i in wanted}
    for row in store.select(render(_CORE, values)):
        summary = result[row["a"].value]
        summary.label = row["label"].value if "label" in row else summary.label
        summary.legal_form = _local(row["form"].value) if "form" in row else None
        summary.signed = row["signed"].value if "signed" in row else None
        summary.in_force_from = row["from"].value if "from" in row else None
        summary.in_force_until = row["until"].value if "until" in row else None
    for row in store.select(render(_MEMBERS, values)):
        summary = result[row["a"].value]
        role, member = _local(row["role"].value), row["member"].value
        target = {"party": summary.parties, "intermediary": summary.intermediaries}.get(
            role, summary.types
        )
        target.append(_local(member) if role == "agreementType" else member)
    status_query = _STATUS % status_pattern("?a", ALL_STATUSES, status_var="?status")
    for row in store.select(render(status_query, values)):
        result[row["a"].value].status = _STATUS_NAMES[row["status"].value]
    for row in store.select(render(_SOURCES, values)):
        result[row["a"].value].sources.append(
            SourceRef(
                iri=row["source"].value,
                kind=row["type"].value.rsplit("/", 1)[-1] if "type" in row else None,
                title=_text(row, "title"),
                url=_text(row, "url"),
                publisher=_text(row, "publisher"),
                published=_text(row, "published"),
                seed_file=_text(row, "seed"),
                quote=_text(row, "quote"),
            )
        )
    for summary in result.values():
        summary.parties.sort()
        summary.intermediaries.sort()
        summary.types.sort()
    return result


def _text(row: Row, name: str) -> str | None:
    term = row.get(name)
    return term.value if term is not None else None
