"""Change over time: partners per relation type per year, and what changed between two dates.

* :func:`partners_by_year`: for one state, its number of partners in each relation type at
  the end of each year; for the whole graph, the number of tied pairs. Each year is one
  projection (:func:`~app.analytics.projection.project`, cached), so the counts follow the
  same as-of rule as every other answer.
* :func:`line_chart`: the series as a self-contained SVG line chart, drawn here in a few
  dozen lines rather than through a plotting library (none is a dependency; PNG is not
  offered for that reason).
* :func:`diff`: ties added and removed between two dates, each with the agreements behind it
  and their lifecycle events dated in between.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx
from pyoxigraph import NamedNode

from app.analytics.projection import find_state, layer, project
from app.errors import InvalidParameter
from app.ontology import PG_NS, SPARQL_PREFIXES, Status, period_end
from app.queries.evidence import AgreementSummary, agreements
from app.store import Store, render

__all__ = [
    "MAX_YEARS",
    "Diff",
    "EventRef",
    "PartnerSeries",
    "TieChange",
    "diff",
    "line_chart",
    "partners_by_year",
]

#: Longest span of years one series may cover (each year is a projection).
MAX_YEARS = 100
_DEFAULT_SPAN = 20

_EVENTS = (
    SPARQL_PREFIXES
    + """
SELECT ?a ?event ?type ?date ?actor WHERE {
  VALUES ?a { $agreements }
  ?a pg:event ?event .
  OPTIONAL { ?event pg:eventType ?type }
  OPTIONAL { ?event pg:date ?date }
  OPTIONAL { ?event pg:actor ?actor }
}"""
)


@dataclass(frozen=True)
class PartnerSeries:
    """Counts per relation type per year: partners of ``state``, or tied pairs overall."""

    state: str | None
    label: str | None
    unit: str
    relations: list[str]
    years: list[int]
    series: dict[str, list[int]]


@dataclass
class EventRef:
    """A lifecycle event of an agreement."""

    iri: str
    agreement: str
    type: str | None = None
    date: str | None = None
    actors: list[str] = field(default_factory=list)


@dataclass
class TieChange:
    """A tie of one relation type that appeared or disappeared between two dates."""

    source: str
    target: str
    source_label: str
    target_label: str
    relation: str
    agreements: list[AgreementSummary]
    events: list[EventRef]


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
) -> PartnerSeries:
    """Partners of ``state`` (or tied pairs of the whole graph) per relation type, per year.

    Each year counts the ties holding on 31 December. Without ``end`` the series ends this
    year; without ``start`` it begins twenty years earlier.

    Examples
    --------
    >>> from app.store import EmbeddedStore
    >>> s = partners_by_year(EmbeddedStore(None), None, ["allied_with"], 2018, 2019)
    >>> s.unit, s.years, s.series
    ('pairs', [2018, 2019], {'allied_with': [0, 0]})

    :raises InvalidParameter: no state is called ``state``, or the years are reversed or
        span more than :data:`MAX_YEARS`.
    """
    years = _years(start, end)
    node: str | None = None
    label: str | None = None
    counts: dict[str, list[int]] = defaultdict(list)
    names: list[str] = []
    for year in years:
        graph = project(store, relations, dt.date(year, 12, 31), statuses)
        names = list(graph.graph["relations"])
        if state is not None:
            node = find_state(store, graph, state)
            label = str(graph.nodes[node]["label"])
        for rel in names:
            view = layer(graph, rel)
            counts[rel].append(view.degree(node) if node else view.number_of_edges())
    return PartnerSeries(
        state=node,
        label=label,
        unit="partners" if state is not None else "pairs",
        relations=names,
        years=years,
        series={rel: counts[rel] for rel in names},
    )


_PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"]


def line_chart(
    years: Sequence[int], series: Mapping[str, Sequence[int]], title: str, unit: str = "count"
) -> str:
    """A standalone SVG line chart of integer series over years, with axes and a legend.

    Text is escaped, so labels from the graph cannot inject markup.

    Examples
    --------
    >>> svg = line_chart([2018, 2019], {"a<b": [1, 3]}, "Ties & more")
    >>> svg.startswith("<svg") and "a&lt;b" in svg and "Ties &amp; more" in svg
    True
    """
    width, height = 720, 360
    left, right, top, bottom = 50, 200, 40, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((v for values in series.values() for v in values), default=0)
    y_max = max(peak, 1)
    step = max(1, -(-y_max // 5))
    y_max = step * -(-y_max // step)

    def x(i: int) -> float:
        return left + (plot_w * i / (len(years) - 1) if len(years) > 1 else plot_w / 2)

    def y(v: int) -> float:
        return top + plot_h - plot_h * v / y_max

    esc = html.escape
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12" '
        f'role="img" aria-label="{esc(title)}">',
        f"<title>{esc(title)}</title>",
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{left}" y="{top - 16}" font-size="14">{esc(title)}</text>',
        f'<text x="12" y="{top + plot_h / 2:.1f}" transform="rotate(-90 12 '
        f'{top + plot_h / 2:.1f})" text-anchor="middle">{esc(unit)}</text>',
    ]
    for tick in range(0, y_max + 1, step):
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="#ddd"/><text x="{left - 6}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end">{tick}</text>'
        )
    every = max(1, -(-len(years) // 10))
    for i, year in enumerate(years):
        if i % every == 0 or i == len(years) - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{top + plot_h + 18}" text-anchor="middle">{year}</text>'
            )
    parts.append(
        f'<path d="M{left} {top}V{top + plot_h}H{left + plot_w}" fill="none" stroke="#333"/>'
    )
    for n, (name, values) in enumerate(series.items()):
        colour = _PALETTE[n % len(_PALETTE)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2">'
            f"<title>{esc(name)}</title></polyline>"
        )
        legend_y = top + 8 + 18 * n
        parts.append(
            f'<line x1="{width - right + 12}" x2="{width - right + 32}" y1="{legend_y}" '
            f'y2="{legend_y}" stroke="{colour}" stroke-width="2"/>'
            f'<text x="{width - right + 38}" y="{legend_y + 4}">{esc(name)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def diff(
    store: Store,
    before: dt.date,
    after: dt.date,
    relations: Sequence[str] | None = None,
    statuses: Sequence[Status] = (Status.in_force,),
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
    old = project(store, relations, before, statuses)
    new = project(store, relations, after, statuses)
    names = list(new.graph["relations"])
    added = list(_changes(new, old, names))
    removed = list(_changes(old, new, names))
    everything = {ag for change in added + removed for ag in change[3]}
    evidence_new = agreements(store, {ag for c in added for ag in c[3]}, after)
    evidence_old = agreements(store, {ag for c in removed for ag in c[3]}, before)
    events = _events(store, everything, before, after)

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
                events=[e for ag in ags for e in events.get(ag, [])],
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


def _events(
    store: Store, iris: set[str], before: dt.date, after: dt.date
) -> dict[str, list[EventRef]]:
    if not iris:
        return {}
    rows = store.select(render(_EVENTS, {"agreements": [NamedNode(i) for i in sorted(iris)]}))
    found: dict[tuple[str, str], EventRef] = {}
    for row in rows:
        key = (row["a"].value, row["event"].value)
        event = found.setdefault(key, EventRef(iri=key[1], agreement=key[0]))
        if "type" in row:
            event.type = row["type"].value.removeprefix(PG_NS)
        if "date" in row:
            event.date = row["date"].value
        if "actor" in row and row["actor"].value not in event.actors:
            event.actors.append(row["actor"].value)
    result: dict[str, list[EventRef]] = defaultdict(list)
    for event in sorted(found.values(), key=lambda e: (e.date or "", e.iri)):
        if event.date is not None and before < _day(event.date) <= after:
            event.actors.sort()
            result[event.agreement].append(event)
    return result


def _day(lexical: str) -> dt.date:
    try:
        return period_end(lexical)
    except ValueError:
        return dt.date.min
