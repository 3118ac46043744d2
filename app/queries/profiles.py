"""What a state's page says beyond its record: partners over time and reported counts.

* :func:`partner_counts` — a state's number of partners per relation at the end of each
  year, in one query per relation: the as-of pattern of :func:`app.ontology.relation_pattern`
  evaluated against a ``VALUES`` list of dates instead of one bound date.
* :func:`reported_counts` — counts a source reported (``pg:ReportedCount``) next to what the
  graph holds for the same state, type and date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from pyoxigraph import NamedNode

from app.ontology import (
    PG_NS,
    SPARQL_PREFIXES,
    BeyondCoverage,
    Relation,
    Status,
    date_literal,
    period_end,
    relation_pattern,
    type_relation,
)
from app.queries.evidence import SourceRef, sources_for
from app.store import Store, render, sparql_term

__all__ = ["ReportedCount", "partner_counts", "reported_counts"]

_COUNTS = (
    SPARQL_PREFIXES
    + """
SELECT ?day (COUNT(DISTINCT ?partner) AS ?n) WHERE {
  VALUES ?day { %(days)s }
  %(pattern)s
} GROUP BY ?day"""
)


def partner_counts(
    store: Store,
    state: NamedNode,
    relations: Sequence[Relation],
    days: Sequence[dt.date],
    statuses: Sequence[Status] = (Status.in_force,),
    *,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> dict[str, dict[dt.date, int]]:
    """Number of distinct partners of ``state`` per relation on each of ``days``.

    The relation pattern is the one as-of rule; its ``$as_of`` placeholder is bound to the
    ``?day`` variable of a VALUES list, so a whole time series costs one query per relation.
    """
    days_text = " ".join(sparql_term(date_literal(d)) for d in days)
    result: dict[str, dict[dt.date, int]] = {}
    for rel in relations:
        pattern = relation_pattern(
            rel, "$state", "?partner", "?agreement", list(statuses), beyond_coverage=beyond_coverage
        )
        query = _COUNTS % {"days": days_text, "pattern": pattern.replace("$as_of", "?day")}
        counts = dict.fromkeys(days, 0)
        for row in store.select(render(query, {"state": state})):
            counts[dt.date.fromisoformat(row["day"].value)] = int(row["n"].value)
        result[rel.name] = counts
    return result


_REPORTED = (
    SPARQL_PREFIXES
    + """
SELECT ?r ?type ?count ?on WHERE {
  ?r a pg:ReportedCount ; pg:reportedSubject $state ; pg:reportedCount ?count .
  OPTIONAL { ?r pg:reportedType ?type }
  OPTIONAL { ?r pg:reportedOn ?on }
} ORDER BY ?on ?type"""
)


@dataclass
class ReportedCount:
    """A count a source reported, and the graph's own count for the same question."""

    iri: str
    type: str | None
    reported: int
    reported_on: str | None
    #: Partners through agreements of ``type`` (or narrower) in force at the end of
    #: ``reported_on`` (today when undated), by the one as-of rule (intermediaries included).
    held: int
    sources: list[SourceRef] = field(default_factory=list)


def reported_counts(store: Store, state: NamedNode) -> list[ReportedCount]:
    """Every reported count about ``state``, each next to what the graph holds."""
    found: list[ReportedCount] = []
    for row in store.select(render(_REPORTED, {"state": state})):
        on = row["on"].value if "on" in row else None
        try:
            day = period_end(on) if on else dt.date.today()
        except ValueError:
            day = dt.date.today()
        held = 0
        type_node = row.get("type")
        if isinstance(type_node, NamedNode):
            rel = type_relation(type_node)
            held = partner_counts(store, state, [rel], [day])[rel.name][day]
        found.append(
            ReportedCount(
                iri=row["r"].value,
                type=type_node.value.removeprefix(PG_NS) if type_node is not None else None,
                reported=int(row["count"].value),
                reported_on=on,
                held=held,
            )
        )
    cited = sources_for(store, [r.iri for r in found])
    for item in found:
        item.sources = cited.get(item.iri, [])
    return found
