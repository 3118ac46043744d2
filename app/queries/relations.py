"""Edges of the state network: which states are related, through which agreements, as of when.

Every reader of relations (REST, views, analytics) goes through :func:`edges`, which builds on
the one as-of rule, :func:`app.ontology.relation_pattern`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import NamedNode

from app.ontology import (
    RELATIONS,
    SPARQL_PREFIXES,
    BeyondCoverage,
    Relation,
    Status,
    date_literal,
    relation_pattern,
)
from app.queries.evidence import (
    AgreementSummary,
    TreatyTie,
    agreements,
    by_treaty,
    observed_until,
)
from app.queries.refs import StateRef
from app.queries.states import state_refs
from app.store import Store, render
from app.store.terms import Term

_EDGES = (
    SPARQL_PREFIXES
    + """
SELECT DISTINCT ?x ?y ?agreement ?horizon WHERE {
  %(around)s
  %(pattern)s
  %(order)s
}"""
)


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
    values: dict[str, Term | Sequence[Term]] = {}
    if around is not None:
        if not around:
            return []
        around_clause = "VALUES ?x { $around }"
        values["around"] = list(around)
        order = ""
    else:
        around_clause = ""
        order = "" if rel.directed else "FILTER(STR(?x) < STR(?y))"
    query = _EDGES % {
        "around": around_clause,
        "pattern": relation_pattern(
            rel,
            "?x",
            "?y",
            "?agreement",
            list(statuses),
            beyond_coverage=beyond_coverage,
            observed_var="?horizon",
        ),
        "order": order,
    }
    rows = store.select(render(query, {**values, "as_of": date_literal(as_of)}))
    grouped: dict[tuple[str, str], dict[str, str | None]] = defaultdict(dict)
    for row in rows:
        horizon = row["horizon"].value if "horizon" in row else None
        grouped[(row["x"].value, row["y"].value)][row["agreement"].value] = horizon
    named = state_refs(store, {state for pair in grouped for state in pair})
    return [
        Edge(named[x], named[y], rel.name, tuple(sorted(flags)), observed_until(flags.values()))
        for (x, y), flags in sorted(grouped.items())
    ]


@dataclass
class Partner:
    """A state related to the one asked about, and the agreements (with sources) behind it."""

    state: StateRef
    agreements: list[AgreementSummary]
    observed_until: str | None = None


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
