"""A dyad: every agreement two states are parties to, with its status history and events.

The dyad timeline (``/explore/dyad?a=KOR&b=JPN``) draws this record: one bar per agreement,
coloured by status period, and its lifecycle events with their quotes. The status periods
are the ones :mod:`app.rules` computes and every "holds on date D" reads
(:func:`app.ontology.status_pattern`), so the timeline and the network never disagree; a
period past a dataset's horizon carries ``observed_until``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pyoxigraph import NamedNode

from app.errors import InvalidParameter
from app.ontology import SPARQL_PREFIXES
from app.queries.agreements import AgreementDetail, agreement_record
from app.queries.states import StateRecord, resolve_state
from app.store import Store, render

__all__ = ["MAX_DYAD_AGREEMENTS", "Dyad", "dyad"]

#: Most agreements one dyad record holds (a pair of old allies in two datasets has dozens);
#: the earliest signed come first and ``total`` says how many there are.
MAX_DYAD_AGREEMENTS = 60

_BETWEEN = (
    SPARQL_PREFIXES
    + """
SELECT DISTINCT ?agreement ?signed WHERE {
  ?agreement pg:party|pg:intermediary $a .
  ?agreement pg:party|pg:intermediary $b .
  ?agreement a pg:Agreement .
  OPTIONAL { ?agreement pg:signed ?signed }
}"""
)


@dataclass
class Dyad:
    """Two states and the agreements both are parties (or intermediaries) to."""

    a: StateRecord
    b: StateRecord
    #: Full records, ordered by signing date (undated last), then IRI.
    agreements: list[AgreementDetail]
    #: How many agreements the pair has in all (``agreements`` holds the first
    #: :data:`MAX_DYAD_AGREEMENTS`).
    total: int


def dyad(store: Store, a: str, b: str, as_of: dt.date | None = None) -> Dyad:
    """The agreements between the states ``a`` and ``b`` (codes or names), in full.

    ``as_of`` (default today) sets the status each agreement's summary reports.

    :raises InvalidParameter: a state nobody knows, or the same state twice.
    """
    first = resolve_state(store, a, "a")
    second = resolve_state(store, b, "b")
    if first.iri == second.iri:
        raise InvalidParameter(
            f"a and b name the same state ({first.id}); a dyad needs two states", parameter="b"
        )
    rows = store.select(render(_BETWEEN, {"a": NamedNode(first.iri), "b": NamedNode(second.iri)}))
    signed: dict[str, str] = {}
    for row in rows:
        iri = row["agreement"].value
        # Two signing dates (two sources disagreeing): the earlier orders the agreement.
        day = row["signed"].value if "signed" in row else "9999"
        signed[iri] = min(signed.get(iri, day), day)
    ordered = sorted(signed, key=lambda iri: (signed[iri], iri))
    when = as_of or dt.date.today()
    return Dyad(
        a=first,
        b=second,
        agreements=[
            agreement_record(store, NamedNode(iri), when) for iri in ordered[:MAX_DYAD_AGREEMENTS]
        ],
        total=len(ordered),
    )
