"""Change over time: partners per relation type per year, and what changed between two dates.

* :func:`partners_by_year`: for one state, its number of partners in each relation type at
  the end of each year (:func:`app.queries.profiles.partner_counts`, the query the state
  pages chart too); for the whole graph, the number of tied pairs, one cached projection
  (:func:`~app.analytics.projection.project`) per year. Both read relations through the one
  as-of rule. :func:`app.views.charts.partners_chart` draws a series as SVG.
* :func:`diff`: ties added and removed between two dates, each with the agreements behind it
  and their lifecycle events dated in between.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx
from pyoxigraph import NamedNode

from app.analytics.projection import layer, project, relations_of, resolve
from app.errors import InvalidParameter
from app.ontology import (
    SPARQL_PREFIXES,
    BeyondCoverage,
    Relation,
    Status,
    date_literal,
    relation_pattern,
)
from app.queries.agreements import Event, events
from app.queries.evidence import AgreementSummary, agreements
from app.queries.profiles import partner_counts
from app.queries.states import state_labels
from app.store import Store, render
from app.store.terms import Term

__all__ = [
    "MAX_YEARS",
    "Diff",
    "PartnerSeries",
    "TieChange",
    "diff",
    "horizon_years",
    "partners_by_year",
    "state_counts",
]

#: Longest span of years one series may cover (each year is a projection).
MAX_YEARS = 100
_DEFAULT_SPAN = 20


@dataclass(frozen=True)
class PartnerSeries:
    """Counts per relation type per year: partners of ``state``, or tied pairs overall."""

    state: str | None
    label: str | None
    unit: str
    relations: list[str]
    years: list[int]
    series: dict[str, list[int]]
    #: Of each count, how many ties rest only on agreements past their dataset's horizon
    #: ("in force at last observation"; zeros with ``beyond_coverage=exclude``).
    beyond_coverage: dict[str, list[int]] = field(default_factory=dict)
    #: Per relation with such ties, the last years their datasets cover (e.g. ``["2010"]``).
    observed_until: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class TieChange:
    """A tie of one relation type that appeared or disappeared between two dates."""

    source: str
    target: str
    source_label: str
    target_label: str
    relation: str
    agreements: list[AgreementSummary]
    #: Lifecycle events of those agreements dated in between.
    events: list[Event]


@dataclass
class Diff:
    """Ties added and removed between ``before`` and ``after``."""

    before: str
    after: str
    relations: list[str]
    added: list[TieChange]
    removed: list[TieChange]


def _years(start: int | None, end: int | None) -> list[int]:
    last = end if end is not None else dt.date.today().year
    first = start if start is not None else last - _DEFAULT_SPAN
    if first < dt.MINYEAR or last > dt.MAXYEAR:
        raise InvalidParameter(
            f"years must lie between {dt.MINYEAR} and {dt.MAXYEAR}", parameter="start"
        )
    if first > last:
        raise InvalidParameter(f"start year {first} is after end year {last}", parameter="start")
    if last - first + 1 > MAX_YEARS:
        raise InvalidParameter(
            f"at most {MAX_YEARS} years per series; narrow start..end", parameter="start"
        )
    return list(range(first, last + 1))


def partners_by_year(
    store: Store,
    state: str | None = None,
    relations: Sequence[str] | None = None,
    start: int | None = None,
    end: int | None = None,
    statuses: Sequence[Status] = (Status.in_force,),
    *,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> PartnerSeries:
    """Partners of ``state`` (or tied pairs of the whole graph) per relation type, per year.

    Each year counts the ties holding on 31 December. Without ``end`` the series ends this
    year; without ``start`` it begins twenty years earlier. ``beyond_coverage`` keeps
    (default) or drops ties resting only on agreements past their dataset's horizon; kept,
    they are counted again in ``beyond_coverage`` and their horizons named in
    ``observed_until``.

    Examples
    --------
    >>> from app.store import EmbeddedStore
    >>> s = partners_by_year(EmbeddedStore(None), None, ["allied_with"], 2018, 2019)
    >>> s.unit, s.years, s.series, s.beyond_coverage, s.observed_until
    ('pairs', [2018, 2019], {'allied_with': [0, 0]}, {'allied_with': [0, 0]}, {})

    :raises InvalidParameter: no state is called ``state``, or the years are reversed or
        span more than :data:`MAX_YEARS`.
    """
    years = _years(start, end)
    days = [dt.date(year, 12, 31) for year in years]
    rels = relations_of(relations)
    if state is not None:
        node = NamedNode(resolve(store, state))
        series, beyond, horizons = state_counts(store, node, rels, days, statuses, beyond_coverage)
        return PartnerSeries(
            state=node.value,
            label=state_labels(store, [node.value])[node.value],
            unit="partners",
            relations=[r.name for r in rels],
            years=years,
            series=series,
            beyond_coverage=beyond,
            observed_until=horizons,
        )
    series = {r.name: [] for r in rels}
    beyond = {r.name: [] for r in rels}
    pair_horizons: dict[str, set[str]] = {r.name: set() for r in rels}
    for day in days:
        graph = project(
            store, [r.name for r in rels], day, statuses, beyond_coverage=beyond_coverage
        )
        for name in series:
            ties = layer(graph, name).edges(data=True)
            flags = [d["observed_by_relation"][name] for _, _, d in ties]
            series[name].append(len(flags))
            beyond[name].append(sum(flag is not None for flag in flags))
            pair_horizons[name].update(flag for flag in flags if flag is not None)
    return PartnerSeries(
        state=None,
        label=None,
        unit="pairs",
        relations=[r.name for r in rels],
        years=years,
        series=series,
        beyond_coverage=beyond,
        observed_until={name: sorted(found) for name, found in pair_horizons.items() if found},
    )


def state_counts(
    store: Store,
    state: NamedNode,
    relations: Sequence[Relation],
    days: Sequence[dt.date],
    statuses: Sequence[Status] = (Status.in_force,),
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> tuple[dict[str, list[int]], dict[str, list[int]], dict[str, list[str]]]:
    """Partners of ``state`` per relation on each of ``days``; of them, those held only past
    a dataset's horizon; and those horizons (per relation with such partners).

    The counts are :func:`app.queries.profiles.partner_counts`'s (the state pages' too).
    """
    counts = partner_counts(
        store, state, relations, days, statuses, beyond_coverage=beyond_coverage
    )
    series = {name: [by_day[day] for day in days] for name, by_day in counts.items()}
    beyond = {name: [0] * len(days) for name in series}
    if beyond_coverage is BeyondCoverage.exclude:
        return series, beyond, {}
    # Partners held only past a horizon are those the exclude reading does not count.
    observed = partner_counts(
        store, state, relations, days, statuses, beyond_coverage=BeyondCoverage.exclude
    )
    for name, by_day in observed.items():
        beyond[name] = [n - by_day[day] for n, day in zip(series[name], days, strict=True)]
    flagged = [r for r in relations if any(beyond[r.name])]
    return series, beyond, horizon_years(store, state, flagged, days, statuses)


_HORIZONS = (
    SPARQL_PREFIXES
    + """
SELECT DISTINCT ?horizon WHERE {
  VALUES ?day { $days }
  %s
  FILTER(BOUND(?horizon))
}"""
)


def horizon_years(
    store: Store,
    state: NamedNode,
    relations: Sequence[Relation],
    days: Sequence[dt.date],
    statuses: Sequence[Status] = (Status.in_force,),
) -> dict[str, list[str]]:
    """Per relation, the horizons (last years covered) of the datasets behind ``state``'s
    partners on ``days`` that are past them, read through the one as-of rule."""
    found: dict[str, list[str]] = {}
    for rel in relations:
        pattern = relation_pattern(
            rel, "$state", "?partner", "?agreement", list(statuses), observed_var="?horizon"
        )
        query = _HORIZONS % pattern.replace("$as_of", "?day")
        values: dict[str, Term | Sequence[Term]] = {
            "state": state,
            "days": [date_literal(day) for day in days],
        }
        found[rel.name] = sorted(
            row["horizon"].value for row in store.select(render(query, values))
        )
    return found


def diff(
    store: Store,
    before: dt.date,
    after: dt.date,
    relations: Sequence[str] | None = None,
    statuses: Sequence[Status] = (Status.in_force,),
    *,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> Diff:
    """Ties of each relation type present on ``after`` but not ``before``, and vice versa.

    Each change carries the agreements behind the tie (on the date it held) and their
    lifecycle events dated after ``before`` and up to ``after`` (partial dates count from
    the end of their period, as everywhere).

    Examples
    --------
    >>> from app.store import EmbeddedStore
    >>> d = diff(EmbeddedStore(None), dt.date(2012, 1, 1), dt.date(2019, 1, 1))
    >>> d.added, d.removed
    ([], [])

    :raises InvalidParameter: ``before`` is later than ``after``.
    """
    if before > after:
        raise InvalidParameter("the first date must not be later than the second", parameter="from")
    old = project(store, relations, before, statuses, beyond_coverage=beyond_coverage)
    new = project(store, relations, after, statuses, beyond_coverage=beyond_coverage)
    names = list(new.graph["relations"])
    added = list(_changes(new, old, names))
    removed = list(_changes(old, new, names))
    everything = {ag for change in added + removed for ag in change[3]}
    evidence_new = agreements(store, {ag for c in added for ag in c[3]}, after)
    evidence_old = agreements(store, {ag for c in removed for ag in c[3]}, before)
    found = events(store, everything, before, after)

    def explain(
        changes: list[tuple[str, str, str, list[str]]],
        graph: nx.Graph,
        evidence: dict[str, AgreementSummary],
    ) -> list[TieChange]:
        return [
            TieChange(
                source=u,
                target=v,
                source_label=str(graph.nodes[u]["label"]),
                target_label=str(graph.nodes[v]["label"]),
                relation=rel,
                agreements=[evidence[ag] for ag in ags],
                events=[e for ag in ags for e in found.get(ag, [])],
            )
            for u, v, rel, ags in changes
        ]

    return Diff(
        before=before.isoformat(),
        after=after.isoformat(),
        relations=names,
        added=explain(added, new, evidence_new),
        removed=explain(removed, old, evidence_old),
    )


def _changes(
    present: nx.Graph, absent: nx.Graph, names: Iterable[str]
) -> Iterable[tuple[str, str, str, list[str]]]:
    """Ties (source, target, relation, agreements) of ``present`` missing from ``absent``."""
    for rel in names:
        for u, v, data in sorted(
            (*sorted((a, b)), d) for a, b, d in layer(present, rel).edges(data=True)
        ):
            other = absent.get_edge_data(u, v)
            if other is None or rel not in other["relations"]:
                yield u, v, rel, list(data["by_relation"][rel])
