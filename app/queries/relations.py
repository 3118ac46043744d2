"""Edges of the state network: which states are related, through which agreements, as of when.

Every reader of relations (REST, views, analytics) goes through :func:`edges`, which builds on
the one as-of rule, :func:`app.ontology.relation_pattern`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import NamedNode

from app.ontology import SPARQL_PREFIXES, Relation, Status, date_literal, relation_pattern
from app.store import Store, render
from app.store.terms import Term

_EDGES = (
    SPARQL_PREFIXES
    + """
SELECT DISTINCT ?x ?y ?agreement WHERE {
  %(around)s
  %(pattern)s
  %(order)s
}"""
)


@dataclass(frozen=True)
class Edge:
    """Two related states and the agreements that relate them (sorted IRIs)."""

    source: str
    target: str
    relation: str
    agreements: tuple[str, ...]


def edges(
    store: Store,
    rel: Relation,
    as_of: dt.date,
    statuses: Sequence[Status] = (Status.in_force,),
    around: Sequence[NamedNode] | None = None,
) -> list[Edge]:
    """Edges of ``rel`` on ``as_of`` among agreements with one of ``statuses``.

    Without ``around`` each unordered pair appears once (``source`` < ``target``); with it,
    ``source`` is one of the given states and ``target`` each of its partners.
    """
    values: dict[str, Term | Sequence[Term]] = {}
    if around is not None:
        if not around:
            return []
        around_clause = "VALUES ?x { $around }"
        values["around"] = list(around)
        order = ""
    else:
        around_clause = ""
        order = "FILTER(STR(?x) < STR(?y))"
    query = _EDGES % {
        "around": around_clause,
        "pattern": relation_pattern(rel, "?x", "?y", "?agreement", list(statuses)),
        "order": order,
    }
    rows = store.select(render(query, {**values, "as_of": date_literal(as_of)}))
    grouped: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        grouped[(row["x"].value, row["y"].value)].add(row["agreement"].value)
    return [
        Edge(x, y, rel.name, tuple(sorted(agreements)))
        for (x, y), agreements in sorted(grouped.items())
    ]
