"""The table view of a network: one row per tie, for screen readers and for copying.

The explorer's table and its CSV download show the same rows as the picture (the graph of
:func:`app.views.network.network_graph`, or of a path or a comparison), in words: the two
states, the relation's exact label, how many agreements make the tie, and its flags.
"""

from __future__ import annotations

import csv
import io
from dataclasses import astuple, dataclass, fields

import networkx as nx

from app.views.styles import RELATION_STYLES

__all__ = ["TableRow", "table_csv", "table_rows"]


@dataclass(frozen=True)
class TableRow:
    """One tie of a view."""

    state_a: str
    code_a: str
    state_b: str
    code_b: str
    relation: str
    relation_label: str
    agreements: int
    obligation_kinds: str
    #: Compare mode: added, removed or unchanged (empty otherwise).
    change: str
    #: The dataset's last year when the tie rests only on agreements past it.
    observed_until: str


def table_rows(graph: nx.MultiGraph) -> list[TableRow]:
    """The ties of ``graph``, ordered by the first state's name, the second's, the relation."""
    rows = []
    for u, v, rel, data in graph.edges(keys=True, data=True):
        a, b = sorted((graph.nodes[u], graph.nodes[v]), key=lambda n: (n["label"], n["code"]))
        rows.append(
            TableRow(
                state_a=a["label"],
                code_a=a["code"],
                state_b=b["label"],
                code_b=b["code"],
                relation=rel,
                relation_label=RELATION_STYLES[rel].label,
                agreements=len(data["agreements"]),
                obligation_kinds=", ".join(data.get("obligation_kinds", ())),
                change=data.get("change", ""),
                observed_until=data.get("observed_until") or "",
            )
        )
    return sorted(rows, key=lambda r: (r.state_a, r.state_b, r.relation))


def _cell(value: object) -> object:
    # A cell a spreadsheet would run as a formula (=, +, -, @) is written as text.
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else value


def table_csv(rows: list[TableRow]) -> str:
    """The rows as CSV with a header line (cells that look like formulas quoted as text)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([f.name for f in fields(TableRow)])
    for row in rows:
        writer.writerow([_cell(v) for v in astuple(row)])
    return out.getvalue()
