"""The states and ties a view holds, cut from the one cached projection
(:func:`app.analytics.projection.project`) that the analytics measures use too."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from app.analytics.projection import project
from app.ontology import ID_NS
from app.queries.refs import local_id
from app.queries.states import state_labels
from app.store import Store
from app.views.network.view import View
from app.views.regions import region_of

__all__ = ["describe_nodes", "network_graph"]


def network_graph(store: Store, view: View) -> nx.MultiGraph:
    """The states and relations of ``view``: one edge per related pair and relation (key).

    Without focus: every edge of the chosen relations. With ``within`` (a treaty's members):
    those states and every edge among them. With focus: the states within
    ``hops`` of the focus and every edge among them (an ego graph), plus the direct
    neighbours of each expanded state. Nodes carry ``label``, ``code``, ``region``,
    ``degree`` (distinct neighbours) and ``focus``; edges ``relation``, ``agreements``,
    ``directions`` (the ordered pairs a directed relation holds in: a one-way pledge is drawn
    one way, a mutual one both ways) and ``observed_until`` (the horizon of a tie resting
    only on agreements past it).
    """
    projected = project(
        store, view.types, view.as_of, view.statuses, beyond_coverage=view.beyond_coverage
    )
    if view.within:
        nodes = set(view.within)
    elif view.focus:
        sources = {s for s in view.focus if s in projected}
        nodes = set(view.focus)
        if sources:
            # Hops, not agreements: the projection's ``weight`` must not stretch a distance.
            nodes |= set(
                nx.multi_source_dijkstra_path_length(
                    projected, sources, cutoff=view.hops, weight=lambda u, v, d: 1
                )
            )
    else:
        nodes = {n for n in projected if projected.degree(n)}
    ties = set(projected.subgraph(nodes & set(projected)).edges())
    for state in view.expand:
        if state in projected:
            ties.update(projected.edges(state))
    graph = nx.MultiGraph()
    graph.add_nodes_from(sorted(nodes | set(view.expand)))
    for u, v in sorted(ties):
        data = projected[u][v]
        for rel in data["relations"]:
            graph.add_edge(
                u,
                v,
                rel,
                relation=rel,
                agreements=tuple(data["by_relation"][rel]),
                directions=frozenset(data["directions_by_relation"].get(rel, ())),
                observed_until=data["observed_by_relation"][rel],
            )
    describe_nodes(store, graph, view.focus)
    return graph


def describe_nodes(store: Store, graph: nx.MultiGraph, focus: Iterable[str] = ()) -> None:
    """Set the node attributes styling reads: ``label``, ``code``, ``region``, ``degree``
    (distinct neighbours in ``graph``) and ``focus`` (one of ``focus``)."""
    labels = state_labels(store, list(graph.nodes))
    centre = set(focus)
    for node, data in graph.nodes(data=True):
        code = local_id(node)
        data.update(
            label=labels[node],
            code=code,
            region=region_of(code) if node.startswith(ID_NS + "state/") else "Other",
            degree=len(set(graph.neighbors(node))),
            focus=node in centre,
        )
