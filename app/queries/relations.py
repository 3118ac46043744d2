"""Edges of the state network: which states are related, through which agreements, as of when.

Every reader of relations (REST, views, analytics) goes through :func:`edges`, which reads the
one as-of rule materialised: the relation interval table of :mod:`app.queries.intervals`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from app.ontology import RELATIONS, BeyondCoverage, Relation, Status
from app.queries.evidence import (
    OBSERVED_UNTIL,
    AgreementSummary,
    TreatyTie,
    agreements,
    by_treaty,
    observed_until,
)
from app.queries.intervals import interval_table
from app.queries.refs import Served, StateRef
from app.queries.states import state_refs
from app.store import Store


@dataclass(frozen=True)
class Edge:
    """Two related states, named, and the agreements that relate them (sorted IRIs)."""

    source: StateRef
    target: StateRef
    relation: str
    agreements: tuple[str, ...]
    #: Set when every agreement behind the edge is only carried past its dataset's horizon
    #: (:func:`app.queries.evidence.observed_until`).
    observed_until: str | None = None


def edges(
    store: Store,
    rel: Relation,
    as_of: dt.date,
    statuses: Sequence[Status] = (Status.in_force,),
    around: Sequence[NamedNode] | None = None,
    *,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> list[Edge]:
    """Edges of ``rel`` on ``as_of`` among agreements with one of ``statuses``.

    Without ``around`` each unordered pair appears once (``source`` < ``target``), or each
    ordered pair once for a directed relation (``source`` owes the obligation to ``target``);
    with it, ``source`` is one of the given states and ``target`` each of its partners.
    ``beyond_coverage`` keeps or drops agreements past their dataset's horizon; kept, they
    flag the edge when nothing else supports it.
    """
    found = interval_table(store).holding(rel, as_of, statuses, beyond_coverage)
    if around is not None:
        wanted = {s.value for s in around}
        chosen = [(pair, flags) for pair, flags in found.items() if pair[0] in wanted]
    else:
        chosen = [
            (pair, flags) for pair, flags in found.items() if rel.directed or pair[0] < pair[1]
        ]
    named = state_refs(store, {state for pair, _ in chosen for state in pair})
    return [
        Edge(named[x], named[y], rel.name, tuple(sorted(flags)), observed_until(flags.values()))
        for (x, y), flags in sorted(chosen)
    ]


@dataclass
class Partner(Served):
    """A state related to the one asked about, and the agreements (with sources) behind it."""

    state: StateRef
    agreements: list[AgreementSummary]
    observed_until: str | None = field(default=None, metadata=OBSERVED_UNTIL)


def partners(
    store: Store,
    state: NamedNode,
    rel: Relation,
    as_of: dt.date,
    statuses: Sequence[Status] = (Status.in_force,),
    *,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> list[Partner]:
    """The partners of ``state`` by ``rel`` on ``as_of``, each with its evidence.

    A partner held only through agreements past their datasets' horizons carries
    ``observed_until`` (and so does each of those agreements).
    """
    found = edges(store, rel, as_of, statuses, around=[state], beyond_coverage=beyond_coverage)
    evidence = agreements(store, {a for e in found for a in e.agreements}, as_of)
    return [Partner(e.target, [evidence[a] for a in e.agreements], e.observed_until) for e in found]


@dataclass
class AllianceTie:
    """A partner and the treaties binding it to the state asked about, each named once."""

    state: StateRef
    treaties: list[TreatyTie]
    #: Set when every treaty rests only on dataset records past their horizon.
    observed_until: str | None


@dataclass
class AlliancePortfolio:
    """A state's formal alliance obligations on a date, allies kept apart from the rest.

    ``allies``: partners with a defense or offense obligation in force (``allied_with``), each
    with the treaties that make them allies. ``others``: partners through formal alliance
    obligations that do not make allies (neutrality, non-aggression, consultation), with those
    treaties only; a state can appear in both when it is bound by treaties of both kinds.
    """

    allies: list[AllianceTie]
    others: list[AllianceTie]


def alliance_portfolio(
    store: Store, state: NamedNode, as_of: dt.date, statuses: Sequence[Status] = (Status.in_force,)
) -> AlliancePortfolio:
    """The allies and the other formal alliance obligations of ``state`` on ``as_of``."""

    def tie(partner: StateRef, summaries: list[AgreementSummary]) -> AllianceTie:
        treaties = by_treaty(summaries)
        return AllianceTie(partner, treaties, observed_until(t.observed_until for t in treaties))

    allies = partners(store, state, RELATIONS["allied_with"], as_of, statuses)
    allied = {a.iri for p in allies for a in p.agreements}
    others = [
        tie(p.state, rest)
        for p in partners(store, state, RELATIONS["has_alliance_with"], as_of, statuses)
        if (rest := [a for a in p.agreements if a.iri not in allied])
    ]
    return AlliancePortfolio([tie(p.state, p.agreements) for p in allies], others)
