"""How alike two states' portfolios of ties are, per relation type.

Two measures:

* **S-score** (Signorino, C. S. and Ritter, J. M. (1999), "Tau-b or Not Tau-b: Measuring
  the Similarity of Foreign Policy Positions", *International Studies Quarterly* 43(1),
  115-144), unweighted, binary ties:

  .. math:: S_{ij} = 1 - 2\\,\\frac{d(i, j)}{d_{max}}, \\qquad
            d(i, j) = \\sum_{k=1}^{N} |x_{ik} - x_{jk}|, \\qquad d_{max} = N

  where ``N`` is the number of states in the projection (every state, tied or not),
  ``x_ik = 1`` when ``i`` and ``k`` are tied by the relation and 0 otherwise, and a state
  counts as tied to itself (``x_ii = 1``), as in alliance-portfolio practice. ``S`` runs from
  -1 (opposite portfolios) to 1 (identical). Over several relation types the dimensions are
  (state, relation) pairs, so ``d_max = N * R``.
* **Jaccard** over partners: ``len(P_i & P_j) / len(P_i | P_j)`` with ``P_i`` the set of
  partners of ``i`` (not counting itself); 0 when neither has a partner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import networkx as nx

from app.analytics._common import one_of, rounded
from app.analytics.projection import find_state, layer, project
from app.ontology import BeyondCoverage, Status
from app.store import Store

__all__ = [
    "METRICS",
    "Alignment",
    "LayerAlignment",
    "Similar",
    "alignment",
    "jaccard",
    "most_similar",
    "s_score",
    "similar_in",
]

Metric = Literal["s_score", "jaccard"]
METRICS: tuple[str, ...] = get_args(Metric)


@dataclass(frozen=True)
class LayerAlignment:
    """Similarity of two states in one relation type."""

    relation: str
    s_score: float
    jaccard: float
    shared_partners: list[str]
    only_first: list[str]
    only_second: list[str]


@dataclass(frozen=True)
class Alignment:
    """Similarity of two states' portfolios, per relation type and over all of them."""

    first: str
    second: str
    as_of: str
    states: int
    s_score: float
    jaccard: float
    layers: list[LayerAlignment]


@dataclass(frozen=True)
class Similar:
    """A state and its similarity to the state asked about."""

    state: str
    code: str
    label: str
    score: float


def _portfolio(graph: nx.Graph, node: str) -> set[str]:
    return {*graph[node], node}


def s_score(graphs: Sequence[nx.Graph], a: str, b: str) -> float:
    """Signorino-Ritter S of ``a`` and ``b`` over the layers ``graphs`` (same node set).

    Examples
    --------
    On a path a-b-c, neighbours share more than the two ends:

    >>> g = nx.path_graph(["a", "b", "c"])
    >>> s_score([g], "a", "b"), s_score([g], "a", "c"), s_score([g], "a", "a")
    (0.333333, -0.333333, 1.0)
    """
    if not graphs or graphs[0].number_of_nodes() == 0:
        return 1.0
    distance = sum(len(_portfolio(g, a) ^ _portfolio(g, b)) for g in graphs)
    d_max: int = graphs[0].number_of_nodes() * len(graphs)
    return rounded(1 - 2 * distance / d_max)


def jaccard(graphs: Sequence[nx.Graph], a: str, b: str) -> float:
    """Jaccard index of the partners of ``a`` and ``b`` in any of ``graphs``.

    Examples
    --------
    >>> g = nx.Graph([("a", "x"), ("a", "y"), ("b", "y")])
    >>> jaccard([g], "a", "b"), jaccard([g], "x", "x")
    (0.5, 1.0)
    >>> jaccard([nx.empty_graph(["p", "q"])], "p", "q")
    0.0
    """
    first = set().union(*(g[a] for g in graphs))
    second = set().union(*(g[b] for g in graphs))
    union = first | second
    if not union:
        return 0.0
    return rounded(len(first & second) / len(union))


def _layers(graph: nx.Graph) -> list[tuple[str, nx.Graph]]:
    return [(rel, layer(graph, rel)) for rel in graph.graph.get("relations", [])]


def alignment(
    store: Store,
    first: str,
    second: str,
    relations: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    statuses: Sequence[Status] = (Status.in_force,),
    *,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> Alignment:
    """S-score and Jaccard of two states, per relation type and over all the types asked.

    :raises InvalidParameter: no state is called ``first`` or ``second``.
    """
    graph = project(store, relations, as_of, statuses, beyond_coverage=beyond_coverage)
    a, b = find_state(store, graph, first, "a"), find_state(store, graph, second, "b")
    layers = _layers(graph)
    per_layer = [
        LayerAlignment(
            relation=rel,
            s_score=s_score([view], a, b),
            jaccard=jaccard([view], a, b),
            shared_partners=sorted(set(view[a]) & set(view[b])),
            only_first=sorted(set(view[a]) - set(view[b]) - {b}),
            only_second=sorted(set(view[b]) - set(view[a]) - {a}),
        )
        for rel, view in layers
    ]
    views = [view for _, view in layers]
    return Alignment(
        first=a,
        second=b,
        as_of=str(graph.graph["as_of"]),
        states=graph.number_of_nodes(),
        s_score=s_score(views, a, b),
        jaccard=jaccard(views, a, b),
        layers=per_layer,
    )


def similar_in(
    graph: nx.Graph, node: str, metric: str = "s_score", limit: int = 10
) -> list[Similar]:
    """States of ``graph`` most similar to ``node`` by ``metric`` over all its relation layers.

    Examples
    --------
    >>> g = nx.Graph([("a", "x"), ("b", "x"), ("c", "y")], relations=["allied_with"])
    >>> for u, v in g.edges:
    ...     g[u][v]["relations"] = ["allied_with"]
    >>> [(s.state, s.score) for s in similar_in(g, "a", "jaccard", limit=2)]
    [('b', 1.0), ('c', 0.0)]
    """
    one_of(metric, METRICS, "metric", "metric")
    views = [view for _, view in _layers(graph)] or [graph]
    measure = s_score if metric == "s_score" else jaccard
    scored = [
        Similar(
            state=other,
            code=str(graph.nodes[other].get("code", other)),
            label=str(graph.nodes[other].get("label", other)),
            score=measure(views, node, other),
        )
        for other in graph
        if other != node
    ]
    scored.sort(key=lambda s: (-s.score, s.label))
    return scored[:limit]


def most_similar(
    store: Store,
    state: str,
    relations: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    metric: str = "s_score",
    statuses: Sequence[Status] = (Status.in_force,),
    limit: int = 10,
    *,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> list[Similar]:
    """The states whose portfolios of ``relations`` are most like ``state``'s.

    :raises InvalidParameter: no state is called ``state``, or ``metric`` is not
        ``s_score`` or ``jaccard``.
    """
    graph = project(store, relations, as_of, statuses, beyond_coverage=beyond_coverage)
    return similar_in(graph, find_state(store, graph, state), metric, limit)
