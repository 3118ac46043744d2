"""Small SVG charts for entity pages, drawn server-side (no script, no chart library).

:func:`step_chart` turns yearly counts per series into a step chart with axes and a legend;
the SVG is rendered through the escaping template environment, so series names are text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from app.analytics.change import PartnerSeries
from app.views.styles import RELATION_STYLES, RelationStyle
from app.views.templating import render

__all__ = ["partners_chart", "step_chart"]

_WIDTH, _HEIGHT = 720, 260
_LEFT, _RIGHT, _TOP, _BOTTOM = 40, 220, 12, 28


#: How the part of a line past a dataset's horizon is drawn: faded, in short dashes.
BEYOND_DASHARRAY = "2 5"
BEYOND_OPACITY = "0.55"


@dataclass(frozen=True)
class _Series:
    label: str
    style: RelationStyle
    points: str
    last: int
    #: The part past the horizon ("in force at last observation"), drawn dashed; may be "".
    beyond: str = ""


def step_chart(
    series: Mapping[str, Mapping[int, int]],
    styles: Mapping[str, RelationStyle],
    title: str,
    beyond: Mapping[str, Mapping[int, int]] | None = None,
    horizons: Iterable[str] = (),
) -> Markup:
    """A step chart of yearly counts, one line per series that is ever non-zero.

    ``series`` maps a series name (a relation) to counts per year; every series must cover
    the same years. ``beyond`` gives, per series and year, how many of the counted ties rest
    only on agreements past their dataset's horizon: from the year before the first such
    count the line is drawn faded and dashed, and the legend says "in force at last
    observation (dataset ends ``horizons``)". Returns SVG markup ready to embed in a page.
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

    def polyline(span: list[int], counts: Mapping[int, int]) -> str:
        points: list[str] = []
        previous = None
        for year in span:
            count = counts[year]
            if previous is not None and count != previous:
                points.append(f"{x(year)},{y(previous)}")
            points.append(f"{x(year)},{y(count)}")
            previous = count
        return " ".join(points)

    lines = []
    for name, counts in shown.items():
        flagged = (beyond or {}).get(name, {})
        cut = next((i for i, year in enumerate(years) if flagged.get(year)), len(years))
        lines.append(
            _Series(
                styles[name].label,
                styles[name],
                polyline(years[:cut], counts),
                counts[last],
                polyline(years[max(cut - 1, 0) :], counts) if cut < len(years) else "",
            )
        )
    x_ticks = [(year, x(year)) for year in years if year % 10 == 0]
    past = any(line.beyond for line in lines)
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
        beyond_legend=_beyond_legend(horizons) if past else None,
        beyond_dasharray=BEYOND_DASHARRAY,
        beyond_opacity=BEYOND_OPACITY,
        x_ticks=x_ticks,
        y_ticks=[(value, y(value)) for value in y_ticks],
    )
    # Safe to mark: every value went through the autoescaping environment.
    return Markup(svg)


def _beyond_legend(horizons: Iterable[str]) -> str:
    years = sorted(set(horizons))
    ends = f" (dataset ends {', '.join(years)})" if years else ""
    return f"in force at last observation{ends}"


def partners_chart(series: PartnerSeries) -> Markup:
    """The step chart of a partners-per-year series (``/api/v1/analytics/partners.svg``)."""

    def by_year(values: Mapping[str, list[int]]) -> dict[str, dict[int, int]]:
        return {
            name: dict(zip(series.years, counts, strict=True)) for name, counts in values.items()
        }

    title = f"{series.label or 'All states'}: {series.unit} per relation per year"
    horizons = [year for years in series.observed_until.values() for year in years]
    return step_chart(
        by_year(series.series), RELATION_STYLES, title, by_year(series.beyond_coverage), horizons
    )
