"""One shared projection: what it holds, and that it is cached until the data changes."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from pyoxigraph import NamedNode, RdfFormat

from app import rules
from app.analytics.projection import ProjectionCache, layer, project, state_node
from app.errors import InvalidParameter, NotFound
from app.store import Store
from tests.analytics.conftest import AG, ST

DAY = dt.date(2019, 12, 31)
INTEL = ["shares_intelligence_with"]


def test_nodes_are_states_and_edges_carry_relations_and_agreements(mini: Store) -> None:
    graph = project(mini, None, DAY, cache=ProjectionCache())
    assert graph.nodes[ST + "KOR"] == {"code": "KOR", "label": "South Korea"}
    assert graph.degree(ST + "PRK") == 0  # a known state without ties is still a node
    edge = graph.edges[ST + "KOR", ST + "RUS"]
    assert edge["relations"] == ["cooperates_militarily_with", "shares_intelligence_with"]
    assert edge["agreements"] == [AG + "mini-kor-rus"]
    assert edge["by_relation"]["shares_intelligence_with"] == [AG + "mini-kor-rus"]
    assert edge["weight"] == 1
    assert graph.graph["as_of"] == "2019-12-31" and graph.graph["statuses"] == ["in_force"]
    alliances = layer(graph, "has_alliance_with")
    assert [sorted(e) for e in alliances.edges()] == [[ST + "CHN", ST + "RUS"]]


def test_projected_graph_is_frozen(mini: Store) -> None:
    graph = project(mini, INTEL, DAY, cache=ProjectionCache())
    with pytest.raises(nx.NetworkXError):
        graph.add_edge("x", "y")


def test_repeated_calls_come_from_the_cache_until_the_data_changes(mini: Store) -> None:
    cache = ProjectionCache()
    first = project(mini, INTEL, DAY, cache=cache)
    again = project(mini, INTEL, DAY, cache=cache)
    assert again is first
    assert (cache.info().hits, cache.info().misses) == (1, 1)
    project(mini, INTEL, dt.date(2012, 12, 31), cache=cache)
    assert cache.info().misses == 2

    extra = b"""
        @prefix pg: <https://w3id.org/pactgraph/ontology#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix st: <https://w3id.org/pactgraph/id/state/> .
        <https://w3id.org/pactgraph/id/agreement/test-kor-aus> a pg:Agreement ;
          pg:party st:KOR, st:AUS ; pg:agreementType pg:GSOMIA ; pg:signed "2009-01-01"^^xsd:date .
    """
    mini.replace_graph(
        NamedNode("https://w3id.org/pactgraph/id/graph/test/extra"), extra, RdfFormat.TURTLE
    )
    rules.refresh(mini)
    mini.bump_data_version()
    changed = project(mini, INTEL, DAY, cache=cache)
    assert changed is not first and cache.info().misses == 3
    assert changed.has_edge(ST + "KOR", ST + "AUS") and not first.has_edge(ST + "KOR", ST + "AUS")


def test_cache_is_bounded_and_least_recently_used_goes_first() -> None:
    cache = ProjectionCache(maxsize=2)
    a = cache.get_or_build("a", nx.Graph)
    cache.get_or_build("b", nx.Graph)
    assert cache.get_or_build("a", nx.Graph) is a
    cache.get_or_build("c", nx.Graph)  # evicts b, the least recently used
    assert cache.get_or_build("a", nx.Graph) is a
    assert cache.info().size == 2 and cache.info().misses == 3
    cache.get_or_build("b", nx.Graph)
    assert cache.info().misses == 4


def test_unknown_relation_and_state_are_reported(mini: Store) -> None:
    with pytest.raises(InvalidParameter, match="valid relations"):
        project(mini, ["friends_with"], DAY)
    graph = project(mini, INTEL, DAY)
    with pytest.raises(NotFound):
        state_node(graph, "ZZZ")
