"""The dyad timeline: ``/explore/dyad?a=KOR&b=JPN``, drawn with vis-timeline.

One row per agreement between the two states (:func:`app.queries.dyads.dyad`): its status
periods as bars coloured by status (:data:`app.views.styles.STATUS_STYLES`), the period past
a dataset's horizon dashed and named "in force at last observation (dataset ends YYYY)", and
its lifecycle events as points whose quotes the page shows on hover. The same record is
written under the timeline as plain HTML (every event with its quotes and sources), so the
page reads without the drawing and every link is reachable by keyboard.

Text reaches the browser as JSON (``<script type="application/json">``) and the page's script
sets it with ``textContent``: no label or quote is ever parsed as markup.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from app.errors import InvalidParameter
from app.queries.agreements import AgreementDetail, period_start
from app.queries.dyads import Dyad
from app.queries.evidence import SourceRef
from app.queries.refs import local_id
from app.views.links import href
from app.views.styles import STATUS_STYLES
from app.views.templating import render

__all__ = ["dyad_page", "event_words", "status_words", "timeline_data"]


def event_words(kind: str | None) -> str:
    """``TerminationAnnouncedEvent`` → ``termination announced``."""
    name = (kind or "Event").removesuffix("Event") or "event"
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def status_words(status: str, observed_until: str | None) -> str:
    """The words of a status period ("in force at last observation (dataset ends 2018)")."""
    words = STATUS_STYLES[status].label if status in STATUS_STYLES else status
    if observed_until:
        return f"{words} at last observation (dataset ends {observed_until})"
    return words


def _source(ref: SourceRef) -> dict[str, str | None]:
    return {
        "title": ref.title or ref.publisher or ref.iri,
        "href": href(ref.iri),
        "original": href(ref.url) if ref.url else None,
        "quote": ref.quote,
    }


def _start(lexical: str) -> str:
    try:
        return period_start(lexical, "date").isoformat()
    except InvalidParameter:  # a malformed date in the data: the event is listed, not drawn
        return ""


def _agreement(detail: AgreementDetail, today: dt.date) -> dict[str, Any]:
    spans = [
        {
            "status": span.status,
            "words": status_words(span.status, span.observed_until),
            "start": span.valid_from[:10],
            "end": (span.valid_until or today.isoformat())[:10],
            "open": span.valid_until is None,
            "observed_until": span.observed_until,
            "colour": STATUS_STYLES[span.status].colour if span.status in STATUS_STYLES else "",
        }
        for span in detail.status_history
    ]
    events = [
        {
            "iri": event.iri,
            "kind": event_words(event.type),
            "date": event.date,
            "start": _start(event.date) if event.date else "",
            "quotes": [s.quote for s in event.sources if s.quote],
            "sources": [_source(s) for s in event.sources],
        }
        for event in detail.events
    ]
    return {
        "iri": detail.iri,
        "page": href(detail.iri),
        "label": detail.treaty or detail.label or local_id(detail.iri),
        "types": detail.types,
        "status": detail.status,
        "observed_until": detail.observed_until,
        "spans": spans,
        "events": events,
        "sources": [_source(s) for s in detail.sources],
    }


def timeline_data(pair: Dyad, today: dt.date | None = None) -> dict[str, Any]:
    """The dyad as JSON for the page: the two states and each agreement's bars and points."""
    day = today or dt.date.today()
    return {
        "a": {"id": pair.a.id, "label": pair.a.label, "iri": pair.a.iri},
        "b": {"id": pair.b.id, "label": pair.b.label, "iri": pair.b.iri},
        "today": day.isoformat(),
        "total": pair.total,
        "agreements": [_agreement(d, day) for d in pair.agreements],
    }


def dyad_page(pair: Dyad, today: dt.date | None = None) -> str:
    """The HTML of /explore/dyad for ``pair``."""
    data = timeline_data(pair, today)
    return render(
        "dyad.html",
        title=f"{pair.a.label} and {pair.b.label}: agreements over time",
        data=data,
        status_styles=STATUS_STYLES,
    )
