"""Blocs and the states that bridge them.

* :func:`communities`: Louvain modularity communities (networkx's ``louvain_communities``
  with a fixed seed, so the same data always gives the same blocs), each with its members
  and the relation types of the ties inside it, most frequent first. The parent relation
  ``cooperates_militarily_with`` matches every tie and so says nothing about what holds a
  bloc together: it is counted only for ties that have no more specific type.
* :func:`brokers`: states tied to more than one bloc, ranked by betweenness centrality, with
  Burt's structural-hole measures: *constraint* (low: the state's partners are not tied to
  each other, so it brokers between them) and *effective size* (number of non-redundant
  partners).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import networkx as nx

from app.analytics._common import rounded

__all__ = ["SEED", "Broker", "Community", "brokers", "communities"]

#: Seed of Louvain's random node order: results are stable for unchanged data.
SEED = 42
_PARENT = "cooperates_militarily_with"


@dataclass(frozen=True)
class Community:
    """One bloc: its members (sorted by label) and what ties them together."""

    id: int
    size: int
    members: list[str]
    labels: list[str]
    internal_ties: int
    held_together_by: dict[str, int]


@dataclass(frozen=True)
class Broker:
    """A state with ties into several blocs."""

    state: str
    code: str
    label: str
    community: int
    bridges_to: list[int]
    betweenness: float
    constraint: float
    effective_size: float


def communities(graph: nx.Graph, seed: int = SEED, resolution: float = 1.0) -> list[Community]:
    """Louvain communities of the states that have at least one tie, largest first.

    Isolated states form no bloc and are left out. Ids are positions in the returned list.

    Examples
    --------
    Two triangles joined by one bridge are two blocs:

    >>> g = nx.Graph()
    >>> for u, v in [("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")]:
    ...     g.add_edge(u, v, relations=["allied_with"])
    >>> g.add_edge("c", "d", relations=["strategic_partner_of"])
    >>> [(c.members, c.held_together_by) for c in communities(g)]
    [(['a', 'b', 'c'], {'allied_with': 3}), (['d', 'e', 'f'], {'allied_with': 3})]
    """
    tied = graph.subgraph([n for n in graph if graph.degree(n) > 0])
    if tied.number_of_edges() == 0:
        return []
    found = nx.community.louvain_communities(tied, seed=seed, resolution=resolution)
    blocs = sorted(
        (sorted(c, key=lambda n: (_label(graph, n), n)) for c in found),
        key=lambda members: (-len(members), _label(graph, members[0])),
    )
    result = []
    for index, members in enumerate(blocs):
        inside = graph.subgraph(members)
        kinds: Counter[str] = Counter()
        for _, _, data in inside.edges(data=True):
            rels = list(data.get("relations", ()))
            specific = [r for r in rels if r != _PARENT]
            kinds.update(specific or rels)
        result.append(
            Community(
                id=index,
                size=len(members),
                members=members,
                labels=[_label(graph, n) for n in members],
                internal_ties=inside.number_of_edges(),
                held_together_by=dict(sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
            )
        )
    return result


def brokers(
    graph: nx.Graph, blocs: list[Community] | None = None, limit: int | None = 10
) -> list[Broker]:
    """States tied into more than one bloc, by descending betweenness.

    Examples
    --------
    In two triangles joined by a bridge, the bridge's ends are the brokers:

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")])
    >>> g.add_edge("c", "d")
    >>> [(b.state, b.betweenness, b.bridges_to) for b in brokers(g)]
    [('c', 0.6, [1]), ('d', 0.6, [0])]
    >>> round(brokers(g)[0].effective_size, 3), round(brokers(g)[0].constraint, 3)
    (2.333, 0.611)
    """
    blocs = communities(graph) if blocs is None else blocs
    bloc_of = {member: c.id for c in blocs for member in c.members}
    candidates = [
        node
        for node in bloc_of
        if any(bloc_of.get(nb, bloc_of[node]) != bloc_of[node] for nb in graph[node])
    ]
    if not candidates:
        return []
    between = nx.betweenness_centrality(graph)
    constraint = nx.constraint(graph, candidates)
    effective = nx.effective_size(graph, candidates)
    found = [
        Broker(
            state=node,
            code=str(graph.nodes[node].get("code", node)),
            label=_label(graph, node),
            community=bloc_of[node],
            bridges_to=sorted({bloc_of[nb] for nb in graph[node]} - {bloc_of[node]}),
            betweenness=rounded(between[node]),
            constraint=_finite(constraint[node]),
            effective_size=_finite(effective[node]),
        )
        for node in candidates
    ]
    found.sort(key=lambda b: (-b.betweenness, b.constraint, b.label))
    return found[:limit]


def _label(graph: nx.Graph, node: str) -> str:
    return str(graph.nodes[node].get("label", node))


def _finite(value: float) -> float:
    # Burt's measures are undefined (NaN) for isolates; brokers always have ties.
    return rounded(value) if math.isfinite(value) else 0.0
