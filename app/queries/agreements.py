"""Agreements: filtered listings and the full record of one agreement.

A listing filters by agreement type (a concept of the agreement-type scheme, narrower concepts
included), by party, by status on a date (the one as-of rule, :func:`app.ontology.status_pattern`)
and by signing date. The full record adds what a reader needs to judge the agreement: its
lifecycle events with dates, actors and sources, its obligations, its status history, the same
treaty in other datasets (``pg:sameTreatyAs``) and the dataset rows behind it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from app.errors import InvalidParameter, NotFound
from app.ontology import (
    ID_NS,
    PG,
    PG_NS,
    SPARQL_PREFIXES,
    Status,
    date_literal,
    parse_as_of,
    period_end,
    status_pattern,
)
from app.queries.evidence import AgreementSummary, SourceRef, agreements, sources_for
from app.queries.paging import Page, page
from app.queries.refs import Served, StateRef, doc
from app.queries.states import state_refs
from app.store import Store, render
from app.store.terms import Term

AGREEMENT_NS = ID_NS + "agreement/"

#: Concepts of the agreement-type scheme a listing can filter by (narrower ones included).
AGREEMENT_TYPES: tuple[str, ...] = (
    "MilitaryCooperation",
    "IntelligenceSharing",
    "GSOMIA",
    "GSOIA",
    "IntelligenceMOU",
    "TrilateralIntelligenceArrangement",
    "Logistics",
    "ACSA",
    "EmergencyRescueSupply",
    "DefenseCooperation",
    "AllianceObligation",
    "DefenseObligation",
    "OffenseObligation",
    "NeutralityObligation",
    "NonAggressionObligation",
    "ConsultationObligation",
    "StrategicPartnership",
    "CommunicationArrangement",
    "Hotline",
    "JointExercise",
)

_LIST = (
    SPARQL_PREFIXES
    + """
SELECT DISTINCT ?a ?signed WHERE {
  %(party)s
  ?a a pg:Agreement .
  %(type)s
  %(status)s
  OPTIONAL { ?a pg:signed ?signed }
}"""
)
_EXISTS = SPARQL_PREFIXES + "ASK { $a a pg:Agreement }"
_EVENTS = (
    SPARQL_PREFIXES
    + """
SELECT ?a ?e ?type ?date ?actor WHERE {
  VALUES ?a { $agreements }
  ?a pg:event ?e .
  OPTIONAL { ?e pg:eventType ?type }
  OPTIONAL { ?e pg:date ?date }
  OPTIONAL { ?e pg:actor ?actor }
}"""
)
_OBLIGATIONS = (
    SPARQL_PREFIXES
    + """
SELECT ?o ?type ?obligor ?beneficiary ?conditional WHERE {
  $a pg:obligation ?o .
  OPTIONAL { ?o pg:obligationType ?type }
  OPTIONAL { ?o pg:obligor ?obligor }
  OPTIONAL { ?o pg:beneficiary ?beneficiary }
  OPTIONAL { ?o pg:conditional ?conditional }
}"""
)
_HISTORY = (
    SPARQL_PREFIXES
    + """
SELECT ?status ?from ?until ?horizon WHERE {
  $a pg:statusPeriod ?p . ?p pg:status ?status ; pg:validFrom ?from .
  OPTIONAL { ?p pg:validUntil ?until }
  OPTIONAL { ?p pg:observedUntil ?horizon }
} ORDER BY ?from"""
)
_LINKS = (
    SPARQL_PREFIXES
    + """
SELECT DISTINCT ?other WHERE { { $a pg:sameTreatyAs ?other } UNION { ?other pg:sameTreatyAs $a } }
ORDER BY ?other"""
)
_RECORDS = (
    SPARQL_PREFIXES
    + """
SELECT DISTINCT ?dataset ?id WHERE { $a pg:datasetRecord ?r . ?r pg:dataset ?dataset .
  OPTIONAL { ?r pg:recordId ?id } } ORDER BY ?dataset ?id"""
)

_STATUS_NAMES = {s.concept.value: s.value for s in Status if s is not Status.any}


@dataclass
class Event(Served):
    """One step of an agreement's lifecycle, as a source reports it: the agreement full
    records list and the analytics diff explains changed ties with."""

    iri: str
    #: The agreement (IRI) whose lifecycle the event belongs to.
    agreement: str
    type: str | None = field(metadata=doc("The event type's local name (SigningEvent)."))
    date: str | None = field(metadata=doc("At the precision known (YYYY[-MM[-DD]])."))
    actors: list[StateRef] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)


@dataclass
class Obligation(Served):
    """An (ATOP-style, possibly one-sided) obligation: who owes what to whom."""

    type: str | None
    obligors: list[StateRef] = field(default_factory=list)
    beneficiaries: list[StateRef] = field(default_factory=list)
    conditional: bool | None = None


@dataclass(frozen=True)
class StatusSpan(Served):
    """A half-open period ``[valid_from, valid_until)`` with one status."""

    status: str
    valid_from: str
    valid_until: str | None
    observed_until: str | None = field(
        default=None,
        metadata=doc(
            "The last year the agreement's dataset covers, on the open period that lies past "
            "it ('in force at last observation'); null on periods a source or dataset saw."
        ),
    )


@dataclass(frozen=True)
class DatasetRow:
    """The row of a third-party dataset an agreement was imported from."""

    dataset: str
    record_id: str | None


@dataclass(kw_only=True)
class AgreementDetail(AgreementSummary):
    """One agreement in full: its summary, then its timeline, obligations, status history, the
    same treaty in other datasets and the dataset rows it was imported from."""

    events: list[Event]
    obligations: list[Obligation]
    status_history: list[StatusSpan]
    same_treaty_as: list[str] = field(metadata=doc("The same treaty in other datasets."))
    dataset_records: list[DatasetRow]


def agreement_iri(ident: str) -> NamedNode:
    """The IRI of an agreement from its id (the last segment of its IRI) or its full IRI."""
    value = ident if ident.startswith(AGREEMENT_NS) else AGREEMENT_NS + ident
    if not re.fullmatch(r"[A-Za-z0-9._~-]+", value.removeprefix(AGREEMENT_NS)):
        raise NotFound(f"no agreement has the id {ident!r}", parameter="id")
    return NamedNode(value)


def agreement_type(name: str) -> NamedNode:
    """The concept of an agreement type name; the error lists the valid names."""
    if name not in AGREEMENT_TYPES:
        raise InvalidParameter(
            f"unknown agreement type {name!r}; valid types: {', '.join(AGREEMENT_TYPES)}",
            parameter="type",
            valid=list(AGREEMENT_TYPES),
        )
    concept: NamedNode = getattr(PG, name)
    return concept


def period_start(value: str, parameter: str) -> dt.date:
    """The first day of a ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` period."""
    try:
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return dt.date(int(value[:4]), int(value[5:]), 1)
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidParameter(
            f"{parameter}={value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY",
            parameter=parameter,
        ) from exc


def list_agreements(
    store: Store,
    *,
    type_name: str | None = None,
    party: NamedNode | None = None,
    status: Status = Status.any,
    as_of: dt.date,
    signed_from: str | None = None,
    signed_to: str | None = None,
    limit: int,
    offset: int,
) -> Page[AgreementSummary]:
    """Agreements matching every filter given, ordered by signing date (undated last), then id.

    ``signed_from``/``signed_to`` bound the signing date inclusively at the precision given
    (``signed_to=2016`` includes all of 2016); an agreement known only to a year counts from
    the end of that year, as everywhere else. Without a date filter undated agreements are kept.
    """
    values: dict[str, Term | Sequence[Term]] = {"as_of": date_literal(as_of)}
    clauses = {"party": "", "type": "", "status": status_pattern("?a", [status])}
    if party is not None:
        clauses["party"] = "?a pg:party|pg:intermediary $party ."
        values["party"] = party
    if type_name is not None:
        clauses["type"] = "?a pg:agreementType/skos:broader* $type ."
        values["type"] = agreement_type(type_name)
    low = period_start(signed_from, "signed_from") if signed_from else None
    high = parse_as_of(signed_to) if signed_to else None
    dated: list[tuple[dt.date | None, str]] = []
    for row in store.select(render(_LIST % clauses, values)):
        day = _day(row["signed"].value) if "signed" in row else None
        if (low or high) and (
            day is None or (low is not None and day < low) or (high is not None and day > high)
        ):
            continue
        dated.append((day, row["a"].value))
    ordered = sorted(set(dated), key=lambda d: (d[0] is None, d[0] or dt.date.min, d[1]))
    # An agreement with two signing dates (two sources disagreeing) is listed once.
    unique = list(dict.fromkeys(iri for _, iri in ordered))
    chosen = page(unique, limit, offset)
    found = agreements(store, chosen.items, as_of)
    return Page([found[i] for i in chosen.items], chosen.total, limit, offset)


def _day(lexical: str) -> dt.date | None:
    try:
        return period_end(lexical)
    except ValueError:
        return None


def agreement_detail(store: Store, ident: str, as_of: dt.date) -> AgreementDetail:
    """The full record of one agreement; ``as_of`` sets the status reported in its summary.

    :raises NotFound: no agreement has this id.
    """
    node = agreement_iri(ident)
    if not store.ask(render(_EXISTS, {"a": node})):
        raise NotFound(
            f"no agreement has the id {ident!r}; list them at /api/v1/agreements", parameter="id"
        )
    return agreement_record(store, node, as_of)


def agreement_record(store: Store, node: NamedNode, as_of: dt.date) -> AgreementDetail:
    """The full record of the agreement ``node`` (known to exist), as of ``as_of``."""
    values = {"a": node}
    summary = agreements(store, [node.value], as_of)[node.value]
    return AgreementDetail(
        **vars(summary),
        events=events(store, [node.value]).get(node.value, []),
        obligations=_obligations(store, values),
        status_history=[
            StatusSpan(
                _STATUS_NAMES.get(row["status"].value, _local(row["status"]) or ""),
                row["from"].value,
                _value(row.get("until")),
                _value(row.get("horizon")),
            )
            for row in store.select(render(_HISTORY, values))
        ],
        same_treaty_as=[row["other"].value for row in store.select(render(_LINKS, values))],
        dataset_records=[
            DatasetRow(row["dataset"].value, _value(row.get("id")))
            for row in store.select(render(_RECORDS, values))
        ],
    )


def events(
    store: Store,
    agreements: Iterable[str],
    after: dt.date | None = None,
    until: dt.date | None = None,
) -> dict[str, list[Event]]:
    """The lifecycle events of each agreement (by IRI) that has any, actors named, sources
    attached; in date order (a partial date counts from the end of its period), undated last.

    With ``after`` and ``until``, only the events dated after ``after`` and up to ``until``
    (the analytics diff's window); sources are fetched for those alone.
    """
    wanted = sorted(set(agreements))
    if not wanted:
        return {}
    rows = store.select(render(_EVENTS, {"agreements": [NamedNode(i) for i in wanted]}))
    found: dict[tuple[str, str], Event] = {}
    actors: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        key = (row["a"].value, row["e"].value)
        found.setdefault(
            key, Event(key[1], key[0], _local(row.get("type")), _value(row.get("date")))
        )
        if "actor" in row:
            actors[key].add(row["actor"].value)
    if after is not None and until is not None:
        found = {k: e for k, e in found.items() if after < _when(e)[0] <= until}
    named = state_refs(store, {a for key in found for a in actors[key]})
    cited = sources_for(store, {e.iri for e in found.values()})
    result: dict[str, list[Event]] = defaultdict(list)
    for key, event in sorted(found.items(), key=lambda kv: _when(kv[1])):
        event.actors = sorted(named[a] for a in actors[key])
        event.sources = cited.get(event.iri, [])
        result[event.agreement].append(event)
    return dict(result)


def _when(event: Event) -> tuple[dt.date, str, str]:
    day = _day(event.date) if event.date else None
    return (day or dt.date.max, event.date or "", event.iri)


def _obligations(store: Store, values: dict[str, NamedNode]) -> list[Obligation]:
    grouped: dict[str, Obligation] = {}
    members: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in store.select(render(_OBLIGATIONS, values)):
        key = str(row["o"])
        obligation = grouped.setdefault(key, Obligation(_local(row.get("type"))))
        if "conditional" in row:
            obligation.conditional = row["conditional"].value in {"true", "1"}
        for role in ("obligor", "beneficiary"):
            if role in row:
                members[key][role].add(row[role].value)
    named = state_refs(store, {x for roles in members.values() for m in roles.values() for x in m})
    for key, obligation in grouped.items():
        obligation.obligors = sorted(named[x] for x in members[key]["obligor"])
        obligation.beneficiaries = sorted(named[x] for x in members[key]["beneficiary"])
    return sorted(grouped.values(), key=lambda o: (o.type or "", o.obligors, o.beneficiaries))


def _local(term: Term | None) -> str | None:
    return term.value.removeprefix(PG_NS) if term is not None else None


def _value(term: Term | None) -> str | None:
    return term.value if term is not None else None
