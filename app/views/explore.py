"""The /explore page: questions first, controls, the network document and the side panel.

The page is a shell rendered once; ``static/explore/explore.js`` keeps the URL, the controls
and the iframe in step and fills the panel from the JSON endpoints. A URL naming a preset
(:mod:`app.views.presets`) opens that question with its defaults, each overridable by the
URL; a URL naming nothing opens the landing preset. The iframe's first address is the view
the URL asked for, so a shared link opens on the same picture.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from app.analytics.projection import Scope
from app.errors import InvalidParameter
from app.ontology import RELATIONS, BeyondCoverage, parse_as_of
from app.queries.paths import parse_path
from app.queries.states import resolve_state
from app.store import Store
from app.views.network import (
    DEFAULT_TYPES,
    MAX_HOPS,
    View,
    layout,
    network_graph,
    network_html,
    parse_view,
)
from app.views.overlays import COLOUR_BY, SIZE_BY
from app.views.path_network import path_graph, path_tiers
from app.views.presets import LANDING, PRESETS, Preset, PresetKind, preset
from app.views.styles import RELATION_STYLES
from app.views.templating import render

log = logging.getLogger(__name__)

__all__ = [
    "COMPARE_PATH",
    "FIRST_YEAR",
    "NETWORK_PATH",
    "PATH_PATH",
    "Opened",
    "explore_page",
    "network_title",
    "open_explore",
    "parse_before",
]

#: Where the standalone network documents are served: a view, a path question, a comparison.
NETWORK_PATH = "/api/v1/views/network"
PATH_PATH = "/api/v1/views/path"
COMPARE_PATH = "/api/v1/views/compare"
#: First year of the date slider.
FIRST_YEAR = 1950


def warm_up(store: Store) -> None:
    """Build what the first visitor would wait for: the relation interval table
    (:mod:`app.queries.intervals`), the landing page with its question's answer, and the
    default network view's projection and layout; each page is rendered once, so its
    templates are compiled too.

    Run at start-up before the server takes requests (``PACTGRAPH_WARM_UP``): a second or two
    on the make-run store, so the server that says it is up answers at speed. A failure is
    logged, never raised: the requests build on demand.
    """
    try:
        landing = open_explore(store, {})
        explore_page(landing)
        if landing.kind is PresetKind.path:
            tiers = path_tiers(
                store, landing.params["from"], landing.params["path"], landing.view.as_of
            )
            network_html(path_graph(store, tiers), tiers.path)
        default = Scope.parse(None, dt.date.today(), None, BeyondCoverage.include)
        graph = network_graph(store, parse_view(store, default))
        network_html(graph, "", positions=layout(store, graph))
    except Exception:  # a warm-up must never take the server down
        log.exception("warm-up failed; the first requests will build what they need")


def network_title(view: View, labels: list[str]) -> str:
    """A readable title of a view: its focus and its date."""
    focus = ", ".join(labels) if labels else "all states"
    return f"pactgraph network: {focus}, as of {view.as_of.isoformat()}"


def parse_before(value: str) -> dt.date:
    """The earlier date of compare mode (``before=2015``: the end of 2015).

    :raises InvalidParameter: not a date.
    """
    try:
        return parse_as_of(value)
    except InvalidParameter as exc:
        raise InvalidParameter(exc.detail.replace("as_of=", "before="), parameter="before") from exc


@dataclass(frozen=True)
class Opened:
    """What /explore opens on: the preset (if any), its kind, the view and the document."""

    preset: Preset | None
    kind: PresetKind
    view: View
    #: The parameters the page works with (preset defaults overridden by the URL).
    params: dict[str, str]
    #: The first address of the network iframe.
    frame_src: str


def _int(params: Mapping[str, str], name: str, default: int) -> int:
    text = params.get(name, "")
    if not text:
        return default
    if not text.isdigit():
        raise InvalidParameter(f"{name}={text!r} is not a whole number", parameter=name)
    return int(text)


def open_explore(store: Store, query: Mapping[str, str]) -> Opened:
    """Resolve the URL of /explore: preset defaults, then the URL's own parameters.

    :raises InvalidParameter: an unknown preset, state, relation or path, a bad date.
    :raises NotFound: an unknown state or treaty in the view parameters.
    """
    chosen = preset(query["preset"]) if "preset" in query else None if query else LANDING
    params = {**dict(chosen.params if chosen else ()), **query}
    if chosen:
        params["preset"] = chosen.id
    coverage = params.get("beyond_coverage", "include")
    if coverage not in set(BeyondCoverage):
        raise InvalidParameter(
            f"beyond_coverage={coverage!r} is not valid; use include or exclude",
            parameter="beyond_coverage",
        )
    scope = Scope.parse(
        params.get("types"),
        parse_as_of(params.get("as_of")),
        params.get("status"),
        BeyondCoverage(coverage),
    )
    view = parse_view(
        store,
        scope,
        params.get("focus"),
        _int(params, "hops", 1),
        params.get("expand"),
        params.get("treaty"),
    )
    kind = chosen.kind if chosen else PresetKind.network
    if "before" in params and kind is PresetKind.network:
        kind = PresetKind.compare
    extra = {"beyond_coverage": "exclude"} if view.beyond_coverage is BeyondCoverage.exclude else {}
    if kind is PresetKind.path:
        parse_path(params.get("path", ""))
        resolve_state(store, params.get("from", ""), "from")
        wanted = {k: params[k] for k in ("from", "path", "as_of") if params.get(k)}
        src = f"{PATH_PATH}?{urlencode({**wanted, **extra})}"
    elif kind is PresetKind.compare:
        before = parse_before(params.get("before", ""))
        if before > view.as_of:
            raise InvalidParameter(
                f"before={params['before']!r} is later than the view's date", parameter="before"
            )
        src = f"{COMPARE_PATH}?{urlencode({**view.params(), 'before': params['before']})}"
    else:
        query_text = urlencode(view.params())
        src = f"{NETWORK_PATH}?{query_text}" if query_text else NETWORK_PATH
    return Opened(chosen, kind, view, params, src)


def explore_page(opened: Opened, today: dt.date | None = None) -> str:
    """The HTML of /explore opened on ``opened``."""
    today = today or dt.date.today()
    view = opened.view
    relations = [
        {
            "name": name,
            "label": RELATION_STYLES[name].label,
            "description": rel.description,
            "checked": name in view.types,
            "style": RELATION_STYLES[name],
        }
        for name, rel in RELATIONS.items()
    ]
    return render(
        "explore.html",
        title=opened.preset.question if opened.preset else "Explore",
        relations=relations,
        default_types=",".join(DEFAULT_TYPES),
        first_year=FIRST_YEAR,
        this_year=today.year,
        max_hops=MAX_HOPS,
        colour_by=COLOUR_BY,
        size_by=SIZE_BY,
        network_src=opened.frame_src,
        presets=list(PRESETS.values()),
        current=opened.preset,
        kind=opened.kind.value,
        page_data={
            "preset": opened.preset.id if opened.preset else "",
            "kind": opened.kind.value,
            "params": opened.params,
        },
    )
