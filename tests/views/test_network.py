"""The network view: which states and edges a view holds, and the HTML and GraphML made of it."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any

import networkx as nx
import pytest

from app.analytics.projection import Scope, cache_info, project
from app.errors import InvalidParameter, NotFound
from app.ontology import BeyondCoverage, parse_as_of
from app.store import Store
from app.views.network import (
    LAYOUT_THRESHOLD,
    View,
    layout,
    network_graph,
    network_graphml,
    network_html,
    parse_view,
    spring_positions,
    vis_data,
)
from app.views.styles import RELATION_STYLES
from tests.views.data import HOSTILE_STATE, ST

INTEL = "shares_intelligence_with"
#: The mini world's China-Russia tie is a formal alliance obligation, not a defense pact: the
#: views that walk through it ask for it by name (the default view draws allies only).
WIDE = (
    "shares_intelligence_with,has_alliance_with,logistics_partner_of,defense_cooperation_with,"
    "strategic_partner_of"
)


def view_of(
    store: Store,
    types: str | None = None,
    as_of: str | None = None,
    status: str | None = None,
    **rest: Any,
) -> View:
    """The view of query-string values, read as /api/v1/views reads them."""
    scope = Scope.parse(types, parse_as_of(as_of), status, BeyondCoverage.include)
    return parse_view(store, scope, **rest)


def codes(graph: nx.MultiGraph) -> set[str]:
    return {n.removeprefix(ST) for n in graph.nodes}


def relations(graph: nx.MultiGraph) -> set[tuple[str, str, str]]:
    """Edges as (code, code, relation), the codes in alphabetical order."""
    found = set()
    for a, b, key in graph.edges(keys=True):
        x, y = sorted((a.removeprefix(ST), b.removeprefix(ST)))
        found.add((x, y, key))
    return found


def test_focus_and_hops_bound_the_view(world: Store) -> None:
    one = network_graph(world, view_of(world, focus="China", hops=1, types=WIDE))
    assert codes(one) == {"CHN", "RUS"}
    three = network_graph(world, view_of(world, focus="CHN", hops=3, types=WIDE))
    assert codes(three) == {"CHN", "RUS", "KOR", "JPN", "USA", "XSS"}
    # The outer ring is closed: Japan and the United States are both three hops away.
    assert ("JPN", "USA", INTEL) in relations(three)
    assert three.nodes[ST + "CHN"]["focus"] and not three.nodes[ST + "RUS"]["focus"]


def test_date_of_the_view_drops_and_restores_the_kor_jpn_gsomia(world: Store) -> None:
    before = network_graph(world, view_of(world, focus="KOR", as_of="2015"))
    after = network_graph(world, view_of(world, focus="KOR", as_of="2017"))
    assert ("JPN", "KOR", INTEL) not in relations(before)
    assert ("JPN", "KOR", INTEL) in relations(after)


def test_status_filter_adds_the_proposed_agreement(world: Store) -> None:
    in_force = network_graph(world, view_of(world, focus="KOR", types=INTEL))
    proposed = network_graph(
        world, view_of(world, focus="KOR", types=INTEL, status="in_force,proposed")
    )
    assert ("CHN", "KOR", INTEL) not in relations(in_force)
    assert ("CHN", "KOR", INTEL) in relations(proposed)


def test_expanding_a_state_adds_its_partners(world: Store) -> None:
    graph = network_graph(world, view_of(world, focus="CHN", expand="RUS"))
    assert codes(graph) == {"CHN", "RUS", "KOR"}


def test_whole_graph_without_focus_has_degrees_and_regions(world: Store) -> None:
    graph = network_graph(world, view_of(world, types=WIDE))
    assert {"CHN", "RUS", "KOR", "JPN", "USA", "XSS"} <= codes(graph)
    kor = graph.nodes[ST + "KOR"]
    assert kor["degree"] == 4 and kor["region"] == "Asia" and kor["label"] == "South Korea"
    assert graph.nodes[ST + "XSS"]["region"] == "Other"


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"types": "friends_with"}, InvalidParameter),
        ({"hops": 4}, InvalidParameter),
        ({"status": "maybe"}, InvalidParameter),
        ({"as_of": "last week"}, InvalidParameter),
        ({"focus": "Atlantis"}, NotFound),
    ],
)
def test_invalid_view_parameters_are_refused(
    world: Store, params: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        view_of(world, **params)  # type: ignore[arg-type]


def test_view_parameters_round_trip(world: Store) -> None:
    view = view_of(world, focus="China", types=INTEL, as_of="2015", hops=2, expand="KOR")
    assert view.params() == {
        "focus": "CHN",
        "types": INTEL,
        "as_of": "2015-12-31",
        "hops": "2",
        "status": "in_force",
        "expand": "KOR",
    }
    assert view.as_of == dt.date(2015, 12, 31)


def embedded_json(html: str, element: str) -> object:
    match = re.search(rf'<script id="{element}" type="application/json">(.*?)</script>', html)
    assert match is not None
    return json.loads(match.group(1))


def test_network_document_escapes_labels_and_uses_local_assets(world: Store) -> None:
    view = view_of(world, focus="KOR")
    html = network_html(network_graph(world, view), f"around {HOSTILE_STATE}")
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the escaped title
    assert "cdn" not in html.lower()
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert '<script src="/static/vendor/vis-network.min.js"></script>' in html
    nodes = embedded_json(html, "pg-nodes")
    assert isinstance(nodes, list)
    hostile = next(n for n in nodes if n["code"] == "XSS")
    # Data reaches the script as JSON and vis shows it as text (canvas label, innerText title).
    assert hostile["label"] == HOSTILE_STATE
    assert hostile["title"].startswith(HOSTILE_STATE)
    options = json.loads(str(embedded_json(html, "pg-options")))
    assert options["physics"]["enabled"] is True


def test_edges_are_styled_per_relation_and_nodes_sized_by_degree(world: Store) -> None:
    nodes, links = vis_data(network_graph(world, view_of(world, types=WIDE)))
    sizes = {n["code"]: n["size"] for n in nodes}
    assert sizes["KOR"] > sizes["CHN"]
    for link in links:
        style = RELATION_STYLES[link["relation"]]
        assert link["color"] == style.colour
        assert link["dashes"] == (list(style.dashes) if style.dashes else False)
        assert link["arrows"] == ""


def chain(length: int) -> nx.MultiGraph:
    graph = nx.MultiGraph()
    for i in range(length):
        node = f"{ST}S{i:02d}"
        graph.add_node(node, label=f"S{i}", code=f"S{i}", region="Other", degree=2, focus=False)
        if i:
            graph.add_edge(f"{ST}S{i - 1:02d}", node, key=INTEL, agreements=("a",))
    return graph


def test_server_side_layout_is_deterministic_and_turns_physics_off() -> None:
    graph = chain(LAYOUT_THRESHOLD + 1)
    positions = spring_positions(graph)
    assert positions == spring_positions(graph)
    nodes, links = vis_data(graph, positions=positions)
    assert all((n["x"], n["y"]) == positions[n["id"]] for n in nodes)
    assert not any("smooth" in link for link in links)  # straight, as the options say
    options = json.loads(
        str(embedded_json(network_html(graph, "t", positions=positions), "pg-options"))
    )
    assert options["physics"]["enabled"] is False
    assert options["edges"]["smooth"]["enabled"] is False


def test_fixed_positions_stay_and_new_states_are_placed_near_them() -> None:
    graph = chain(6)
    fixed = {f"{ST}S{i:02d}": (100.0 * i, 0.0) for i in range(5)}
    placed = spring_positions(graph, fixed)
    assert all(placed[n] == fixed[n] for n in fixed)
    assert f"{ST}S05" in placed


def test_layout_leaves_small_views_to_physics_and_places_every_node_of_large_ones(
    world: Store,
) -> None:
    small = network_graph(world, view_of(world))
    assert layout(world, small) is None  # small views settle with browser physics
    big = chain(LAYOUT_THRESHOLD + 1)
    positions = layout(world, big)
    assert positions is not None and set(positions) == set(big.nodes)


def test_graphml_export_reads_back_with_relations_and_agreements(world: Store) -> None:
    graph = network_graph(world, view_of(world, focus="KOR", as_of="2017", types=INTEL))
    back = nx.read_graphml(io.BytesIO(network_graphml(graph)), force_multigraph=True)
    assert back.nodes[ST + "JPN"]["label"] == "Japan"
    found = {
        (d["relation"], d["agreements"])
        for a, b, d in back.edges(data=True)
        if {a, b} == {ST + "KOR", ST + "JPN"}
    }
    assert (INTEL, "https://w3id.org/pactgraph/id/agreement/mini-kor-jpn") in found


def test_parallel_relations_between_one_pair_are_drawn_apart(world: Store) -> None:
    view = view_of(world, focus="CHN", types="has_alliance_with,cooperates_militarily_with")
    _, links = vis_data(network_graph(world, view))
    between = [
        link.get("smooth")
        for link in links
        if {link["from"], link["to"]} == {ST + "CHN", ST + "RUS"}
    ]
    assert len(between) == 2 and between[0] != between[1]


def test_views_are_cut_from_the_cached_analytics_projection(world: Store) -> None:
    view = view_of(world, focus="KOR", as_of="2017", types=INTEL)
    first = network_graph(world, view)
    hits = cache_info().hits
    again = network_graph(world, view)
    assert cache_info().hits == hits + 1 and relations(again) == relations(first)
    projected = project(world, [INTEL], view.as_of)
    assert cache_info().hits == hits + 2
    assert {frozenset(e) for e in again.edges()} <= {frozenset(e) for e in projected.edges()}
