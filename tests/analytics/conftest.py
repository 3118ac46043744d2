"""Hand-made graphs with known answers; the mini graph fixture (tests/fixtures/mini.ttl)."""

from __future__ import annotations

import networkx as nx

from tests.queries.conftest import mini  # noqa: F401 - re-exported fixture

ST = "https://w3id.org/pactgraph/id/state/"
AG = "https://w3id.org/pactgraph/id/agreement/"


def two_cliques_and_a_bridge() -> nx.Graph:
    """Two 4-cliques (a-d allied, w-z strategic partners) joined by d-w (logistics)."""
    graph = nx.Graph(relations=["allied_with", "strategic_partner_of", "logistics_partner_of"])
    for group, rel in (("abcd", "allied_with"), ("wxyz", "strategic_partner_of")):
        for i, u in enumerate(group):
            for v in group[i + 1 :]:
                graph.add_edge(u, v, relations=[rel])
    graph.add_edge("d", "w", relations=["logistics_partner_of"])
    for node in graph:
        graph.nodes[node].update(code=node.upper(), label=node.upper())
    return graph
