"""Analytics overlays of the network view: colour states by bloc, size them by centrality.

Each overlay is a :data:`app.views.network.NodeOverlay` built from
:func:`app.analytics.overlay.overlay`, i.e. from the cached projection of the view's relation
types, date and statuses over *all* states, so a state's bloc and score do not change when the
view zooms in on a focus. The tooltip says which bloc and score a state has.
"""

from __future__ import annotations

import networkx as nx

from app.analytics._common import one_of
from app.analytics.measures import MEASURES
from app.analytics.overlay import Overlay, overlay
from app.store import Store
from app.views.network import NodeOverlay, View

__all__ = ["COLOUR_BY", "SIZE_BY", "analytics_overlay", "view_overlays"]

#: ``colour_by`` values with the explorer's labels: region colours (default), or Louvain blocs.
COLOUR_BY: dict[str, str] = {"region": "by region", "community": "by bloc (Louvain)"}
#: ``size_by`` values with the explorer's labels: partners in the view (default), or any
#: centrality measure analytics computes (a new measure appears in the explorer by itself).
SIZE_BY: dict[str, str] = {
    "partners": "by partners in view",
    **{measure: f"by {measure} centrality" for measure in MEASURES},
}
#: Colours of the first blocs (largest first); further blocs and unaffiliated states: grey.
BLOC_COLOURS = (
    "#1F77B4", "#D62728", "#2CA02C", "#9467BD", "#FF7F0E",
    "#8C564B", "#E377C2", "#17BECF", "#BCBD22", "#393B79",
)  # fmt: skip
OTHER_COLOUR = "#B0B0B0"
_SMALLEST, _LARGEST = 8.0, 48.0


def analytics_overlay(
    store: Store, view: View, measure: str = "degree", limit: int = 10
) -> Overlay:
    """Bloc and ``measure`` score of every state in the projection the view draws from."""
    return overlay(store, measure, list(view.types), view.as_of, view.statuses, limit)


def view_overlays(
    store: Store, view: View, colour_by: str = "region", size_by: str = "partners"
) -> list[NodeOverlay]:
    """The node overlays the two view options ask for (none for the defaults).

    :raises InvalidParameter: an unknown ``colour_by`` or ``size_by``.
    """
    one_of(colour_by, tuple(COLOUR_BY), "colour_by", "colouring")
    one_of(size_by, tuple(SIZE_BY), "size_by", "sizing")
    found: list[NodeOverlay] = []
    if colour_by == "community":
        blocs = analytics_overlay(store, view).community
        found.append(lambda graph: _colour_by_bloc(graph, blocs))
    if size_by != "partners":
        scores = analytics_overlay(store, view, size_by).score
        found.append(lambda graph: _size_by_score(graph, scores, size_by))
    return found


def _colour_by_bloc(graph: nx.MultiGraph, blocs: dict[str, int | None]) -> None:
    for node, data in graph.nodes(data=True):
        bloc = blocs.get(node)
        data["colour"] = BLOC_COLOURS[bloc] if bloc is not None and bloc < 10 else OTHER_COLOUR
        data["group"] = "none" if bloc is None else bloc
        data.setdefault("notes", []).append(
            "no bloc (no ties)" if bloc is None else f"bloc {bloc + 1}"
        )


def _size_by_score(graph: nx.MultiGraph, scores: dict[str, float], measure: str) -> None:
    top = max(scores.values(), default=0.0) or 1.0
    for node, data in graph.nodes(data=True):
        score = scores.get(node, 0.0)
        data["size"] = round(_SMALLEST + (_LARGEST - _SMALLEST) * score / top, 1)
        data.setdefault("notes", []).append(f"{measure} centrality {score:.3f}")
