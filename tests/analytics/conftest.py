"""The miniature graph, with its data version bumped as every writer does after a change."""

from __future__ import annotations

import networkx as nx
import pytest

from app.store import Store
from tests.queries.conftest import mini  # noqa: F401 - re-exported fixture

ST = "https://w3id.org/pactgraph/id/state/"
AG = "https://w3id.org/pactgraph/id/agreement/"


@pytest.fixture
def graph_store(mini: Store) -> Store:  # noqa: F811 - the fixture imported above
    """The mini graph in each store kind, ready for projections (data version bumped)."""
    mini.bump_data_version()
    return mini


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
