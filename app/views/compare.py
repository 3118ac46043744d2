"""Compare mode: one network of two dates, ties added (green), removed (red) or unchanged.

The two pictures are the view on ``before`` and on its own date (:func:`network_graph`, the
one as-of rule); the list of changes and the lifecycle events behind them come from the
analytics diff (:func:`app.analytics.change.diff`), restricted to the ties the picture shows,
so the list and the colours tell the same story.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import networkx as nx

from app.analytics.change import Diff, TieChange, diff
from app.errors import InvalidParameter
from app.queries.evidence import observed_until
from app.store import Store
from app.views.network import View, describe_nodes, network_graph

__all__ = ["compare_changes", "compare_graph"]


def _edges(graph: nx.MultiGraph) -> dict[tuple[str, str, str], dict[str, object]]:
    return {(*sorted((u, v)), k): d for u, v, k, d in graph.edges(keys=True, data=True)}


def compare_graph(store: Store, view: View, before: dt.date) -> nx.MultiGraph:
    """The view's network on ``before`` and on ``view.as_of`` in one graph.

    Each edge carries ``change``: ``added`` (only on the later date), ``removed`` (only on
    ``before``) or ``unchanged``; its agreements are the later date's when it holds then.

    :raises InvalidParameter: ``before`` is later than the view's date.
    """
    if before > view.as_of:
        raise InvalidParameter(
            f"before={before.isoformat()} is later than as_of={view.as_of.isoformat()}",
            parameter="before",
        )
    new = _edges(network_graph(store, view))
    old = _edges(network_graph(store, dataclasses.replace(view, as_of=before)))
    graph = nx.MultiGraph()
    graph.add_nodes_from(view.focus)
    graph.add_nodes_from(view.within)
    for key in sorted(new.keys() | old.keys()):
        a, b, rel = key
        data = dict(new.get(key) or old[key])
        change = "unchanged" if key in new and key in old else "added" if key in new else "removed"
        flags = [d.get("observed_until") for d in (new.get(key), old.get(key)) if d]
        data.update(
            change=change, observed_until=observed_until(str(f) if f else None for f in flags)
        )
        graph.add_edge(a, b, key=rel, **data)
    describe_nodes(store, graph, view.focus)
    return graph


def compare_changes(store: Store, view: View, before: dt.date, graph: nx.MultiGraph) -> Diff:
    """The analytics diff between ``before`` and the view's date, keeping the ties ``graph``
    (from :func:`compare_graph`) draws as added or removed."""
    found = diff(
        store,
        before,
        view.as_of,
        list(view.types),
        view.statuses,
        beyond_coverage=view.beyond_coverage,
    )
    drawn = {
        (*sorted((u, v)), k, d["change"])
        for u, v, k, d in graph.edges(keys=True, data=True)
        if d["change"] != "unchanged"
    }

    def shown(changes: list[TieChange], kind: str) -> list[TieChange]:
        return [c for c in changes if (*sorted((c.source, c.target)), c.relation, kind) in drawn]

    return dataclasses.replace(
        found, added=shown(found.added, "added"), removed=shown(found.removed, "removed")
    )
