"""Blocs and brokers on graphs with known answers and on the mini graph."""

from __future__ import annotations

import datetime as dt
import math

import networkx as nx
import pytest

from app.analytics.communities import brokers, burt_constraint, communities, effective_size
from app.analytics.projection import project
from app.store import Store
from tests.analytics.conftest import ST, two_cliques_and_a_bridge


def test_two_cliques_joined_by_a_bridge_are_two_blocs_held_by_their_own_relation() -> None:
    found = communities(two_cliques_and_a_bridge())
    assert [c.members for c in found] == [list("abcd"), list("wxyz")]
    assert [c.held_together_by for c in found] == [
        {"allied_with": 6},
        {"strategic_partner_of": 6},
    ]
    assert [c.internal_ties for c in found] == [6, 6]


def test_communities_are_stable_for_unchanged_data() -> None:
    graph = nx.connected_caveman_graph(6, 5)
    assert communities(graph) == communities(graph)


def test_bridge_ends_are_the_brokers_with_structural_holes() -> None:
    graph = two_cliques_and_a_bridge()
    found = brokers(graph)
    assert [(b.code, b.community, b.bridges_to) for b in found] == [("D", 0, [1]), ("W", 1, [0])]
    # d has 4 partners; 3 of them are tied to each other, so its effective size is
    # 4 - (2 * 3 ties among them) / 4 = 2.5, and its constraint is below a clique member's.
    assert found[0].effective_size == 2.5
    assert found[0].constraint < nx.constraint(graph, ["a"])["a"]


def test_isolated_states_form_no_bloc_and_a_tieless_graph_has_no_brokers() -> None:
    graph = nx.Graph()
    graph.add_nodes_from("pq")
    assert communities(graph) == [] and brokers(graph) == []


def test_parent_relation_counts_only_for_ties_without_a_specific_type() -> None:
    graph = nx.Graph()
    graph.add_edge("a", "b", relations=["allied_with", "cooperates_militarily_with"])
    graph.add_edge("b", "c", relations=["cooperates_militarily_with"])
    [bloc] = communities(graph)
    assert bloc.held_together_by == {"allied_with": 1, "cooperates_militarily_with": 1}


def test_mini_graph_blocs_in_2019(mini: Store) -> None:
    graph = project(mini, None, dt.date(2019, 12, 31))
    found = communities(graph)
    members = {m for c in found for m in c.members}
    assert members == {ST + c for c in ("CHN", "JPN", "KOR", "RUS", "USA")}
    assert all(c.held_together_by for c in found)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_structural_hole_measures_agree_with_networkx(seed: int) -> None:
    graph = nx.gnp_random_graph(30, 0.2, seed=seed)
    graph.add_node("isolated")
    expected_constraint = nx.constraint(graph)
    expected_size = nx.effective_size(graph)
    for node in graph:
        if node == "isolated":
            assert math.isnan(burt_constraint(graph, node))
            assert math.isnan(effective_size(graph, node))
            continue
        assert burt_constraint(graph, node) == pytest.approx(expected_constraint[node])
        assert effective_size(graph, node) == pytest.approx(expected_size[node])
