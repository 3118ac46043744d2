"""The pactgraph vocabulary as Python constants, the relation-name table and the as-of rule.

This module is the one source of truth for:

* IRIs of the ontology (``ontology/pactgraph.ttl``): :class:`PG` is closed, so a mistyped
  term fails at import time instead of silently matching nothing;
* the relation table (:data:`RELATIONS`): snake_case names used by REST, camelCase properties
  of the ontology, and the agreement-type concept each relation is derived from;
* the as-of rule (:func:`relation_pattern`, :func:`status_pattern`): which agreements hold
  between two states on a date, read through the status periods that
  :mod:`app.rules` materialises from the agreements' dates and lifecycle events.

Every layer above (queries, analytics, views, API) builds on these functions.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from pyoxigraph import Literal, NamedNode

from app.errors import InvalidParameter
from app.namespaces import (
    DCT_NS as DCT_NS,
    ID_NS as ID_NS,
    ORG_NS as ORG_NS,
    OWL_NS as OWL_NS,
    PG_NS as PG_NS,
    PROV_NS as PROV_NS,
    RDF_NS as RDF_NS,
    RDFS_NS as RDFS_NS,
    SCHEMA_NS as SCHEMA_NS,
    SKOS_NS as SKOS_NS,
    STATE_NS as STATE_NS,
    WD_NS as WD_NS,
    XSD_NS as XSD_NS,
)
from app.vocab import XSD, ClosedNamespace

#: Prefixes prepended to every query the project writes (and offered on the query page).
PREFIXES: dict[str, str] = {
    "pg": PG_NS,
    "pgid": ID_NS,
    "xsd": XSD_NS,
    "skos": SKOS_NS,
    "prov": PROV_NS,
    "schema": SCHEMA_NS,
    "rdfs": RDFS_NS,
    "rdf": RDF_NS,
    "owl": OWL_NS,
    "dct": DCT_NS,
    "org": ORG_NS,
    "wd": WD_NS,
}
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


#: Every term of ontology/pactgraph.ttl (tests/test_ontology.py checks the two agree).
PG = ClosedNamespace(
    PG_NS,
    """
    State InternationalOrganization Actor Agreement LifecycleEvent Citation ReportedCount
    Obligation StatusPeriod DatasetRecord PartialDate
    AgreementType EventType AgreementStatus LegalForm
    AgreementTypes EventTypes Statuses LegalForms derivedFromType
    party intermediary agreementType legalForm signed inForceFrom inForceUntil inForceBy
    event eventType date actor citation source quote
    statusPeriod status validFrom validUntil observedUntil
    obligation obligationType obligor beneficiary conditional
    iso2 iso3 cowCode cowAbbrev statehood
    reportedSubject reportedType reportedStatus reportedCount reportedOn
    datasetRecord dataset recordId sameTreatyAs seedFile
    Alliance member censoredAt rowsRead
    contentHash tripleCount
    cooperatesMilitarilyWith sharesIntelligenceWith alliedWith pledgedToDefend hasAllianceWith
    logisticsPartnerOf defenseCooperationWith strategicPartnerOf
    Treaty NonBindingInstrument
    Proposed Negotiating Signed InForce Suspended Ended Rejected
    PlannedEvent ProposedEvent NegotiatingEvent SignedEvent RatifiedEvent EnteredIntoForceEvent
    RenewedEvent TerminationAnnouncedEvent TerminationSuspendedEvent SuspendedEvent
    TerminatedEvent WithdrawnEvent RejectedEvent NoResponseEvent
    MilitaryCooperation IntelligenceSharing GSOMIA GSOIA IntelligenceMOU
    TrilateralIntelligenceArrangement Logistics ACSA EmergencyRescueSupply
    DefenseCooperation AllianceObligation DefenseObligation OffenseObligation
    NeutralityObligation NonAggressionObligation ConsultationObligation
    StrategicPartnership CommunicationArrangement Hotline JointExercise
    UNMemberState ObserverState PartiallyRecognisedState FormerState
    """,
)


class Status(StrEnum):
    """Agreement status values accepted by REST (``status=``)."""

    in_force = "in_force"
    signed = "signed"
    proposed = "proposed"
    negotiating = "negotiating"
    suspended = "suspended"
    ended = "ended"
    rejected = "rejected"
    any = "any"

    @property
    def concept(self) -> NamedNode:
        """The pg:AgreementStatus concept of this status (not defined for ``any``)."""
        return {
            Status.in_force: PG.InForce,
            Status.signed: PG.Signed,
            Status.proposed: PG.Proposed,
            Status.negotiating: PG.Negotiating,
            Status.suspended: PG.Suspended,
            Status.ended: PG.Ended,
            Status.rejected: PG.Rejected,
        }[self]


class BeyondCoverage(StrEnum):
    """What to do with agreements past the coverage of the dataset they are known from.

    A dataset ends (COW alliances 2012, ATOP 2018, DCAD 2010); an agreement it records as
    still running then is "in force at last observation" after that year: :mod:`app.rules`
    gives it a status period carrying ``pg:observedUntil``. ``include`` (the default) counts
    such agreements and answers flag them with ``observed_until``; ``exclude`` drops them.
    """

    include = "include"
    exclude = "exclude"


@dataclass(frozen=True)
class Relation:
    """A derived state-to-state relation, read through agreement nodes.

    ``label`` is the exact wording every legend, heading and document uses: "allies" only for
    defense or offense obligations, "formal alliance obligation (any kind)" for the rest.
    """

    name: str
    property: NamedNode
    #: Agreements whose type is one of these concepts or narrower (skos:broader*) give the
    #: relation.
    concepts: tuple[NamedNode, ...]
    label: str
    description: str
    #: Directed relations read the source's per-member obligations (``pg:obligation`` nodes,
    #: obligor → beneficiary) instead of joint party-hood.
    directed: bool = False


RELATIONS: dict[str, Relation] = {
    r.name: r
    for r in (
        Relation(
            "cooperates_militarily_with",
            PG.cooperatesMilitarilyWith,
            (PG.MilitaryCooperation,),
            "any military agreement",
            "Any military agreement in the graph links the two states (the parent relation).",
        ),
        Relation(
            "shares_intelligence_with",
            PG.sharesIntelligenceWith,
            (PG.IntelligenceSharing,),
            "shares intelligence",
            "An intelligence-sharing agreement (GSOMIA, GSOIA, intelligence MOU, arrangement).",
        ),
        Relation(
            "allied_with",
            PG.alliedWith,
            (PG.DefenseObligation, PG.OffenseObligation),
            "allies (defense or offense obligation)",
            "Allies: a defense or offense obligation in force between the two states, in either "
            "direction (COW Type I, ATOP defense or offense, curated mutual-defense treaties).",
        ),
        Relation(
            "pledged_to_defend",
            PG.pledgedToDefend,
            (PG.DefenseObligation,),
            "pledged to defend (directed)",
            "Directed: the first state is obliged to defend the second, as the source codes "
            "each member's obligation (ATOP per member; a treaty's shared pledge both ways).",
            directed=True,
        ),
        Relation(
            "has_alliance_with",
            PG.hasAllianceWith,
            (PG.AllianceObligation,),
            "formal alliance obligation (any kind)",
            "Any formal alliance obligation: defense, offense, neutrality, non-aggression or "
            "consultation. Not the same as allies: see allied_with.",
        ),
        Relation(
            "logistics_partner_of",
            PG.logisticsPartnerOf,
            (PG.Logistics,),
            "logistics",
            "A logistics agreement (ACSA and limited variants).",
        ),
        Relation(
            "defense_cooperation_with",
            PG.defenseCooperationWith,
            (PG.DefenseCooperation,),
            "defense cooperation",
            "A defense cooperation agreement (DCAD: framework or sector agreements).",
        ),
        Relation(
            "strategic_partner_of",
            PG.strategicPartnerOf,
            (PG.StrategicPartnership,),
            "strategic partnership",
            "A declared strategic partnership.",
        ),
    )
}

#: Formal alliance obligation kinds, strongest first (ATOP's order of commitment), with the
#: words answers use for them.
OBLIGATION_KINDS: dict[str, str] = {
    PG.DefenseObligation.value: "defense",
    PG.OffenseObligation.value: "offense",
    PG.NeutralityObligation.value: "neutrality",
    PG.NonAggressionObligation.value: "non-aggression",
    PG.ConsultationObligation.value: "consultation",
}


def obligation_kinds(types: Iterable[str]) -> list[str]:
    """The alliance obligation kinds among agreement-type IRIs or local names, strongest first.

    >>> obligation_kinds(["ConsultationObligation", "GSOMIA", "NonAggressionObligation"])
    ['non-aggression', 'consultation']
    """
    given = {t if t.startswith(PG_NS) else PG_NS + t for t in types}
    return [word for iri, word in OBLIGATION_KINDS.items() if iri in given]


def type_relation(concept: NamedNode) -> Relation:
    """The relation "linked by an agreement of this type (or narrower)", for any type concept.

    Reported counts ("Seoul has intelligence agreements with 33 countries") are checked with
    it, through the same :func:`relation_pattern` as the named relations.
    """
    local = concept.value.removeprefix(PG_NS)
    return Relation(
        local, PG.cooperatesMilitarilyWith, (concept,), local, f"An agreement of type {local}."
    )


def obligation_relation(concept: NamedNode) -> Relation:
    """The directed relation "owes an obligation of this type (or narrower)", for any type.

    ``pledged_to_defend`` is this relation for pg:DefenseObligation; the panels
    (:mod:`app.panels`) read ATOP's other per-member obligations through the same directed
    branch of :func:`relation_pattern`.
    """
    local = concept.value.removeprefix(PG_NS)
    # Its property is the parent relation, as for type_relation: no shortcut is derived for it.
    return Relation(
        local,
        PG.cooperatesMilitarilyWith,
        (concept,),
        f"{local} (directed)",
        f"Directed: the first state owes an obligation of type {local} to the second.",
        directed=True,
    )


def relation(name: str) -> Relation:
    """Look a relation up by its REST name or ontology local name; the error lists valid ones."""
    found = RELATIONS.get(name) or next(
        (r for r in RELATIONS.values() if r.property.value == PG_NS + name), None
    )
    if found is None:
        raise InvalidParameter(
            f"unknown relation {name!r}; valid relations: {', '.join(RELATIONS)}",
            parameter="type",
            valid=list(RELATIONS),
        )
    return found


def state_iri(code: str) -> NamedNode:
    """IRI of a state from its ISO 3166-1 alpha-3 code (``KOR`` → ``.../id/state/KOR``)."""
    if not re.fullmatch(r"[A-Za-z]{3}", code):
        raise InvalidParameter(f"{code!r} is not an ISO 3166-1 alpha-3 code", parameter="state")
    return NamedNode(f"{ID_NS}state/{code.upper()}")


def date_literal(day: dt.date) -> Literal:
    """An ``xsd:date`` literal."""
    return Literal(day.isoformat(), datatype=XSD.date)


def parse_as_of(value: str | None) -> dt.date:
    """Parse an ``as_of`` parameter: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (end of period).

    A partial date means "as of the end of that month or year", matching how partial dates of
    events are normalised (:func:`period_end`). ``None`` means today.
    """
    if value is None or value == "":
        return dt.date.today()
    try:
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 12, 31)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            dt.date(int(value[:4]), int(value[5:]), 1)  # rejects month 00 or 13
            return period_end(value)
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidParameter(
            f"as_of={value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY",
            parameter="as_of",
        ) from exc


def period_end(lexical: str) -> dt.date:
    """The last day of the period an ``xsd:date``/``gYearMonth``/``gYear`` value names.

    An event known only to a year is taken to hold from the end of that year: the conservative
    reading ("it had happened by then"), as the ontology notes prescribe for signing years.
    """
    return period_bounds(lexical)[1]


def period_bounds(lexical: str) -> tuple[dt.date, dt.date]:
    """First and last day of the period an ``xsd:date``/``gYearMonth``/``gYear`` value names."""
    match = re.fullmatch(r"(-?\d{4,})(?:-(\d{2})(?:-(\d{2}))?)?(?:Z|[+-]\d{2}:\d{2})?", lexical)
    if match is None:
        raise ValueError(f"not a date, year-month or year: {lexical!r}")
    year, month, day = match.groups()
    if day is not None:
        exact = dt.date(int(year), int(month), int(day))
        return exact, exact
    if month is not None:
        first_next = dt.date(int(year) + int(month) // 12, int(month) % 12 + 1, 1)
        return dt.date(int(year), int(month), 1), first_next - dt.timedelta(days=1)
    return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)


ALL_STATUSES: list[Status] = [s for s in Status if s is not Status.any]


def status_pattern(
    agreement: str,
    statuses: list[Status],
    suffix: str = "",
    status_var: str | None = None,
    *,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
    observed_var: str | None = None,
) -> str:
    """SPARQL group pattern: ``agreement`` had one of ``statuses`` on ``$as_of``.

    Status periods are half-open ``[pg:validFrom, pg:validUntil)`` intervals of ``xsd:date``
    computed by :mod:`app.rules`. ``Status.any`` matches every agreement whatever its
    history. The caller binds ``$as_of`` (an ``xsd:date``) through :func:`app.store.render`.
    ``status_var`` names the variable bound to the pg:AgreementStatus concept.

    A period past the coverage of the agreement's dataset carries ``pg:observedUntil``
    (:class:`BeyondCoverage`): ``exclude`` leaves such periods out; ``observed_var`` names a
    variable bound to that year when the matching period carries it (unbound otherwise). This
    is the one place the flag of an answer is read from: the very period that makes it hold.
    """
    if Status.any in statuses:
        return ""
    concepts = ", ".join(f"<{s.concept.value}>" for s in statuses)
    sp, fr, un = (f"?_sp{suffix}", f"?_from{suffix}", f"?_until{suffix}")
    st = status_var or f"?_st{suffix}"
    # FILTER IN and NOT EXISTS, not VALUES and OPTIONAL: pyoxigraph evaluates those two
    # without the agreement bound (every status period scanned), 30-70x slower (bench/).
    pattern = (
        f"{agreement} pg:statusPeriod {sp} . {sp} pg:status {st} ; pg:validFrom {fr} . "
        f"FILTER({st} IN ({concepts})) "
        f"FILTER({fr} <= $as_of) "
        f"FILTER NOT EXISTS {{ {sp} pg:validUntil {un} . FILTER({un} <= $as_of) }} "
    )
    if beyond_coverage is BeyondCoverage.exclude:
        pattern += f"FILTER NOT EXISTS {{ {sp} pg:observedUntil ?_ou{suffix} }} "
    elif observed_var is not None:
        # Few periods carry the flag (one per censored agreement), so even evaluated without
        # the period bound this OPTIONAL scans a small set.
        pattern += f"OPTIONAL {{ {sp} pg:observedUntil {observed_var} }} "
    return pattern


def status_periods_pattern(
    agreement: str,
    statuses: list[Status],
    from_var: str,
    until_var: str,
    suffix: str = "",
    *,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> str:
    """SPARQL group pattern: the periods ``[from_var, until_var)`` in which ``agreement`` had one
    of ``statuses`` (``until_var`` unbound: still open).

    The interval form of :func:`status_pattern`, for readers that need every day an agreement
    held rather than one date (the panels of :mod:`app.panels`): :func:`status_pattern` holds on
    ``$as_of`` exactly when ``$as_of`` falls in one of these periods. ``Status.any`` has no
    periods of its own and is refused.
    """
    if Status.any in statuses:
        raise ValueError("Status.any has no status periods: name the statuses")
    concepts = ", ".join(f"<{s.concept.value}>" for s in statuses)
    sp, st = f"?_sp{suffix}", f"?_st{suffix}"
    pattern = (
        f"{agreement} pg:statusPeriod {sp} . {sp} pg:status {st} ; pg:validFrom {from_var} . "
        f"FILTER({st} IN ({concepts})) "
        f"OPTIONAL {{ {sp} pg:validUntil {until_var} }} "
    )
    if beyond_coverage is BeyondCoverage.exclude:
        pattern += f"FILTER NOT EXISTS {{ {sp} pg:observedUntil ?_ou{suffix} }} "
    return pattern


def relation_pattern(
    rel: Relation,
    a: str,
    b: str,
    agreement: str,
    statuses: list[Status],
    suffix: str = "",
    *,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
    observed_var: str | None = None,
) -> str:
    """SPARQL group pattern: ``a`` and ``b`` are related by ``rel`` through ``agreement``.

    The one as-of function: every relation read anywhere (REST, paths, views, analytics,
    derived shortcuts, reported counts) is built from this pattern. Two states are related
    when an agreement of one of the relation's types (or a narrower one) with an allowed status
    on ``$as_of`` links them:

    * symmetric relations: both are parties. Sharing through an intermediary is not direct
      sharing: when an agreement names intermediaries, each party is related to the
      intermediaries, not to the other parties;
    * directed relations (``pledged_to_defend``): ``a`` is the obligor and ``b`` the
      beneficiary of an obligation node of the type, or, when the agreement has no obligation
      nodes (all parties took on the same duties), both are parties.
    """
    types = " UNION ".join(
        f"{{ {agreement} pg:agreementType/skos:broader* <{c.value}> }}" for c in rel.concepts
    )
    if rel.directed:
        concept = rel.concepts[0].value
        links = (
            f"{{ {agreement} pg:obligation ?_ob{suffix} . "
            f"?_ob{suffix} pg:obligationType/skos:broader* <{concept}> ; "
            f"pg:obligor {a} ; pg:beneficiary {b} }} "
            f"UNION {{ {agreement} pg:agreementType/skos:broader* <{concept}> ; "
            f"pg:party {a}, {b} . "
            f"FILTER NOT EXISTS {{ {agreement} pg:obligation ?_anyob{suffix} }} }} "
        )
    else:
        links = (
            f"{types} "
            f"{{ {agreement} pg:party {a}, {b} . "
            f"FILTER NOT EXISTS {{ {agreement} pg:intermediary ?_any{suffix} }} }} "
            f"UNION {{ {agreement} pg:party {a} ; pg:intermediary {b} }} "
            f"UNION {{ {agreement} pg:intermediary {a} ; pg:party {b} }} "
        )
    return (
        links
        + f"FILTER({a} != {b}) "
        + status_pattern(
            agreement,
            statuses,
            suffix,
            beyond_coverage=beyond_coverage,
            observed_var=observed_var,
        )
    )
