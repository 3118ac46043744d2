"""What the network view needs to colour and size states: bloc, score and the top list.

The explorer (``/explore``) draws the projection; :func:`overlay` tells it, per state, the
Louvain community to colour it by and the centrality score to size it by, and lists the top
states for the chosen measure, all from the same projection and functions as the rest of
the analytics.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from app.analytics.communities import communities
from app.analytics.measures import Score, rank
from app.analytics.projection import project
from app.ontology import BeyondCoverage, Status
from app.store import Store

__all__ = ["Overlay", "overlay"]


@dataclass(frozen=True)
class Overlay:
    """Per-state community and score, and the top states for ``measure``."""

    measure: str
    relations: list[str]
    as_of: str
    community: dict[str, int | None]
    score: dict[str, float]
    top: list[Score]
    note: str | None = None


def overlay(
    store: Store,
    measure: str = "degree",
    relations: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    statuses: Sequence[Status] = (Status.in_force,),
    limit: int = 10,
    *,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> Overlay:
    """Community (None for an isolated state) and ``measure`` score of every state.

    Examples
    --------
    >>> from app.store import EmbeddedStore
    >>> overlay(EmbeddedStore(None), "betweenness", as_of=dt.date(2019, 1, 1)).top
    []
    """
    graph = project(store, relations, as_of, statuses, beyond_coverage=beyond_coverage)
    full = rank(graph, measure, limit=None)
    bloc_of = {member: c.id for c in communities(graph) for member in c.members}
    return Overlay(
        measure=measure,
        relations=full.relations,
        as_of=full.as_of,
        community={node: bloc_of.get(node) for node in sorted(graph)},
        score={s.state: s.score for s in full.scores},
        top=full.scores[:limit],
        note=full.note,
    )
