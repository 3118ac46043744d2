"""The /explore page: controls, the network document in an iframe, and the side panel.

The page is a shell rendered once; ``static/explore.js`` keeps the URL, the controls and the
iframe in step and fills the panel from the JSON endpoints. Its initial iframe address is the
view the URL asked for, so a shared link opens on the same picture.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from app.ontology import RELATIONS
from app.views.network import DEFAULT_TYPES, MAX_HOPS, View
from app.views.styles import RELATION_STYLES
from app.views.templating import render

__all__ = ["FIRST_YEAR", "NETWORK_PATH", "explore_page", "network_title"]

#: Where the standalone network document is served.
NETWORK_PATH = "/api/v1/views/network"
#: First year of the date slider.
FIRST_YEAR = 1950


def network_title(view: View, labels: list[str]) -> str:
    """A readable title of a view: its focus and its date."""
    focus = ", ".join(labels) if labels else "all states"
    return f"pactgraph network: {focus}, as of {view.as_of.isoformat()}"


def explore_page(view: View, today: dt.date | None = None) -> str:
    """The HTML of /explore opened on ``view``."""
    today = today or dt.date.today()
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
    query = urlencode(view.params())
    return render(
        "explore.html",
        title="Explore",
        relations=relations,
        default_types=",".join(DEFAULT_TYPES),
        first_year=FIRST_YEAR,
        this_year=today.year,
        max_hops=MAX_HOPS,
        network_src=f"{NETWORK_PATH}?{query}" if query else NETWORK_PATH,
    )
