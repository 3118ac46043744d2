"""Centrality of states in one relation layer (or several) on a date: who are the hubs.

Three measures, each in networkx's normalised form:

* ``degree``: share of the other states a state is tied to;
* ``betweenness``: share of shortest paths between other states that run through it
  (Brandes' algorithm, exact);
* ``eigenvector``: ties to well-tied states count more (power iteration on the whole
  graph). On a disconnected graph the principal eigenvector lives on the component with the
  largest spectral radius, so states elsewhere score (close to) zero: that is the measure's
  definition, not an error. When power iteration does not converge, scores are computed per
  connected component and the ranking carries a note saying so.

"Who are the hubs of intelligence sharing in 2019?" is
``hubs(store, ["shares_intelligence_with"], dt.date(2019, 12, 31))``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import networkx as nx

from app.analytics._common import one_of, rounded
from app.analytics.projection import project
from app.ontology import BeyondCoverage, Status
from app.store import Store

__all__ = ["MEASURES", "Measure", "Ranking", "Score", "centrality", "hubs", "rank"]

Measure = Literal["degree", "betweenness", "eigenvector"]
MEASURES: tuple[str, ...] = get_args(Measure)


@dataclass(frozen=True)
class Score:
    """One state's score, with its number of partners for context."""

    state: str
    code: str
    label: str
    score: float
    partners: int


@dataclass(frozen=True)
class Ranking:
    """States ordered by a centrality measure in a projection."""

    measure: str
    relations: list[str]
    as_of: str
    scores: list[Score]
    note: str | None = None


def _measure(name: str) -> Measure:
    return one_of(name, MEASURES, "measure", "measure")  # type: ignore[return-value]


def centrality(graph: nx.Graph, measure: str) -> tuple[dict[str, float], str | None]:
    """Scores of every node of ``graph`` for ``measure``, and a note when one was needed.

    Parameters
    ----------
    graph : networkx.Graph
        A projection or a layer of one.
    measure : {"degree", "betweenness", "eigenvector"}

    Returns
    -------
    tuple
        ``(scores, note)``: node → score, rounded to 6 digits; ``note`` explains a fallback.

    Examples
    --------
    In a star the centre has every tie and lies on every path:

    >>> star = nx.star_graph(3)
    >>> centrality(star, "degree")[0][0], centrality(star, "betweenness")[0][0]
    (1.0, 1.0)
    >>> scores, note = centrality(nx.path_graph(3), "betweenness")
    >>> scores, note
    ({0: 0.0, 1: 1.0, 2: 0.0}, None)
    >>> centrality(nx.empty_graph(2), "eigenvector")
    ({0: 0.0, 1: 0.0}, None)
    """
    kind = _measure(measure)
    note = None
    if graph.number_of_edges() == 0:
        raw: dict[str, float] = dict.fromkeys(graph, 0.0)
    elif kind == "degree":
        raw = nx.degree_centrality(graph)
    elif kind == "betweenness":
        raw = nx.betweenness_centrality(graph)
    else:
        try:
            raw = nx.eigenvector_centrality(graph, max_iter=1000, tol=1e-9)
        except nx.PowerIterationFailedConvergence:
            raw = _eigenvector_per_component(graph)
            note = (
                "eigenvector centrality did not converge on the whole graph; "
                "scores were computed within each connected component"
            )
    return {node: rounded(value) for node, value in raw.items()}, note


def _eigenvector_per_component(graph: nx.Graph) -> dict[str, float]:
    scores: dict[str, float] = dict.fromkeys(graph, 0.0)
    for component in nx.connected_components(graph):
        if len(component) < 2:
            continue
        try:
            scores.update(
                nx.eigenvector_centrality(graph.subgraph(component), max_iter=1000, tol=1e-6)
            )
        except nx.PowerIterationFailedConvergence:
            # Degree is the first step of the power iteration: the best estimate left.
            scores.update(nx.degree_centrality(graph.subgraph(component)))
    return scores


def rank(graph: nx.Graph, measure: str = "degree", limit: int | None = 10) -> Ranking:
    """States of ``graph`` by descending ``measure`` (ties by label), at most ``limit``.

    Examples
    --------
    >>> star = nx.star_graph(["hub", "a", "b"])
    >>> [(s.state, s.score, s.partners) for s in rank(star, "degree", limit=2).scores]
    [('hub', 1.0, 2), ('a', 0.5, 1)]
    """
    scores, note = centrality(graph, measure)
    ordered = sorted(
        graph.nodes(data=True),
        key=lambda item: (-scores[item[0]], str(item[1].get("label", item[0]))),
    )
    return Ranking(
        measure=measure,
        relations=list(graph.graph.get("relations", [])),
        as_of=str(graph.graph.get("as_of", "")),
        scores=[
            Score(
                state=node,
                code=str(data.get("code", node)),
                label=str(data.get("label", node)),
                score=scores[node],
                partners=graph.degree(node),
            )
            for node, data in ordered[:limit]
        ],
        note=note,
    )


def hubs(
    store: Store,
    relations: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    measure: str = "degree",
    statuses: Sequence[Status] = (Status.in_force,),
    limit: int | None = 10,
    *,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> Ranking:
    """The most central states of the projection of ``relations`` on ``as_of``.

    Examples
    --------
    >>> from app.store import EmbeddedStore
    >>> hubs(EmbeddedStore(None), ["shares_intelligence_with"], dt.date(2019, 12, 31)).scores
    []
    """
    return rank(
        project(store, relations, as_of, statuses, beyond_coverage=beyond_coverage), measure, limit
    )
