"""The projected state network as files for Gephi, R, Stata and pandas.

Formats (:data:`FORMATS`): GraphML and GEXF (attributes must be scalars there, so lists are
joined with single spaces: relation names and agreement IRIs never contain one), CSV (an edge
list or a node list, one table per file; a text cell a spreadsheet would run as a formula is
prefixed with ``'``, see :func:`spreadsheet_safe`) and node-link JSON (attributes kept as lists, and
``by_relation`` kept as an object). Every format carries, per node, the IRI, ISO code and
label; per edge, the relation types, the agreement IRIs, ``weight`` (number of agreements) and
``observed_until`` when the tie rests only on agreements past their dataset's horizon (the
dataset's last year; absent in GraphML and GEXF, empty in CSV, null in JSON otherwise).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import networkx as nx

from app.analytics._common import one_of
from app.analytics.projection import project
from app.media import EXPORT_FORMATS
from app.ontology import BeyondCoverage, Status
from app.store import Store

__all__ = [
    "FORMATS",
    "TABLES",
    "Export",
    "Format",
    "export",
    "flat_graph",
    "spreadsheet_safe",
    "to_csv",
    "to_gexf",
    "to_graphml",
    "to_json",
]

Format = Literal["graphml", "gexf", "csv", "json"]
FORMATS: tuple[str, ...] = get_args(Format)
Table = Literal["edges", "nodes"]
TABLES: tuple[str, ...] = get_args(Table)

_EDGE_COLUMNS = [
    "source",
    "target",
    "source_code",
    "target_code",
    "source_label",
    "target_label",
    "relations",
    "agreements",
    "weight",
    "observed_until",
]
_NODE_COLUMNS = ["id", "code", "label", "degree"]
#: First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula
#: (OWASP, "CSV Injection"); a label is data anyone with a token can write.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Export:
    """A serialised graph and how to deliver it."""

    content: bytes
    media_type: str
    filename: str


def _scalar(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    return value


def flat_graph(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` (a multigraph stays one) whose attributes are all scalars (lists
    joined by spaces).

    Nested mappings (``by_relation``) are dropped: ``relations`` and ``agreements`` hold the
    same facts in flat form. ``None`` values are dropped too (GraphML has no null).

    Examples
    --------
    >>> g = nx.Graph(relations=["allied_with"])
    >>> g.add_edge("a", "b", relations=["allied_with", "strategic_partner_of"], by_relation={})
    >>> flat = flat_graph(g)
    >>> flat.graph, flat.edges["a", "b"]
    ({'relations': 'allied_with'}, {'relations': 'allied_with strategic_partner_of'})
    """
    flat = nx.MultiGraph() if graph.is_multigraph() else nx.Graph()
    flat.graph.update(_flat(graph.graph))
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **_flat(data))
    # A multigraph keeps its edge keys (the explorer's relation per edge).
    found = graph.edges(keys=True, data=True) if graph.is_multigraph() else graph.edges(data=True)
    for u, v, *key, data in found:
        flat.add_edge(u, v, *key, **_flat(data))
    return flat


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    return {k: _scalar(v) for k, v in data.items() if v is not None and not isinstance(v, dict)}


def to_graphml(graph: nx.Graph) -> bytes:
    """GraphML of the flattened graph: the one GraphML writer (analytics exports and the
    explorer's view).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_edge("a", "b", relations=["allied_with"], weight=1)
    >>> back = nx.read_graphml(io.BytesIO(to_graphml(g)))
    >>> back.edges["a", "b"]
    {'relations': 'allied_with', 'weight': 1}
    """
    return "\n".join(nx.generate_graphml(flat_graph(graph))).encode()


def to_gexf(graph: nx.Graph) -> bytes:
    """GEXF 1.2 of the flattened graph (node ``label`` becomes the GEXF label)."""
    return "\n".join(nx.generate_gexf(flat_graph(graph))).encode()


def to_json(graph: nx.Graph) -> bytes:
    """Node-link JSON (networkx's ``node_link_data`` with ``edges`` as the edge key)."""
    data = nx.node_link_data(graph, edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def spreadsheet_safe(value: object) -> object:
    """``value``, with a ``'`` before a text that a spreadsheet would evaluate as a formula.

    Spreadsheets show the ``'`` as "text follows" and not as part of the cell; other readers
    see it, which is the price of opening a file from the web safely. Numbers pass unchanged.

    Examples
    --------
    >>> spreadsheet_safe("=1+1"), spreadsheet_safe("1+1"), spreadsheet_safe(-1)
    ("'=1+1", '1+1', -1)
    """
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def to_csv(graph: nx.Graph, table: str = "edges") -> bytes:
    """One table as CSV: the edge list (``edges``) or the node list (``nodes``).

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("x", code="X", label="Ex")
    >>> g.add_node("y", code="Y", label="Why")
    >>> g.add_edge("x", "y", relations=["allied_with"], agreements=["ag1"], weight=1)
    >>> to_csv(g, "nodes").decode().splitlines()
    ['id,code,label,degree', 'x,X,Ex,1', 'y,Y,Why,1']
    """
    one_of(table, TABLES, "table", "table")
    out = io.StringIO()
    rows: list[dict[str, object]] = []
    if table == "nodes":
        columns = _NODE_COLUMNS
        for node, data in sorted(graph.nodes(data=True)):
            rows.append(
                {
                    "id": node,
                    "code": data.get("code", node),
                    "label": data.get("label", node),
                    "degree": graph.degree(node),
                }
            )
    else:
        columns = _EDGE_COLUMNS
        for u, v in sorted(tuple(sorted(e)) for e in graph.edges()):
            data = graph.edges[u, v]
            rows.append(
                {
                    "source": u,
                    "target": v,
                    "source_code": graph.nodes[u].get("code", u),
                    "target_code": graph.nodes[v].get("code", v),
                    "source_label": graph.nodes[u].get("label", u),
                    "target_label": graph.nodes[v].get("label", v),
                    "relations": _scalar(data.get("relations", [])),
                    "agreements": _scalar(data.get("agreements", [])),
                    "weight": data.get("weight", 1),
                    "observed_until": data.get("observed_until") or "",
                }
            )
    # RFC 4180 line ends (the csv module's default): with them, a CR inside a label is quoted.
    writer = csv.DictWriter(out, columns)
    writer.writeheader()
    writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    return out.getvalue().encode()


def export(
    store: Store,
    fmt: str,
    relations: Sequence[str] | None = None,
    as_of: dt.date | None = None,
    statuses: Sequence[Status] = (Status.in_force,),
    table: str = "edges",
    *,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
) -> Export:
    """The projection of ``relations`` on ``as_of`` serialised as ``fmt``.

    :raises InvalidParameter: unknown format, table or relation.
    """
    one_of(fmt, FORMATS, "format", "format")
    one_of(table, TABLES, "table", "table")  # checked for every format: a typo is not "edges"
    graph = project(store, relations, as_of, statuses, beyond_coverage=beyond_coverage)
    stem = f"pactgraph-{graph.graph['as_of']}"
    if fmt == "csv":
        return Export(to_csv(graph, table), EXPORT_FORMATS[fmt].content_type, f"{stem}-{table}.csv")
    writer = {"graphml": to_graphml, "gexf": to_gexf, "json": to_json}[fmt]
    return Export(writer(graph), EXPORT_FORMATS[fmt].content_type, f"{stem}.{fmt}")
