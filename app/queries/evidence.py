"""The evidence behind an answer: agreements with their parties, dates, status and sources.

Every answer pactgraph gives carries the agreements behind it and, for each, the sources with
their quotes. :func:`agreements` fetches that for a set of agreement IRIs in a few queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from pyoxigraph import Literal, NamedNode

from app.graphs import BUNDLE_GRAPH_PREFIX
from app.ontology import (
    ALL_STATUSES,
    OBLIGATION_KINDS,
    PG_NS,
    SPARQL_PREFIXES,
    date_literal,
    obligation_kinds,
    status_pattern,
)
from app.queries.refs import Served, StateRef, doc, local_id
from app.queries.states import state_refs
from app.store import Row, Store, render
from app.store.terms import Term

__all__ = [
    "OBSERVED_UNTIL",
    "AgreementSummary",
    "SourceRef",
    "TreatyTie",
    "agreements",
    "by_treaty",
    "observed_until",
    "source_metadata",
    "sources_for",
]

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
  # One branch per property: a VALUES ?role joined to "?a ?role ?member" made pyoxigraph scan
  # every triple of each role (3 s for 160 agreements in bench/rest_path.py).
  { ?a pg:party ?member . BIND(pg:party AS ?role) }
  UNION { ?a pg:intermediary ?member . BIND(pg:intermediary AS ?role) }
  UNION { ?a pg:agreementType ?member . BIND(pg:agreementType AS ?role) }
}"""
)
_TREATY = (
    SPARQL_PREFIXES
    + """
SELECT ?a ?whole ?wholeLabel ?named WHERE {
  VALUES ?a { $agreements }
  ?a dct:isPartOf ?whole .
  OPTIONAL { ?whole rdfs:label ?wholeLabel }
  OPTIONAL {
    # Curated names point at the dataset's treaty (pg:sameTreatyAs, one way or both).
    { ?curated pg:sameTreatyAs ?whole } UNION { ?whole pg:sameTreatyAs ?curated }
    GRAPH ?g { ?curated rdfs:label ?named }
    FILTER(STRSTARTS(STR(?g), $bundle_prefix))
  }
}"""
)
_STATUS = (
    SPARQL_PREFIXES
    + """
SELECT ?a ?status ?horizon WHERE { VALUES ?a { $agreements } %s }"""
)
_CITATIONS = (
    SPARQL_PREFIXES
    + """
SELECT ?a ?source ?quote WHERE {
  VALUES ?a { $subjects }
  { ?a pg:citation ?c . ?c pg:source ?source . OPTIONAL { ?c pg:quote ?quote } }
  UNION { ?a prov:wasDerivedFrom ?source }
}"""
)
_SOURCE_META = (
    SPARQL_PREFIXES
    + """
SELECT ?source ?type ?title ?url ?publisher ?published ?seed WHERE {
  VALUES ?source { $sources }
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
class SourceRef(Served):
    """A document or dataset behind a fact, with the quote that supports it."""

    iri: str
    kind: str | None = field(
        default=None, metadata=doc("NewsArticle, Dataset, WebPage or Legislation.")
    )
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: str | None = field(
        default=None, metadata=doc("Publication date at the precision known.")
    )
    seed_file: str | None = field(
        default=None, metadata=doc("The seed article file the fact was read from.")
    )
    quote: str | None = field(
        default=None, metadata=doc("The words of the source that support the fact.")
    )
    #: Derived from ``iri`` when not given; a field rather than a property, so REST serves
    #: the record as it is.
    id: str = field(default="", metadata=doc("The source's id in /api/v1/sources/{id}."))

    def __post_init__(self) -> None:
        self.id = self.id or local_id(self.iri)


#: The flag of an answer past a dataset's horizon (:func:`observed_until`), as REST documents it.
OBSERVED_UNTIL = doc(
    "Set when the answer rests only on agreements past the coverage of the dataset they are "
    "known from: the dataset's last year ('in force at last observation')."
)


@dataclass
class AgreementSummary(Served):
    """An agreement behind an answer: what a client needs to judge it (parties, types, dates,
    status on the date asked, sources)."""

    iri: str
    label: str | None = None
    treaty: str | None = field(
        default=None,
        metadata=doc(
            "Name of the treaty a dataset's pair of members belongs to: the curated name when "
            "the curated graph knows the treaty (pg:sameTreatyAs), otherwise the dataset's "
            "description (ATOP 3755 (non-aggression, 34 members, 1976-))."
        ),
    )
    treaty_iri: str | None = field(default=None, metadata=doc("IRI of that treaty."))
    types: list[str] = field(
        default_factory=list,
        metadata=doc("Agreement-type concepts (GSOMIA, DefenseObligation...)."),
    )
    obligation_kinds: list[str] = field(
        default_factory=list,
        metadata=doc(
            "Formal alliance obligation kinds among the types, strongest first: defense, "
            "offense, neutrality, non-aggression, consultation."
        ),
    )
    legal_form: str | None = field(default=None, metadata=doc("Treaty or NonBindingInstrument."))
    parties: list[StateRef] = field(default_factory=list)
    intermediaries: list[StateRef] = field(default_factory=list)
    signed: str | None = field(
        default=None,
        metadata=doc("Signing date at the precision known (YYYY[-MM[-DD]])."),
    )
    in_force_from: str | None = None
    in_force_until: str | None = None
    status: str | None = field(
        default=None, metadata=doc("Status on the as_of date; null before any status.")
    )
    #: The last year the agreement's dataset covers, when the status on the date asked is
    #: only carried forward from it; ``None`` otherwise.
    observed_until: str | None = field(default=None, metadata=OBSERVED_UNTIL)
    sources: list[SourceRef] = field(default_factory=list)
    #: Derived from ``iri`` when not given, as :attr:`SourceRef.id` is.
    id: str = field(default="", metadata=doc("The agreement's id in /api/v1/agreements/{id}."))

    def __post_init__(self) -> None:
        self.id = self.id or local_id(self.iri)


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
    members = list(store.select(render(_MEMBERS, values)))
    named = state_refs(
        store, {r["member"].value for r in members if _local(r["role"].value) != "agreementType"}
    )
    for row in members:
        summary = result[row["a"].value]
        role, member = _local(row["role"].value), row["member"].value
        if role == "agreementType":
            summary.types.append(_local(member))
        else:
            roles = {"party": summary.parties, "intermediary": summary.intermediaries}
            roles[role].append(named[member])
    treaty_values = {**values, "bundle_prefix": Literal(BUNDLE_GRAPH_PREFIX)}
    curated: dict[str, set[str]] = {}
    for row in store.select(render(_TREATY, treaty_values)):
        summary = result[row["a"].value]
        summary.treaty_iri = row["whole"].value
        summary.treaty = summary.treaty or _text(row, "wholeLabel")
        curated_name = _text(row, "named")
        if curated_name is not None:
            curated.setdefault(summary.iri, set()).add(curated_name)
    for iri, names in curated.items():
        # Several curated names can point at one treaty: the first by name wins, so answers
        # are stable whatever order the engine returns rows in.
        result[iri].treaty = min(names)
    status_query = _STATUS % status_pattern(
        "?a", ALL_STATUSES, status_var="?status", observed_var="?horizon"
    )
    for row in store.select(render(status_query, values)):
        summary = result[row["a"].value]
        summary.status = _STATUS_NAMES[row["status"].value]
        summary.observed_until = _text(row, "horizon")
    for iri, refs in sources_for(store, wanted).items():
        result[iri].sources = refs
    for summary in result.values():
        summary.parties.sort()
        summary.intermediaries.sort()
        summary.types.sort()
        summary.obligation_kinds = obligation_kinds(summary.types)
    return result


def observed_until(horizons: Iterable[str | None]) -> str | None:
    """The flag of an answer resting on agreements with these flags (one per agreement).

    An answer is "in force at last observation" only when every agreement behind it is: one
    agreement the graph knows to hold on the date is enough to state it plainly. It then
    carries the latest of their horizons, the last year any of its datasets saw it.

    Examples
    --------
    >>> observed_until(["2010", "2018"]), observed_until(["2010", None]), observed_until([])
    ('2018', None, None)
    """
    years = list(horizons)
    if not years or any(year is None for year in years):
        return None
    return max(year for year in years if year is not None)


@dataclass(frozen=True)
class TreatyTie:
    """The agreements behind a tie, grouped by the treaty they belong to.

    One treaty is often recorded several times (the curated treaty, its COW and its ATOP pair
    agreements, one per phase): a reader wants it named once, with every obligation kind any
    record gives it and its horizon flag (:func:`observed_until` over the records).
    """

    name: str
    #: The treaty node (a dataset's whole alliance), else the first agreement's IRI.
    iri: str
    obligation_kinds: tuple[str, ...]
    observed_until: str | None
    agreements: tuple[str, ...]


def by_treaty(summaries: Iterable[AgreementSummary]) -> list[TreatyTie]:
    """Group agreement summaries by treaty name (curated name, dataset label, or own label)."""
    groups: dict[str, list[AgreementSummary]] = {}
    for summary in summaries:
        groups.setdefault(summary.treaty or summary.label or summary.iri, []).append(summary)
    ties = []
    for name, items in sorted(groups.items()):
        kinds = {k for s in items for k in s.obligation_kinds}
        ties.append(
            TreatyTie(
                name=name,
                iri=next((s.treaty_iri for s in items if s.treaty_iri), items[0].iri),
                obligation_kinds=tuple(k for k in OBLIGATION_KINDS.values() if k in kinds),
                observed_until=observed_until(s.observed_until for s in items),
                agreements=tuple(sorted(s.iri for s in items)),
            )
        )
    return ties


def sources_for(store: Store, subjects: Iterable[str]) -> dict[str, list[SourceRef]]:
    """The sources cited by each subject (agreement, event, reported count), with quotes.

    A ``pg:citation`` gives the source and its quote; a bare ``prov:wasDerivedFrom`` gives
    the source alone (datasets, treaty texts).
    """
    wanted = sorted(set(subjects))
    cited: dict[str, set[tuple[str, str | None]]] = {i: set() for i in wanted}
    if not wanted:
        return {}
    query = render(_CITATIONS, {"subjects": [NamedNode(i) for i in wanted]})
    for row in store.select(query):
        cited[row["a"].value].add((row["source"].value, _text(row, "quote")))
    # A source also cited with a quote needs no bare entry (done here: a FILTER NOT EXISTS
    # in the query cost 30x more on pyoxigraph).
    for subject, pairs in cited.items():
        quoted = {source for source, quote in pairs if quote is not None}
        cited[subject] = {(s, q) for s, q in pairs if q is not None or s not in quoted}
    meta = source_metadata(store, {source for pairs in cited.values() for source, _ in pairs})
    return {
        subject: [
            replace(meta[source], quote=quote)
            for source, quote in sorted(pairs, key=lambda p: (p[0], p[1] or ""))
        ]
        for subject, pairs in cited.items()
    }


def source_metadata(store: Store, iris: Iterable[str]) -> dict[str, SourceRef]:
    """What the graph says about each source: kind, title, URL, publisher, date, seed file.

    The kind is the local name of its type (``NewsArticle``, ``Dataset``, ``WebPage`` …); a
    source with several types reports the first by name, so answers are stable.
    """
    wanted = sorted(set(iris))
    result = {i: SourceRef(iri=i) for i in wanted}
    if not wanted:
        return result
    kinds: dict[str, list[str]] = {i: [] for i in wanted}
    for row in store.select(render(_SOURCE_META, {"sources": [NamedNode(i) for i in wanted]})):
        ref = result[row["source"].value]
        if "type" in row:
            kinds[ref.iri].append(row["type"].value.rsplit("/", 1)[-1].rsplit("#", 1)[-1])
        ref.title = ref.title or _text(row, "title")
        ref.url = ref.url or _text(row, "url")
        ref.publisher = ref.publisher or _text(row, "publisher")
        ref.published = ref.published or _text(row, "published")
        ref.seed_file = ref.seed_file or _text(row, "seed")
    for iri, names in kinds.items():
        result[iri].kind = min(names) if names else None
    return result


def _text(row: Row, name: str) -> str | None:
    term = row.get(name)
    return term.value if term is not None else None
