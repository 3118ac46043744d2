"""A view's graph as GraphML, through the one GraphML writer
(:func:`app.analytics.export.to_graphml`)."""

from __future__ import annotations

import networkx as nx

from app.analytics.export import to_graphml

__all__ = ["network_graphml"]


def network_graphml(graph: nx.MultiGraph) -> bytes:
    """GraphML of the view: node label/code/region/degree; per edge its relation (the key),
    agreements and ``observed_until`` (left out when the tie holds without a horizon)."""
    out = nx.MultiGraph()
    for node, data in graph.nodes(data=True):
        out.add_node(node, **{k: data[k] for k in ("label", "code", "region", "degree")})
    for a, b, rel, data in graph.edges(keys=True, data=True):
        out.add_edge(
            a,
            b,
            rel,
            relation=rel,
            agreements=data["agreements"],
            observed_until=data.get("observed_until"),
        )
    return to_graphml(out)
