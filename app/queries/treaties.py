"""Named treaties and their members on a date: NATO, CSTO, the Rio Treaty, ANZUS...

The datasets know a multilateral treaty as an alliance node (``pg:Alliance``) whose parts
(``dct:hasPart``) are one agreement per pair of members; the curated graph gives such treaties
the names people use (``graph_data/treaty-names.ttl``) through ``pg:sameTreatyAs``. A named
treaty is a node with an ``rdfs:label`` in a bundled graph linked that way (a name-only node,
or a curated agreement that is the same treaty as a dataset's).

Members on a date are the parties of the treaty's parts whose status on that date is one of
the statuses asked for, read through the one as-of rule (:func:`app.ontology.status_pattern`):
a state that left the treaty is no longer a member, and a curated treaty with no dataset
parts counts its own parties.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from app.errors import NotFound
from app.graphs import BUNDLE_GRAPH_PREFIX
from app.ontology import (
    ID_NS,
    SPARQL_PREFIXES,
    BeyondCoverage,
    Status,
    date_literal,
    status_pattern,
)
from app.store import Store, render
from app.store.terms import Term

__all__ = ["Treaty", "named_treaties", "treaty_members"]

_NAMED = (
    SPARQL_PREFIXES
    + """
SELECT DISTINCT ?treaty ?label WHERE {
  { ?treaty pg:sameTreatyAs ?whole } UNION { ?whole pg:sameTreatyAs ?treaty }
  GRAPH ?g { ?treaty rdfs:label ?label }
  FILTER(STRSTARTS(STR(?g), $bundle_prefix))
}"""
)
_MEMBERS = (
    SPARQL_PREFIXES
    + """
SELECT DISTINCT ?member WHERE {
  { $treaty pg:sameTreatyAs ?whole . ?whole dct:hasPart ?part }
  UNION { ?whole pg:sameTreatyAs $treaty . ?whole dct:hasPart ?part }
  UNION { $treaty a pg:Agreement . BIND($treaty AS ?part) }
  ?part pg:party ?member .
  %s
}"""
)


@dataclass(frozen=True)
class Treaty:
    """A named treaty and its members (state IRIs, sorted) on ``as_of``."""

    iri: str
    #: The IRI's path under the id namespace (``treaty/north-atlantic-treaty-1949``): what
    #: ``treaty=`` accepts, with the name or a part of it.
    id: str
    label: str
    as_of: dt.date
    members: tuple[str, ...]


def named_treaties(store: Store) -> dict[str, str]:
    """Every named treaty: its id (see :attr:`Treaty.id`) and its name, ordered by name."""
    rows = store.select(render(_NAMED, {"bundle_prefix": Literal(BUNDLE_GRAPH_PREFIX)}))
    found: dict[str, str] = {}
    for row in rows:
        ident = row["treaty"].value.removeprefix(ID_NS)
        # Two labels for one node (two languages): the first by name, so answers are stable.
        found[ident] = min(found.get(ident, row["label"].value), row["label"].value)
    return dict(sorted(found.items(), key=lambda item: (item[1].lower(), item[0])))


def treaty_members(
    store: Store,
    name: str,
    as_of: dt.date,
    statuses: Sequence[Status] = (Status.in_force,),
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> Treaty:
    """The treaty ``name`` (an id, the full name or a part of it: ``NATO``) and its members.

    :raises NotFound: no named treaty matches ``name``; the error lists them.
    """
    treaties = named_treaties(store)
    wanted = name.strip().lower()
    ident = next((i for i in treaties if i.lower() == wanted), None) or next(
        (i for i, label in treaties.items() if wanted and wanted in label.lower()), None
    )
    if ident is None:
        raise NotFound(
            f"no named treaty matches {name!r}; known: {'; '.join(treaties.values())}",
            parameter="treaty",
            valid=list(treaties),
        )
    node = NamedNode(ID_NS + ident)
    query = _MEMBERS % status_pattern("?part", list(statuses), beyond_coverage=beyond_coverage)
    values: dict[str, Term | Sequence[Term]] = {"treaty": node, "as_of": date_literal(as_of)}
    members = sorted({row["member"].value for row in store.select(render(query, values))})
    return Treaty(node.value, ident, treaties[ident], as_of, tuple(members))
