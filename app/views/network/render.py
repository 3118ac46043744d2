"""The standalone network document: pyvis with our template and local assets."""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
from pyvis.network import Network

from app.views.network.layout import Positions
from app.views.network.styling import NodeOverlay, vis_data, vis_options
from app.views.templating import TEMPLATES

__all__ = ["network_html"]


def network_html(
    graph: nx.MultiGraph,
    title: str,
    overlays: Sequence[NodeOverlay] = (),
    positions: Positions | None = None,
) -> str:
    """The standalone network document of ``graph`` (pyvis, our template, local assets).

    ``positions`` as for :func:`vis_data`; without them the browser runs physics until the
    graph is stable, then stops it.
    """
    nodes, links = vis_data(graph, overlays, positions)
    physics = not positions
    net = Network(height="100%", width="100%", directed=True, heading=title)
    # Our environment (autoescaping, our template dir) instead of pyvis's CDN-linking template.
    net.templateEnv = TEMPLATES
    net.path = "network.html"
    for node in nodes:
        attrs = {k: v for k, v in node.items() if k not in ("id", "label")}
        net.add_node(node["id"], label=node["label"], **attrs)
    for link in links:
        attrs = {k: v for k, v in link.items() if k not in ("from", "to")}
        net.add_edge(link["from"], link["to"], **attrs)
    net.options = vis_options(physics)
    html: str = net.generate_html()
    return html
