"""Centrality on graphs with known answers, and the hubs of the mini graph."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from app.analytics.measures import centrality, hubs, rank
from app.errors import InvalidParameter
from app.store import Store
from tests.analytics.conftest import ST, two_cliques_and_a_bridge


def test_star_centre_has_every_tie_and_every_path() -> None:
    star = nx.star_graph(4)
    degree, _ = centrality(star, "degree")
    between, _ = centrality(star, "betweenness")
    assert degree == {0: 1.0, 1: 0.25, 2: 0.25, 3: 0.25, 4: 0.25}
    assert between == {0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0, 4: 0.0}
    eigen, note = centrality(star, "eigenvector")
    assert note is None
    assert eigen[0] == pytest.approx(2**-0.5, abs=1e-5)  # centre: 1/sqrt(2) of the unit vector
    assert eigen[1] == pytest.approx(8**-0.5, abs=1e-5)


def test_path_middle_lies_between_the_ends() -> None:
    between, _ = centrality(nx.path_graph(5), "betweenness")
    assert between == {0: 0.0, 1: 0.5, 2: 0.666667, 3: 0.5, 4: 0.0}


def test_bridge_ends_have_the_highest_betweenness() -> None:
    ranking = rank(two_cliques_and_a_bridge(), "betweenness", limit=2)
    assert [s.code for s in ranking.scores] == ["D", "W"]
    assert ranking.scores[0].score == pytest.approx(
        12 / 21, abs=1e-6
    )  # {a,b,c} x {w,x,y,z} of 21 pairs
    assert ranking.scores[0].partners == 4


def test_eigenvector_on_a_disconnected_graph_favours_the_dominant_component() -> None:
    graph = nx.disjoint_union(nx.complete_graph(4), nx.path_graph(2))
    graph.add_node("isolated")
    scores, note = centrality(graph, "eigenvector")
    assert note is None
    assert scores["isolated"] == 0.0 and scores[4] < 1e-3
    assert scores[0] == pytest.approx(0.5, abs=1e-5)


def test_eigenvector_falls_back_per_component_when_iteration_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = nx.eigenvector_centrality
    graph = nx.disjoint_union(nx.star_graph(2), nx.path_graph(2))

    def fail_on_whole_graph(g: nx.Graph, **kw: object) -> dict[int, float]:
        if g.number_of_nodes() == graph.number_of_nodes():
            raise nx.PowerIterationFailedConvergence(1)
        return real(g, **kw)  # type: ignore[no-any-return]

    monkeypatch.setattr(nx, "eigenvector_centrality", fail_on_whole_graph)
    scores, note = centrality(graph, "eigenvector")
    assert note is not None and "within each connected component" in note
    assert scores[3] == pytest.approx(2**-0.5, abs=1e-5)


def test_unknown_measure_lists_the_valid_ones() -> None:
    with pytest.raises(InvalidParameter, match="degree, betweenness, eigenvector"):
        centrality(nx.path_graph(2), "pagerank")


def test_korea_is_the_hub_of_intelligence_sharing_in_2019(mini: Store) -> None:
    ranking = hubs(mini, ["shares_intelligence_with"], dt.date(2019, 12, 31), limit=3)
    assert ranking.scores[0].state == ST + "KOR"
    assert ranking.scores[0].partners == 3  # Russia, Japan, and the United States (intermediary)
    assert ranking.relations == ["shares_intelligence_with"] and ranking.as_of == "2019-12-31"
