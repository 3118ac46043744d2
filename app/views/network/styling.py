"""vis-network styling of a view's graph: node size by degree, colour by region, colour and
dash per relation, arrows on directed relations, and the options the browser draws with.

Overlays (communities, centrality…) are functions that set node attributes of the graph
before styling (see :data:`NodeOverlay`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import networkx as nx

from app.views.network.layout import Positions
from app.views.regions import REGION_COLOURS
from app.views.styles import CHANGE_STYLES, RELATION_STYLES

__all__ = ["FADE_EDGES", "NodeOverlay", "vis_data", "vis_options"]

#: A function adding attributes to the graph's nodes before styling. Styling reads ``colour``
#: (overrides the region colour), ``size`` (overrides the size by degree), ``group`` and
#: ``notes`` (lines appended to the tooltip).
NodeOverlay = Callable[[nx.MultiGraph], None]

#: Above this many edges every edge is drawn faded (hovering a state brings its ties back),
#: so thousands of lines read as density instead of a blot.
FADE_EDGES = 800
_FADED_OPACITY = 0.3
#: Label sizes: the best connected state of a view gets the largest. The browser hides a label
#: drawn smaller than ``drawThreshold`` pixels (:func:`vis_options`), so zoomed out only the
#: hubs are named and zooming in names the rest, instead of every label overlapping the others.
_FONT_MIN, _FONT_MAX, _FONT_FOCUS = 12, 40, 18


def _size(degree: int) -> float:
    # Grows slower than the label: a hub of 150 partners stays a dot, not a blot.
    return round(8 + 3.5 * math.sqrt(degree), 1)


def _font_size(degree: int, most: int, focus: bool) -> int:
    # A small view keeps modest labels: the range grows with the best connected state.
    top = min(_FONT_MAX, _FONT_MIN + most)
    size = _FONT_MIN + (top - _FONT_MIN) * math.sqrt(degree / most) if most else _FONT_MIN
    return round(max(size, _FONT_FOCUS) if focus else size)


def _tooltip(data: dict[str, Any]) -> str:
    # Plain text: vis-network 9 shows string titles with innerText, so nothing is parsed.
    partners = data["degree"]
    lines = [
        f"{data['label']} ({data['code']})",
        f"{data['region']} · {partners} partner{'s' if partners != 1 else ''} in this view",
        *data.get("notes", ()),
    ]
    return "\n".join(lines)


def vis_data(
    graph: nx.MultiGraph,
    overlays: Sequence[NodeOverlay] = (),
    positions: Positions | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Styled vis-network nodes and edges of ``graph``, after running ``overlays`` on it.

    Edges may carry ``obligation_kinds`` (a path's hops: written on the edge) and ``change``
    (compare mode: coloured added, removed or unchanged instead of by relation).

    With ``positions`` (see :func:`layout`) nodes are placed and edges drawn straight, so
    the browser draws at once; without, the browser's physics lays the graph out.
    """
    for overlay in overlays:
        overlay(graph)
    positions = positions or {}
    most = max((d["degree"] for _, d in graph.nodes(data=True)), default=0)
    faded = graph.number_of_edges() > FADE_EDGES
    nodes = []
    for node, data in sorted(graph.nodes(data=True)):
        colour = data.get("colour") or REGION_COLOURS[data["region"]]
        item: dict[str, Any] = {
            "id": node,
            "label": data["label"],
            "title": _tooltip(data),
            "code": data["code"],
            "region": data["region"],
            "degree": data["degree"],
            "size": data.get("size") or _size(data["degree"]),
            "color": {
                "background": colour,
                "border": "#222222" if data["focus"] else colour,
                "highlight": {"background": colour, "border": "#000000"},
                "hover": {"background": colour, "border": "#000000"},
            },
            "borderWidth": 4 if data["focus"] else 1,
            "font": {"size": _font_size(data["degree"], most, data["focus"])},
        }
        if "group" in data:
            item["group"] = str(data["group"])
        if node in positions:
            item["x"], item["y"] = positions[node]
        nodes.append(item)
    links = []
    for u, v, rel, data in graph.edges(keys=True, data=True):
        a, b = sorted((u, v))
        style = RELATION_STYLES[rel]
        count = len(data["agreements"])
        horizon = data.get("observed_until")
        past = f"\nin force at last observation (dataset ends {horizon})" if horizon else ""
        kinds = data.get("obligation_kinds", ())
        change = data.get("change")
        colour = CHANGE_STYLES[change].colour if change else style.colour
        link: dict[str, Any] = {
            **_curve(sorted(graph[u][v]).index(rel)),
            "id": f"{rel}|{a}|{b}",
            "from": a,
            "to": b,
            "relation": rel,
            "agreements": list(data["agreements"]),
            "title": (
                f"{graph.nodes[a]['label']} — {graph.nodes[b]['label']}\n"
                f"{style.label}: {count} agreement{'s' if count != 1 else ''}"
                + (f" ({', '.join(kinds)} obligation)" if kinds else "")
                + (f"\n{CHANGE_STYLES[change].label}" if change else "")
                + past
            ),
            "observed_until": horizon,
            "color": {"color": colour, "opacity": _FADED_OPACITY} if faded else colour,
            # Symmetric relations get no arrow (pyvis adds one unless told otherwise);
            # a directed one points from the state that pledged to the one it protects.
            "arrows": _arrows(a, b, data.get("directions", frozenset())),
            "dashes": list(style.dashes) if isinstance(style.dashes, tuple) else False,
            "width": round(1.5 + math.log2(count), 2),
        }
        if kinds:
            # The obligation a hop carries, written on it: "defense", "consultation".
            link["label"] = ", ".join(kinds)
            link["obligation_kinds"] = list(kinds)
        if change:
            link["change"] = change
        links.append(link)
    links.sort(key=lambda link: str(link["id"]))
    return nodes, links


def _arrows(a: str, b: str, directions: frozenset[tuple[str, str]]) -> str:
    """vis-network ``arrows`` for an edge drawn from ``a`` to ``b``."""
    ends = [end for end, pair in (("to", (a, b)), ("from", (b, a))) if pair in directions]
    return ";".join(ends)


def _curve(index: int) -> dict[str, Any]:
    """Curvature of the ``index``-th relation between one pair, so parallel edges fan out.

    The first keeps the view's default (``vis_options``): straight on large views, which is
    much cheaper for the browser to draw.
    """
    if index == 0:
        return {}
    side = "curvedCW" if index % 2 else "curvedCCW"
    return {"smooth": {"enabled": True, "type": side, "roundness": 0.25 * ((index + 1) // 2)}}


def vis_options(physics: bool) -> dict[str, Any]:
    """vis-network options: arrows per edge (directed relations only), physics as decided."""
    return {
        "edges": {
            "smooth": {"enabled": physics, "type": "continuous"},
            "selectionWidth": 2,
        },
        "nodes": {
            "shape": "dot",
            "font": {"face": "sans-serif"},
            "scaling": {"label": {"drawThreshold": 12, "maxVisible": 26}},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "stabilization": {"enabled": True, "iterations": 250, "fit": True},
        },
    }
