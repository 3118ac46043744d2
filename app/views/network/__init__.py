"""The network view: a networkx graph of states cut from the one cached projection, rendered
by pyvis with our own template, or exported as vis JSON and GraphML.

A view is a :class:`View` (focus states, relation types, date, hop depth, statuses, expanded
states, a treaty's members), read from request parameters by :func:`parse_view`
(:mod:`.view`). :func:`network_graph` cuts it from the projection (:mod:`.graph`),
:func:`layout` places large views server-side (:mod:`.layout`), :func:`vis_data` styles it
(:mod:`.styling`), :func:`network_html` renders the standalone document (:mod:`.render`) and
:func:`network_graphml` exports it (:mod:`.graphml`).
"""

from app.views.network.graph import describe_nodes, network_graph
from app.views.network.graphml import network_graphml
from app.views.network.layout import LAYOUT_THRESHOLD, Positions, layout, spring_positions
from app.views.network.render import network_html
from app.views.network.styling import FADE_EDGES, NodeOverlay, vis_data, vis_options
from app.views.network.view import DEFAULT_TYPES, MAX_HOPS, View, parse_view

__all__ = [
    "DEFAULT_TYPES",
    "FADE_EDGES",
    "LAYOUT_THRESHOLD",
    "MAX_HOPS",
    "NodeOverlay",
    "Positions",
    "View",
    "describe_nodes",
    "layout",
    "network_graph",
    "network_graphml",
    "network_html",
    "parse_view",
    "spring_positions",
    "vis_data",
    "vis_options",
]
