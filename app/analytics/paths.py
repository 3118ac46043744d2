"""How two states are connected: shortest chains of ties, each explained by its evidence.

"How is Thailand connected to Japan?" is ``connection(store, "THA", "JPN")``: every shortest
chain (up to a limit) in the projection, each link with its relation types and the agreements
behind it, and each agreement with its parties, dates, status and quoted sources
(:func:`app.queries.evidence.agreements`). :func:`ego_network` gives the neighbourhood of one
state to ``k`` hops.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from app.analytics.projection import find_state, project
from app.errors import InvalidParameter
from app.ontology import BeyondCoverage, Status
from app.queries.evidence import AgreementSummary, agreements
from app.store import Store

__all__ = [
    "Chain",
    "Connection",
    "Link",
    "connection",
    "ego_network",
    "ego_subgraph",
    "shortest_chains",
]


@dataclass
class Link:
    """One tie of a chain, with the agreements that make it."""

    source: str
    target: str
    source_label: str
    target_label: str
    relations: list[str]
    agreements: list[AgreementSummary] = field(default_factory=list)
    #: The dataset's last year when the tie rests only on agreements past their horizon.
    observed_until: str | None = None


@dataclass
class Chain:
    """A shortest chain of ties from one state to another."""

    states: list[str]
    links: list[Link]


@dataclass
class Connection:
    """Every shortest chain (up to a limit) between two states on a date."""

    source: str
    target: str
    as_of: str
    relations: list[str]
    hops: int | None
    chains: list[Chain]


def shortest_chains(graph: nx.Graph, source: str, target: str, limit: int = 5) -> list[list[str]]:
    """At most ``limit`` shortest paths from ``source`` to ``target`` (none if unconnected).

    Paths come in a stable order (lexicographic over node ids).

    Examples
    --------
    >>> g = nx.Graph([("THA", "USA"), ("USA", "JPN"), ("THA", "AUS"), ("AUS", "JPN")])
    >>> shortest_chains(g, "THA", "JPN")
    [['THA', 'AUS', 'JPN'], ['THA', 'USA', 'JPN']]
    >>> g.add_node("PRK")
    >>> shortest_chains(g, "THA", "PRK")
    []
    """
    if limit < 1:
        raise InvalidParameter("limit must be at least 1", parameter="limit")
    try:
        paths = nx.all_shortest_paths(graph, source, target)
        # Enumerate a bounded number beyond the limit so the order does not depend on
        # networkx's traversal order, without listing an exponential number of paths.
        return sorted(itertools.islice(paths, limit * 20))[:limit]
    except nx.NetworkXNoPath:
        return []


def connection(
    store: Store,
    source: str,
    target: str,
    relations: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    statuses: Sequence[Status] = (Status.in_force,),
    limit: int = 5,
    *,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> Connection:
    """Shortest chains between two states (codes or names), explained by their evidence.

    Examples
    --------
    >>> from app.store import EmbeddedStore
    >>> connection(EmbeddedStore(None), "Thailand", "Japan")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    app.errors.NotFound: no state is called 'Thailand'; ...

    :raises NotFound: no state is called ``source`` or ``target``.
    """
    day = as_of or dt.date.today()
    graph = project(store, relations, day, statuses, beyond_coverage=beyond_coverage)
    a = find_state(store, graph, source, "from")
    b = find_state(store, graph, target, "to")
    paths = shortest_chains(graph, a, b, limit)
    wanted = {
        ag
        for path in paths
        for u, v in itertools.pairwise(path)
        for ag in graph[u][v]["agreements"]
    }
    evidence = agreements(store, wanted, day)
    chains = [
        Chain(
            states=path,
            links=[
                Link(
                    source=u,
                    target=v,
                    source_label=graph.nodes[u]["label"],
                    target_label=graph.nodes[v]["label"],
                    relations=list(graph[u][v]["relations"]),
                    agreements=[evidence[ag] for ag in graph[u][v]["agreements"]],
                    observed_until=graph[u][v]["observed_until"],
                )
                for u, v in itertools.pairwise(path)
            ],
        )
        for path in paths
    ]
    return Connection(
        source=a,
        target=b,
        as_of=day.isoformat(),
        relations=list(graph.graph["relations"]),
        hops=len(paths[0]) - 1 if paths else None,
        chains=chains,
    )


def ego_subgraph(graph: nx.Graph, center: str, k: int = 1) -> nx.Graph:
    """The states within ``k`` ties of ``center``, and the ties among them.

    Examples
    --------
    >>> sorted(ego_subgraph(nx.path_graph(5), 0, k=2))
    [0, 1, 2]
    """
    if k < 1:
        raise InvalidParameter("k must be at least 1", parameter="k")
    ego: nx.Graph = nx.ego_graph(graph, center, radius=k)
    return ego


def ego_network(
    store: Store,
    state: str,
    k: int = 1,
    relations: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    statuses: Sequence[Status] = (Status.in_force,),
    *,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> dict[str, Any]:
    """The ``k``-hop ego network of ``state`` as node-link JSON, each node with its distance.

    :raises InvalidParameter: no state is called ``state``.
    """
    graph = project(store, relations, as_of, statuses, beyond_coverage=beyond_coverage)
    center = find_state(store, graph, state)
    ego = ego_subgraph(graph, center, k)
    distance = nx.single_source_shortest_path_length(ego, center)
    data: dict[str, Any] = nx.node_link_data(ego, edges="edges")
    for node in data["nodes"]:
        node["hops"] = distance[node["id"]]
    data["graph"] = {**data["graph"], "center": center, "k": k}
    return data
