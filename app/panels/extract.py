"""What a panel reads from the store, as Arrow tables: system membership, ties and their dates.

Three readings, each one query per source, none per year (years are expanded by the columnar
engine in :mod:`app.panels.build`):

* :func:`system_spells`: COW state-system membership spells (state, COW code, ISO code, first
  and last year). A spell COW leaves open at its horizon (2016) has no last year: the panel
  carries the state on, as peacesciencer's ``create_dyadyears(mry = TRUE)`` does.
* :func:`dataset_ties`: a dataset's own agreements as directed ties with the years they cover,
  read at the precision of the dataset's year coding (an agreement counts in every year from
  its first to its last, the way ATOP and COW code dyad-years). Obligation columns read the
  per-member obligations through the directed branch of :func:`app.ontology.relation_pattern`
  (ATOP's ``pg:obligation`` nodes, or the same duties both ways when the members' duties do
  not differ); symmetric columns read joint party-hood through the same function.
* :func:`relation_periods`: pactgraph's relations with the exact days they held, from the
  status periods (:func:`app.ontology.status_periods_pattern`), the interval form of the one
  as-of rule.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from app.ingest.datasets.cow_states import SYSTEM, record_ccode
from app.ingest.datasets.naming import AGREEMENT_PREFIX
from app.ontology import (
    PG,
    RELATIONS,
    SPARQL_PREFIXES,
    Status,
    period_bounds,
    relation_pattern,
    status_periods_pattern,
)
from app.panels.sources import PG_RELATIONS, PanelSource
from app.store import Row, Store, render

__all__ = ["agreement_id", "dataset_ties", "relation_periods", "system_spells"]

_SPELLS = (
    SPARQL_PREFIXES
    + """
SELECT ?state ?record ?from ?until ?iso3 WHERE {
  ?m org:organization $system ; org:member ?state ; pg:inForceFrom ?from ;
     pg:datasetRecord/pg:recordId ?record .
  OPTIONAL { ?m pg:inForceUntil ?until }
  OPTIONAL { ?state pg:iso3 ?iso3 }
}"""
)

SPELL_SCHEMA = pa.schema(
    [
        ("state", pa.string()),
        ("ccode", pa.int16()),
        ("iso3", pa.string()),
        ("y0", pa.int16()),
        ("y1", pa.int16()),
    ]
)

TIE_SCHEMA = pa.schema(
    [
        ("col", pa.string()),
        ("a", pa.string()),
        ("b", pa.string()),
        ("agreement", pa.string()),
        ("y0", pa.int16()),
        ("y1", pa.int16()),
    ]
)

PERIOD_SCHEMA = pa.schema(
    [
        ("col", pa.string()),
        ("a", pa.string()),
        ("b", pa.string()),
        ("agreement", pa.string()),
        ("f", pa.date32()),
        ("u", pa.date32()),
    ]
)


def agreement_id(iri: str) -> str:
    """An agreement as the ``provenance`` column names it: relative to ``.../id/agreement/``
    (``atop/3440/365-731``), or the full IRI for one minted elsewhere. Full IRIs would triple
    the size of every file for a prefix the codebook states once."""
    return iri.removeprefix(AGREEMENT_PREFIX)


def _first_year(lexical: str) -> int:
    return period_bounds(lexical)[0].year


def system_spells(store: Store) -> pa.Table:
    """COW state-system membership spells; ``y1`` null: open at COW's horizon."""
    rows = store.select(render(_SPELLS, {"system": SYSTEM}))
    columns: dict[str, list[object]] = {name: [] for name in SPELL_SCHEMA.names}
    for row in rows:
        columns["state"].append(row["state"].value)
        columns["ccode"].append(record_ccode(row["record"].value))
        columns["iso3"].append(row["iso3"].value if "iso3" in row else None)
        columns["y0"].append(_first_year(row["from"].value))
        columns["y1"].append(_first_year(row["until"].value) if "until" in row else None)
    return pa.table(columns, schema=SPELL_SCHEMA)


#: Per source: agreement-type concept → column. Dataset agreements carry these concepts
#: directly (never a narrower one), so the types are matched as they are.
_TIE_COLUMNS: dict[str, dict[str, str]] = {
    "atop": {
        PG.DefenseObligation.value: "atop_defense",
        PG.OffenseObligation.value: "atop_offense",
        PG.NeutralityObligation.value: "atop_neutral",
        PG.NonAggressionObligation.value: "atop_nonagg",
        PG.ConsultationObligation.value: "atop_consul",
    },
    "cow": {
        PG.DefenseObligation.value: "cow_defense",
        PG.NeutralityObligation.value: "cow_neutral",
        PG.NonAggressionObligation.value: "cow_nonagg",
        PG.ConsultationObligation.value: "cow_entente",
    },
    "dcad": {PG.DefenseCooperation.value: "dcad_dca"},
}

# The directed branch of relation_pattern with the type left open, so one reading serves every
# column of a source: an obligation node gives its obligor -> beneficiary; an agreement
# without obligation nodes (all parties took on the same duties) gives every ordered pair of
# parties. For COW and DCAD, which have no obligation nodes, that is joint party-hood both
# ways. Two queries, not a UNION: pyoxigraph evaluates the UNION about five times slower.
# tests/datasets/test_panels.py checks the reading against relation_pattern itself.
_DATES = """
  OPTIONAL { ?ag pg:inForceFrom ?from }
  OPTIONAL { ?ag pg:inForceUntil ?until }
  OPTIONAL { ?ag pg:signed ?signed }"""
_TIES = (
    SPARQL_PREFIXES
    + """
SELECT ?type ?a ?b ?ag ?from ?until ?signed WHERE {
  ?ag pg:datasetRecord/pg:dataset $source .
  ?ag pg:obligation ?ob . ?ob pg:obligationType ?type ; pg:obligor ?a ; pg:beneficiary ?b .
  %(dates)s
}""",
    SPARQL_PREFIXES
    + """
SELECT ?type ?a ?b ?ag ?from ?until ?signed WHERE {
  ?ag pg:datasetRecord/pg:dataset $source .
  ?ag pg:agreementType ?type ; pg:party ?a, ?b .
  FILTER(?a != ?b) FILTER NOT EXISTS { ?ag pg:obligation ?_any }
  %(dates)s
}""",
)


def dataset_ties(store: Store, source: PanelSource) -> pa.Table:
    """Directed ties of ``source``'s own agreements, with their first and last year.

    Symmetric columns come in both directions. ``y1`` is null for an agreement still running
    at the dataset's horizon (coded up to the horizon by the caller). DCAD adds
    ``dcad_signed`` ties covering the year of signature only. An agreement without an entry
    into force counts from its signature (DCAD leaves some EIF dates empty), as the as-of rule
    does.
    """
    assert source.dataset is not None
    columns = _TIE_COLUMNS[source.key]
    out: dict[str, list[object]] = {name: [] for name in TIE_SCHEMA.names}

    def add(column: str, a: str, b: str, agreement: str, y0: int, y1: int | None) -> None:
        for name, value in zip(TIE_SCHEMA.names, (column, a, b, agreement, y0, y1), strict=True):
            out[name].append(value)

    signed_seen: set[tuple[str, str, str]] = set()
    found = (
        row
        for query in _TIES
        for row in store.select(
            render(query % {"dates": _DATES}, {"source": source.dataset.source})
        )
    )
    for row in found:
        column = columns.get(row["type"].value)
        start = row.get("from") or row.get("signed")
        if column is None or start is None:
            continue
        a, b, agreement = row["a"].value, row["b"].value, agreement_id(row["ag"].value)
        until = _first_year(row["until"].value) if "until" in row else None
        add(column, a, b, agreement, _first_year(start.value), until)
        if source.key == "dcad" and "signed" in row and (a, b, agreement) not in signed_seen:
            signed_seen.add((a, b, agreement))
            year = _first_year(row["signed"].value)
            add("dcad_signed", a, b, agreement, year, year)
    return pa.table(out, schema=TIE_SCHEMA)


_PERIODS = (
    SPARQL_PREFIXES
    + """
SELECT ?a ?b ?ag ?from ?until WHERE {
  %(pattern)s
}"""
)


def relation_periods(store: Store) -> pa.Table:
    """Directed ties of pactgraph's relations (both directions) with the days they held.

    ``f`` is the first day, ``u`` the day after the last (null: still holding).
    """
    rows: list[tuple[str, Row]] = []
    # One query per relation: pyoxigraph evaluates a UNION of them several times slower.
    for column, name in PG_RELATIONS.items():
        # Periods first: pyoxigraph then joins each period to its agreement's parties, about
        # twice as fast as the other order on the full store.
        periods = status_periods_pattern("?ag", [Status.in_force], "?from", "?until")
        link = relation_pattern(RELATIONS[name], "?a", "?b", "?ag", [Status.any])
        rows.extend((column, row) for row in store.select(_PERIODS % {"pattern": periods + link}))
    out: dict[str, list[object]] = {name: [] for name in PERIOD_SCHEMA.names}
    for column, row in rows:
        until = row.get("until")
        values = (
            column,
            row["a"].value,
            row["b"].value,
            agreement_id(row["ag"].value),
            dt.date.fromisoformat(row["from"].value),
            dt.date.fromisoformat(until.value) if until is not None else None,
        )
        for name, value in zip(PERIOD_SCHEMA.names, values, strict=True):
            out[name].append(value)
    return pa.table(out, schema=PERIOD_SCHEMA)
