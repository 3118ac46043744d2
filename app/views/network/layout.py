"""Where a view's states are drawn.

Large views get their layout server-side (networkx spring layout, physics off) so the browser
draws at once; small views settle with physics in the browser, then physics stops.
"""

from __future__ import annotations

import datetime as dt
import math

import networkx as nx

from app.analytics.projection import cached, project
from app.ontology import Status
from app.store import Store
from app.store.versioned import VersionedCache, store_token

__all__ = ["LAYOUT_THRESHOLD", "Positions", "layout", "spring_positions"]

#: Above this many nodes the layout is computed here and physics starts switched off.
LAYOUT_THRESHOLD = 40

Positions = dict[str, tuple[float, float]]


def spring_positions(graph: nx.Graph, fixed: Positions | None = None) -> Positions:
    """A seeded spring layout in vis-network pixels (same graph, same picture).

    ``fixed`` nodes keep their given positions; the others are placed around them.
    """
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from(graph.edges())
    scale = 120 * math.sqrt(max(simple.number_of_nodes(), 1))
    keep = [n for n in (fixed or {}) if n in simple]
    found = nx.spring_layout(
        simple,
        pos={n: fixed[n] for n in keep} if fixed and keep else None,
        fixed=keep or None,
        seed=7,
        iterations=50,
        scale=None if keep else scale,
    )
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in found.items()}


#: The last global layout per store object, carried to the next data version (a write moves
#: no state that stays; only new states are placed, around the others).
_LAST: VersionedCache[Positions] = VersionedCache(maxsize=16)


def _global_layout(store: Store) -> Positions:
    """Positions of every state ever related to another, per data version.

    Every large view takes its positions from here, so a state stays in place while the
    date, relation types or statuses change, and across writes: the layout of the previous
    data version is kept for the states it placed. They are computed once per data version and
    kept in the projection cache (as node attributes ``x``, ``y`` of a graph).
    """
    token = store_token(store)

    def build() -> nx.Graph:
        everything = project(store, ["cooperates_militarily_with"], dt.date.today(), [Status.any])
        related = nx.Graph(everything.edges())
        previous = _LAST.peek(token) or {}
        if previous and all(n in previous for n in related):
            positions = {n: previous[n] for n in related}
        else:
            known = {n: previous[n] for n in related if n in previous}
            positions = spring_positions(related, known or None)
        _LAST.put(token, positions)
        placed = nx.Graph()
        for node, (x, y) in positions.items():
            placed.add_node(node, x=x, y=y)
        return placed

    graph = cached(store, ("layout",), build)
    return {n: (d["x"], d["y"]) for n, d in graph.nodes(data=True)}


def layout(store: Store, graph: nx.MultiGraph) -> Positions | None:
    """Server-side positions for a large view; None for a small one (browser physics)."""
    if graph.number_of_nodes() <= LAYOUT_THRESHOLD:
        return None
    known = _global_layout(store)
    if all(n in known for n in graph.nodes):
        return {n: known[n] for n in graph.nodes}
    return spring_positions(graph, {n: known[n] for n in graph.nodes if n in known})
