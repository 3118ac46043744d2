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

__all__ = [
    "SEED",
    "Blocs",
    "Broker",
    "Community",
    "blocs",
    "brokers",
    "burt_constraint",
    "communities",
    "effective_size",
]

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


@dataclass(frozen=True)
class Blocs:
    """Blocs of a projection and the states that bridge them."""

    as_of: str
    relations: list[str]
    communities: list[Community]
    brokers: list[Broker]


def blocs(graph: nx.Graph, brokers_limit: int = 10) -> Blocs:
    """The communities of ``graph`` and its ``brokers_limit`` first brokers (none when 0).

    ``graph`` is a projection: its ``as_of`` and ``relations`` say what the blocs are of.
    """
    found = communities(graph)
    return Blocs(
        as_of=graph.graph["as_of"],
        relations=graph.graph["relations"],
        communities=found,
        brokers=brokers(graph, found, limit=brokers_limit) if brokers_limit else [],
    )


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
    constraint = {node: burt_constraint(graph, node) for node in candidates}
    effective = {node: effective_size(graph, node) for node in candidates}
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


def burt_constraint(graph: nx.Graph, node: str) -> float:
    """Burt's constraint of ``node`` in an unweighted, undirected graph (NaN for an isolate).

    ``c_i = sum over partners j of (p_ij + sum over shared partners q of p_iq * p_qj) ** 2``
    with ``p_ij = 1 / degree(i)``: the value networkx's ``constraint`` computes without
    weights, in time linear in the ties around ``node`` rather than quadratic in the
    graph's density (networkx took minutes on the 200-state benchmark world).

    Examples
    --------
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    >>> round(burt_constraint(g, "c"), 6) == round(nx.constraint(g, ["c"])["c"], 6)
    True
    """
    partners = set(graph[node])
    if not partners:
        return math.nan
    share = 1 / len(partners)
    degree: dict[str, int] = {q: len(graph[q]) for q in partners}
    return sum(
        (share + sum(share / degree[q] for q in partners & set(graph[j]))) ** 2 for j in partners
    )


def effective_size(graph: nx.Graph, node: str) -> float:
    """Burt's effective size of ``node``: partners minus their redundancy (Borgatti's form).

    For an unweighted, undirected graph it is ``n - 2t / n``, with ``n`` partners and ``t``
    ties among them (NaN for an isolate), as networkx's ``effective_size``.

    Examples
    --------
    >>> effective_size(nx.complete_graph(4), 0), effective_size(nx.star_graph(3), 0)
    (1.0, 3.0)
    """
    partners = set(graph[node])
    if not partners:
        return math.nan
    ties = sum(len(partners & set(graph[j])) for j in partners) / 2
    return len(partners) - 2 * ties / len(partners)


def _label(graph: nx.Graph, node: str) -> str:
    return str(graph.nodes[node].get("label", node))


def _finite(value: float) -> float:
    # Burt's measures are undefined (NaN) for isolates; brokers always have ties.
    return rounded(value) if math.isfinite(value) else 0.0
