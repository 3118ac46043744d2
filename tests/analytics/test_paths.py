"""Shortest chains, explained by their agreements and sources, and ego networks."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from app.analytics.paths import connection, ego_network, ego_subgraph, shortest_chains
from app.errors import InvalidParameter, NotFound
from app.store import Store
from tests.analytics.conftest import AG, ST, two_cliques_and_a_bridge


def test_every_shortest_chain_is_listed_in_a_stable_order() -> None:
    graph = two_cliques_and_a_bridge()
    assert shortest_chains(graph, "a", "x") == [["a", "d", "w", "x"]]
    square = nx.cycle_graph(["a", "b", "c", "d"])
    assert shortest_chains(square, "a", "c") == [["a", "b", "c"], ["a", "d", "c"]]
    assert shortest_chains(square, "a", "c", limit=1) == [["a", "b", "c"]]


def test_limit_must_be_positive() -> None:
    with pytest.raises(InvalidParameter):
        shortest_chains(nx.path_graph(2), 0, 1, limit=0)


def test_china_reaches_japan_through_russia_and_korea_with_sources(mini: Store) -> None:
    found = connection(mini, "CHN", "JPN", as_of=dt.date(2019, 12, 31))
    assert found.hops == 3
    [chain] = found.chains
    assert chain.states == [ST + "CHN", ST + "RUS", ST + "KOR", ST + "JPN"]
    china_russia, russia_korea, korea_japan = chain.links
    assert "has_alliance_with" in china_russia.relations
    assert [a.iri for a in russia_korea.agreements] == [AG + "mini-kor-rus"]
    assert russia_korea.agreements[0].sources[0].quote == "sealed a GSOMIA with Russia in 2001"
    # The trilateral arrangement runs through the United States: no direct Korea-Japan tie.
    assert [a.iri for a in korea_japan.agreements] == [AG + "mini-kor-jpn"]


def test_unconnected_states_have_no_chain(mini: Store) -> None:
    found = connection(mini, "CHN", "JPN", ["shares_intelligence_with"], dt.date(2019, 12, 31))
    assert found.hops is None and found.chains == []


def test_states_are_found_by_name_and_unknown_names_get_suggestions(mini: Store) -> None:
    by_name = connection(mini, "Russia", "Japan", as_of=dt.date(2019, 12, 31))
    assert by_name.source == ST + "RUS" and by_name.hops == 2
    with pytest.raises(NotFound, match="Closest matches") as error:
        connection(mini, "Japn", "Russia")
    assert error.value.extensions["parameter"] == "from"


def test_ego_network_to_k_hops(mini: Store) -> None:
    assert sorted(ego_subgraph(nx.path_graph(6), 0, k=3)) == [0, 1, 2, 3]
    data = ego_network(mini, "RUS", 1, as_of=dt.date(2019, 12, 31))
    hops = {n["id"].removeprefix(ST): n["hops"] for n in data["nodes"]}
    assert hops == {"RUS": 0, "CHN": 1, "KOR": 1}
    wider = ego_network(mini, "RUS", 2, as_of=dt.date(2019, 12, 31))
    assert {n["id"].removeprefix(ST) for n in wider["nodes"]} == {"RUS", "CHN", "KOR", "JPN", "USA"}
