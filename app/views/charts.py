"""Small SVG charts for entity pages, drawn server-side (no script, no chart library).

:func:`step_chart` turns yearly counts per series into a step chart with axes and a legend;
the SVG is rendered through the escaping template environment, so series names are text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from app.analytics.change import PartnerSeries
from app.views.styles import RELATION_STYLES, RelationStyle
from app.views.templating import render

__all__ = ["partners_chart", "step_chart"]

_WIDTH, _HEIGHT = 720, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 40, 220, 12, 28


@dataclass(frozen=True)
class _Series:
    label: str
    style: RelationStyle
    points: str
    last: int


def step_chart(
    series: Mapping[str, Mapping[int, int]], styles: Mapping[str, RelationStyle], title: str
) -> Markup:
    """A step chart of yearly counts, one line per series that is ever non-zero.

    ``series`` maps a series name (a relation) to counts per year; every series must cover
    the same years. Returns SVG markup ready to embed in a page.
    """
    years = sorted({year for counts in series.values() for year in counts})
    shown = {name: counts for name, counts in series.items() if any(counts.values())}
    top = max((c for counts in shown.values() for c in counts.values()), default=0) or 1
    first, last = (years[0], years[-1]) if years else (0, 1)
    span = (last - first) or 1
    plot_w, plot_h = _WIDTH - _LEFT - _RIGHT, _HEIGHT - _TOP - _BOTTOM

    def x(year: int) -> float:
        return round(_LEFT + (year - first) / span * plot_w, 1)

    def y(count: int) -> float:
        return round(_TOP + plot_h - count / top * plot_h, 1)

    lines = []
    for name, counts in shown.items():
        points: list[str] = []
        previous = None
        for year in years:
            count = counts[year]
            if previous is not None and count != previous:
                points.append(f"{x(year)},{y(previous)}")
            points.append(f"{x(year)},{y(count)}")
            previous = count
        lines.append(_Series(styles[name].label, styles[name], " ".join(points), counts[last]))
    x_ticks = [(year, x(year)) for year in years if year % 10 == 0]
    y_ticks = sorted({0, top // 2, top})
    svg = render(
        "step_chart.svg",
        title=title,
        width=_WIDTH,
        height=_HEIGHT,
        left=_LEFT,
        right=_WIDTH - _RIGHT,
        top=_TOP,
        bottom=_TOP + plot_h,
        lines=lines,
        x_ticks=x_ticks,
        y_ticks=[(value, y(value)) for value in y_ticks],
    )
    # Safe to mark: every value went through the autoescaping environment.
    return Markup(svg)


def partners_chart(series: PartnerSeries) -> Markup:
    """The step chart of a partners-per-year series (``/api/v1/analytics/partners.svg``)."""
    by_year = {
        name: dict(zip(series.years, counts, strict=True)) for name, counts in series.series.items()
    }
    title = f"{series.label or 'All states'}: {series.unit} per relation per year"
    return step_chart(by_year, RELATION_STYLES, title)
