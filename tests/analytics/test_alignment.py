"""S-score and Jaccard against hand-computed values, and on the mini graph."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from app.analytics.alignment import alignment, jaccard, most_similar, s_score, similar_in
from app.errors import InvalidParameter
from app.store import Store
from tests.analytics.conftest import ST, two_cliques_and_a_bridge


def test_s_score_matches_the_formula_by_hand() -> None:
    graph = two_cliques_and_a_bridge()
    # a: {a,b,c,d}; x: {w,x,y,z}; disjoint, so d = 8 of N = 8 and S = 1 - 2 = -1.
    assert s_score([graph], "a", "x") == -1.0
    # a: {a,b,c,d}; d: {a,b,c,d,w}; d = 1, S = 1 - 2/8 = 0.75.
    assert s_score([graph], "a", "d") == 0.75
    assert s_score([graph], "a", "b") == 1.0


def test_s_score_over_several_layers_counts_state_relation_pairs() -> None:
    same = nx.path_graph(["a", "b", "c"])
    other = nx.empty_graph(["a", "b", "c"])
    # Layer 1: d(a,c) = 2; layer 2: portfolios {a} vs {c}, d = 2; S = 1 - 2 * 4 / 6.
    assert s_score([same, other], "a", "c") == pytest.approx(-1 / 3, abs=1e-6)


def test_jaccard_over_partners() -> None:
    graph = two_cliques_and_a_bridge()
    assert jaccard([graph], "a", "b") == pytest.approx(2 / 4)  # {b,c,d} vs {a,c,d}
    assert jaccard([graph], "a", "x") == 0.0


def test_most_similar_states_in_a_hand_made_graph() -> None:
    graph = two_cliques_and_a_bridge()
    top = similar_in(graph, "a", "s_score", limit=3)
    assert [s.code for s in top] == ["B", "C", "D"]
    with pytest.raises(InvalidParameter, match="s_score, jaccard"):
        similar_in(graph, "a", "cosine")


def test_korea_and_japan_share_the_united_states_in_intelligence(mini: Store) -> None:
    found = alignment(mini, "KOR", "JPN", ["shares_intelligence_with"], dt.date(2019, 12, 31))
    [intel] = found.layers
    assert intel.shared_partners == [ST + "USA"]
    assert intel.only_first == [ST + "RUS"] and intel.only_second == []
    # N = 6 states (North Korea has no tie); KOR {KOR,JPN,RUS,USA}, JPN {JPN,KOR,USA}:
    # d = 1, S = 1 - 2/6.
    assert intel.s_score == 0.666667 and found.s_score == 0.666667
    assert intel.jaccard == pytest.approx(1 / 4)  # {JPN,RUS,USA} vs {KOR,USA}
    similar = most_similar(mini, "JPN", ["shares_intelligence_with"], dt.date(2019, 12, 31))
    # The United States' portfolio {USA, JPN, KOR} is Japan's exactly: S = 1.
    assert [(s.code, s.score) for s in similar[:2]] == [("USA", 1.0), ("KOR", 0.666667)]
