"""Entity pages: ``/id/state/KOR``, ``/id/agreement/{id}``, ``/id/source/{id}`` as HTML.

Each page puts a record of :mod:`app.queries` into a template and links into /explore focused
on the entity. The state page adds an SVG chart of its partners per relation over time and
the counts sources reported next to what the graph holds.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from pyoxigraph import NamedNode

from app.errors import NotFound
from app.ontology import ID_NS, RELATIONS, state_iri
from app.queries.agreements import agreement_detail, list_agreements
from app.queries.evidence import agreements
from app.queries.profiles import partner_counts, reported_counts, source_record
from app.queries.relations import edges
from app.queries.states import state_labels, state_records
from app.store import Store
from app.views.charts import step_chart
from app.views.details import page_path
from app.views.explore import FIRST_YEAR
from app.views.network import DEFAULT_TYPES
from app.views.styles import RELATION_STYLES
from app.views.templating import render

__all__ = ["agreement_page", "source_page", "state_page"]

#: Most agreements a state page lists (the REST listing pages through all of them).
STATE_PAGE_AGREEMENTS = 500


def explore_link(code: str, **extra: str) -> str:
    """/explore focused on a state."""
    return "/explore?" + urlencode({"focus": code, **extra})


def _year_ends(first: int, today: dt.date) -> list[dt.date]:
    return [dt.date(y, 12, 31) for y in range(first, today.year)] + [today]


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
    alliances = edges(store, RELATIONS["has_alliance_with"], today, around=[iri])
    days = _year_ends(FIRST_YEAR, today)
    counts = partner_counts(store, iri, [RELATIONS[name] for name in DEFAULT_TYPES], days)
    series = {name: {d.year: n for d, n in by_day.items()} for name, by_day in counts.items()}
    reported = reported_counts(store, iri)
    labels = state_labels(
        store,
        {p for a in listed.items for p in a.parties} | {e.target for e in alliances} | {iri.value},
    )
    return render(
        "state.html",
        record=record,
        title=record.label,
        labels=labels,
        alliances=alliances,
        agreements=listed.items,
        agreements_total=listed.total,
        chart=step_chart(series, RELATION_STYLES, f"Partners of {record.label} per relation"),
        reported=reported,
        explore=explore_link(record.id),
        explore_2=explore_link(record.id, hops="2"),
        first_year=FIRST_YEAR,
        page_path=page_path,
        today=today,
    )


def agreement_page(store: Store, ident: str, today: dt.date | None = None) -> str:
    """The page of one agreement: parties, types, dates, status history, events, sources.

    :raises NotFound: no agreement has this id.
    """
    today = today or dt.date.today()
    detail = agreement_detail(store, ident, today)
    summary = detail.summary
    actors = {a for e in detail.events for a in e.actors}
    labels = state_labels(store, {*summary.parties, *summary.intermediaries, *actors})
    return render(
        "agreement.html",
        title=summary.label or ident,
        detail=detail,
        summary=summary,
        labels=labels,
        explore_links=[(labels[p], explore_link(_code(p))) for p in summary.parties],
        page_path=page_path,
        today=today,
    )


def source_page(store: Store, ident: str) -> str:
    """The page of one source: its description and what cites it, with the quotes.

    :raises NotFound: the graph neither describes nor cites this source.
    """
    record = source_record(store, NamedNode(f"{ID_NS}source/{_checked_id(ident)}"))
    props = record.properties
    title = (props.get("headline") or props.get("name") or [ident])[0]
    cited = agreements(
        store, [i.iri for i in record.citing if i.kind == "Agreement"], dt.date.today()
    )
    states = {p for summary in cited.values() for p in summary.parties}
    labels = state_labels(store, states)
    return render(
        "source.html",
        title=title,
        record=record,
        props=props,
        explore_links=sorted((labels[s], explore_link(_code(s))) for s in states),
        page_path=page_path,
    )


def _checked_id(ident: str) -> str:
    if not ident or any(not (c.isalnum() or c in "._~-") for c in ident):
        raise NotFound(f"no source has the id {ident!r}", parameter="id")
    return ident


def _code(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]
