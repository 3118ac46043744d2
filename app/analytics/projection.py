"""The one projection of the knowledge graph into networkx, cached by data version.

Every measure (centrality, communities, paths, alignment, change, ego networks, exports) runs
on the graph :func:`project` returns, so they all see the same states and ties, read through
the one as-of rule (the relation interval table, :mod:`app.queries.intervals`).

The projection is an undirected :class:`networkx.Graph`:

* nodes are state IRIs (``https://w3id.org/pactgraph/id/state/KOR``) with attributes
  ``code`` (ISO alpha-3, from the IRI) and ``label``
  (:func:`app.queries.states.state_labels`: the English name, else the code);
  every ``pg:State`` of the store, and every state that is a party to any agreement at any
  date, is a node, related on the day or not, so isolated states count in normalised
  measures and in alignment scores (and every known state can be asked about);
* an edge joins two states related by at least one of the projected relations; its
  attributes are ``relations`` (sorted relation names), ``agreements`` (sorted agreement
  IRIs, all relations together), ``by_relation`` (relation name → sorted agreement IRIs),
  ``weight`` (number of distinct agreements) and ``observed_until``: the last year a dataset
  covers when the tie rests only on agreements past their dataset's horizon
  (:func:`app.queries.evidence.observed_until`), else ``None``; ``observed_by_relation``
  gives the same per relation, and ``directions_by_relation`` the ordered pairs
  (``(source, target)``: source owes the obligation) a directed relation
  (``pledged_to_defend``) holds in.

Relation layers are edge attributes rather than a MultiGraph: shortest paths, communities
and centrality then count a pair of states once however many kinds of tie they have, and
:func:`layer` gives the view of one relation.

Projections are read from the relation interval table (:mod:`app.queries.intervals`) and
asked for again and again with the same parameters, so they are kept in a bounded LRU cache
keyed by the store, its :attr:`~app.store.Store.data_version` and the parameters
(:func:`cached`). Writers bump the
data version after every change, which is what invalidates a cached projection. The graphs
handed out are frozen: callers share them and cannot alter them by mistake. The explorer
(:mod:`app.views.network`) reads the same projections and keeps its layout in the same cache.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from app.errors import InvalidParameter, NotFound
from app.ontology import (
    RELATIONS,
    SPARQL_PREFIXES,
    STATE_NS,
    BeyondCoverage,
    Relation,
    Status,
    relation,
)
from app.queries.evidence import observed_until
from app.queries.intervals import interval_table
from app.queries.states import resolve_state, state_labels
from app.store import Store
from app.store.versioned import CacheInfo, VersionedCache, version_key

__all__ = [
    "DEFAULT_CACHE",
    "CacheInfo",
    "ProjectionCache",
    "Scope",
    "cache_info",
    "cached",
    "find_state",
    "layer",
    "project",
    "relations_of",
    "resolve",
    "state_node",
]


_DECLARED_STATES = SPARQL_PREFIXES + "SELECT ?s WHERE { ?s a pg:State }"


#: The cache :func:`project` uses unless given another (one per process, shared by API and CLI).
ProjectionCache = VersionedCache[nx.Graph]
DEFAULT_CACHE: ProjectionCache = VersionedCache()


def cached(
    store: Store,
    params: Hashable,
    build: Callable[[], nx.Graph],
    cache: ProjectionCache = DEFAULT_CACHE,
) -> nx.Graph:
    """The graph ``build()`` makes from ``store`` for ``params``, frozen and kept until the data
    changes.

    The key is :func:`~app.store.versioned.version_key` and ``params``, which must name what is
    built (``("layout",)``) as well as how.
    """
    return cache.get_or_build((version_key(store), params), lambda: nx.freeze(build()))


def cache_info(cache: ProjectionCache = DEFAULT_CACHE) -> CacheInfo:
    """Counters of the projection cache (the default one unless given)."""
    return cache.info()


def relations_of(names: Sequence[str] | None) -> tuple[Relation, ...]:
    """Relations from REST names (all relations when ``names`` is empty or None).

    Examples
    --------
    >>> [r.name for r in relations_of(["allied_with"])]
    ['allied_with']
    >>> len(relations_of(None)) == len(RELATIONS)
    True

    :raises InvalidParameter: a name is not a relation; the error lists the valid ones.
    """
    if not names:
        return tuple(RELATIONS.values())
    return tuple(dict.fromkeys(relation(name) for name in names))


@dataclass(frozen=True)
class Scope:
    """Which projection a question is about: the scope options every analytics route, the CLI
    and the views share, parsed once so they reject the same input the same way."""

    relations: list[str] | None
    as_of: dt.date
    statuses: list[Status]
    beyond_coverage: BeyondCoverage

    @classmethod
    def parse(
        cls,
        types: str | Sequence[str] | None,
        as_of: dt.date,
        status: str | None,
        beyond_coverage: BeyondCoverage,
    ) -> Scope:
        """A scope from relation names given repeated or comma-separated (all when none) and
        one status or a comma list of them (in force when none).

        >>> s = Scope.parse(["allied_with, shares_intelligence_with"], dt.date(2019, 1, 1),
        ...                 "in_force,proposed", BeyondCoverage.include)
        >>> s.relations, [str(x) for x in s.statuses]
        (['allied_with', 'shares_intelligence_with'], ['in_force', 'proposed'])

        :raises InvalidParameter: a name is not a relation, or not a status.
        """
        values = [types] if isinstance(types, str) else types or []
        names = [n.strip() for value in values for n in value.split(",") if n.strip()]
        wanted = [s.strip() for s in (status or "").split(",") if s.strip()]
        try:
            statuses = list(dict.fromkeys(Status(s) for s in wanted)) or [Status.in_force]
        except ValueError as exc:
            raise InvalidParameter(
                f"status={status!r} is not valid; use one of {', '.join(Status)} "
                "or a comma list of them",
                parameter="status",
                valid=list(Status),
            ) from exc
        relations = [r.name for r in relations_of(names)] if names else None
        return cls(relations, as_of, statuses, beyond_coverage)

    def kwargs(self) -> dict[str, Any]:
        """The scope as the keyword arguments of :func:`project` and the analytics questions."""
        return {
            "relations": self.relations,
            "as_of": self.as_of,
            "statuses": self.statuses,
            "beyond_coverage": self.beyond_coverage,
        }


def project(
    store: Store,
    relations: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    statuses: Sequence[Status] = (Status.in_force,),
    *,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
    cache: ProjectionCache = DEFAULT_CACHE,
) -> nx.Graph:
    """The state network of ``relations`` on ``as_of``, through agreements with ``statuses``.

    Parameters
    ----------
    store : Store
        Where the graph lives.
    relations : sequence of str, optional
        REST relation names (``shares_intelligence_with``); all relations when omitted.
    as_of : datetime.date, optional
        The day the relations must hold on; today when omitted.
    statuses : sequence of Status
        Agreement statuses that count (in force by default; ``Status.any`` for all).
    beyond_coverage : BeyondCoverage
        Keep (default, flagged) or drop agreements past their dataset's horizon.
    cache : ProjectionCache
        Where projections are remembered.

    Returns
    -------
    networkx.Graph
        A frozen graph (see the module docstring for its attributes). The graph attributes
        record ``as_of``, ``relations``, ``statuses``, ``beyond_coverage`` and
        ``data_version``.

    Examples
    --------
    >>> from app.store import EmbeddedStore
    >>> g = project(EmbeddedStore(None), ["allied_with"], dt.date(2019, 12, 31))
    >>> g.graph["relations"], g.number_of_nodes()
    (['allied_with'], 0)
    """
    rels = relations_of(relations)
    day = as_of or dt.date.today()
    wanted = tuple(sorted(set(statuses)))
    version = store.data_version
    coverage = BeyondCoverage(beyond_coverage)
    params = ("projection", tuple(r.name for r in rels), day, wanted, coverage)
    return cached(store, params, lambda: _build(store, rels, day, wanted, coverage, version), cache)


def _build(
    store: Store,
    rels: tuple[Relation, ...],
    as_of: dt.date,
    statuses: tuple[Status, ...],
    beyond_coverage: BeyondCoverage,
    version: str,
) -> nx.Graph:
    graph = nx.Graph(
        as_of=as_of.isoformat(),
        relations=[r.name for r in rels],
        statuses=[s.value for s in statuses],
        beyond_coverage=beyond_coverage.value,
        data_version=version,
    )
    table = interval_table(store)
    graph.add_nodes_from(row["s"].value for row in store.select(_DECLARED_STATES))
    graph.add_nodes_from(table.states(STATE_NS))
    for rel in rels:
        # Read from the table, as :func:`app.queries.relations.edges` reads it, without the
        # per-edge records: a projection of every relation meets some 35,000 of them.
        holding = table.holding(rel, as_of, statuses, beyond_coverage)
        by_pair: dict[tuple[str, str], dict[str, str | None]] = {}
        for (source, target), flags in holding.items():
            pair = (source, target) if source < target else (target, source)
            by_pair.setdefault(pair, {}).update(flags)
        for (source, target), flags in by_pair.items():
            graph.add_edge(source, target)
            data = graph[source][target]
            data.setdefault("by_relation", {})[rel.name] = sorted(flags)
            data.setdefault("observed_by_relation", {})[rel.name] = observed_until(flags.values())
            directions = data.setdefault("directions_by_relation", {})
            if rel.directed:
                # A directed relation meets a pair once per direction: both directions'
                # agreements and horizons count for the pair, and the directions are kept.
                directions[rel.name] = [
                    p for p in ((source, target), (target, source)) if p in holding
                ]
    for _, _, data in graph.edges(data=True):
        data["relations"] = sorted(data["by_relation"])
        data["agreements"] = sorted({a for ags in data["by_relation"].values() for a in ags})
        data["weight"] = len(data["agreements"])
        # Flagged per relation only when all its agreements are: so all of them, all in all.
        data["observed_until"] = observed_until(data["observed_by_relation"].values())
    labels = state_labels(store, graph)
    for node, data in graph.nodes(data=True):
        data["code"] = node.removeprefix(STATE_NS) if node.startswith(STATE_NS) else node
        data["label"] = labels[node]
    return graph


def layer(graph: nx.Graph, rel: str) -> nx.Graph:
    """A read-only view of ``graph`` keeping every node and only the edges of ``rel``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", relations=["allied_with"])
    >>> g.add_edge("b", "c", relations=["strategic_partner_of"])
    >>> sorted(layer(g, "allied_with").edges()), layer(g, "allied_with").number_of_nodes()
    ([('a', 'b')], 3)
    """
    view: nx.Graph = nx.subgraph_view(
        graph, filter_edge=lambda u, v: rel in graph[u][v].get("relations", ())
    )
    return view


def resolve(store: Store, ident: str, parameter: str = "state") -> str:
    """The IRI of the state ``ident`` names (:func:`app.queries.states.resolve_state`).

    :raises NotFound: nothing is called ``ident`` (naming ``parameter``, with the closest
        matches).
    """
    return resolve_state(store, ident, parameter).iri


def find_state(store: Store, graph: nx.Graph, ident: str, parameter: str = "state") -> str:
    """The node of the state ``ident`` names (see :func:`resolve`) in ``graph``."""
    return state_node(graph, resolve(store, ident, parameter), parameter)


def state_node(graph: nx.Graph, state: str, parameter: str = "state") -> str:
    """The node of ``state`` (ISO alpha-3 code or state IRI) in ``graph``.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node(STATE_NS + "KOR")
    >>> state_node(g, "kor")
    'https://w3id.org/pactgraph/id/state/KOR'

    :raises NotFound: the state is not a node of the projection.
    """
    node = state if state.startswith(STATE_NS) else STATE_NS + state.upper()
    if node not in graph:
        raise NotFound(
            f"no state {state!r} in the graph; use an ISO 3166-1 alpha-3 code such as KOR",
            parameter=parameter,
        )
    return node
