"""Entity pages: ``/id/state/KOR``, ``/id/agreement/{id}``, ``/id/source/{id}`` as HTML.

The ``/id/...`` router negotiates the format; for HTML it asks :func:`entity_page`, which
gives the pages of this module for states, agreements and sources. Each page puts a record
of :mod:`app.queries` into a template and links into /explore focused on the entity. The
state page adds an SVG chart of its partners per relation over time and the counts sources
reported next to what the graph holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import urlencode

from pyoxigraph import NamedNode

from app.analytics.change import state_counts
from app.errors import NotFound
from app.ontology import ID_NS, RELATIONS, state_iri
from app.queries.agreements import agreement_detail, list_agreements
from app.queries.evidence import agreements
from app.queries.profiles import reported_counts
from app.queries.relations import alliance_portfolio
from app.queries.sources import source_detail
from app.queries.states import state_records
from app.store import Store
from app.views.charts import step_chart
from app.views.entity import rdf_links
from app.views.explore import FIRST_YEAR
from app.views.network import DEFAULT_TYPES
from app.views.styles import RELATION_STYLES
from app.views.templating import render

__all__ = ["agreement_page", "entity_page", "source_page", "state_page"]

#: Most agreements a state page lists (the REST listing pages through all of them).
STATE_PAGE_AGREEMENTS = 500
#: Most supported facts a source page lists (the REST source record pages through all).
SOURCE_PAGE_ITEMS = 500


def explore_link(code: str, **extra: str) -> str:
    """/explore focused on a state."""
    return "/explore?" + urlencode({"focus": code, **extra})


def _year_ends(first: int, today: dt.date) -> list[dt.date]:
    return [dt.date(y, 12, 31) for y in range(first, today.year)] + [today]


def _by_year(days: list[dt.date], values: list[int]) -> dict[int, int]:
    return {day.year: n for day, n in zip(days, values, strict=True)}


def state_page(store: Store, code: str, today: dt.date | None = None) -> str:
    """The page of the state with ISO3 ``code``.

    :raises NotFound: the graph has no record of this state.
    """
    today = today or dt.date.today()
    iri = state_iri(code)
    [record] = state_records(store, [iri.value])
    listed = list_agreements(store, party=iri, as_of=today, limit=STATE_PAGE_AGREEMENTS, offset=0)
    if not record.kinds and not listed.total:
        raise NotFound(f"the graph knows no state {code.upper()}", parameter="code")
    portfolio = alliance_portfolio(store, iri, today)
    days = _year_ends(FIRST_YEAR, today)
    counts, beyond, horizons = state_counts(
        store, iri, [RELATIONS[name] for name in DEFAULT_TYPES], days
    )
    series = {name: _by_year(days, values) for name, values in counts.items()}
    past = {name: _by_year(days, values) for name, values in beyond.items()}
    reported = reported_counts(store, iri)
    return render(
        "state.html",
        record=record,
        title=record.label,
        rdf=rdf_links(record.iri),
        portfolio=portfolio,
        agreements=listed.items,
        agreements_total=listed.total,
        chart=step_chart(
            series,
            RELATION_STYLES,
            f"Partners of {record.label} per relation",
            past,
            [year for years in horizons.values() for year in years],
        ),
        reported=reported,
        explore=explore_link(record.id),
        explore_2=explore_link(record.id, hops="2"),
        first_year=FIRST_YEAR,
        today=today,
    )


def agreement_page(store: Store, ident: str, today: dt.date | None = None) -> str:
    """The page of one agreement: parties, types, dates, status history, events, sources.

    :raises NotFound: no agreement has this id.
    """
    today = today or dt.date.today()
    detail = agreement_detail(store, ident, today)
    return render(
        "agreement.html",
        title=detail.label or ident,
        rdf=rdf_links(detail.iri),
        detail=detail,
        explore_links=[(p.label, explore_link(p.id)) for p in detail.parties],
        today=today,
    )


def source_page(store: Store, ident: str) -> str:
    """The page of one source: its description and what it supports, with the quotes.

    :raises NotFound: the graph neither describes nor cites this source.
    """
    detail = source_detail(store, ident, limit=SOURCE_PAGE_ITEMS, offset=0)
    supported = detail.supports.items
    cited = agreements(store, [i.iri for i in supported if i.kind == "Agreement"], dt.date.today())
    states = {p for summary in cited.values() for p in summary.parties}
    return render(
        "source.html",
        title=detail.title or detail.publisher or ident,
        rdf=rdf_links(detail.iri),
        source=detail,
        supports=detail.supports,
        explore_links=sorted((s.label, explore_link(s.id)) for s in states),
    )


def entity_page(store: Store, entity: NamedNode) -> str | None:
    """The page of a state, agreement or source; None for other entities (plain page then)."""
    kind, _, ident = entity.value.removeprefix(ID_NS).partition("/")
    if not entity.value.startswith(ID_NS) or not ident or "/" in ident:
        return None
    pages: dict[str, Callable[[Store, str], str]] = {
        "state": state_page,
        "agreement": agreement_page,
        "source": source_page,
    }
    builder = pages.get(kind)
    return builder(store, ident) if builder is not None else None
