"""The network view: a networkx graph of states from :func:`app.queries.relations.edges`,
rendered by pyvis with our own template, or exported as vis JSON and GraphML.

A view is a :class:`View` (focus states, relation types, date, hop depth, statuses, expanded
states). :func:`network_graph` reads it from the store, :func:`vis_data` styles it (node size
by degree, colour by region, colour and dash per relation), :func:`network_html` renders the
standalone document. Overlays (communities, centrality…) are functions that set node
attributes of the graph before styling (see :data:`NodeOverlay`).

Large views get their layout server-side (networkx spring layout, physics off) so the browser
draws at once; small views settle with physics in the browser, then physics stops.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from pyoxigraph import NamedNode
from pyvis.network import Network

from app.errors import InvalidParameter
from app.ontology import ID_NS, RELATIONS, BeyondCoverage, Status, parse_as_of, relation
from app.queries.evidence import observed_until
from app.queries.relations import Edge, edges
from app.queries.states import resolve_state, state_labels
from app.queries.treaties import treaty_members
from app.store import Store
from app.views.regions import REGION_COLOURS, region_of
from app.views.styles import CHANGE_STYLES, RELATION_STYLES
from app.views.templating import TEMPLATES

__all__ = [
    "DEFAULT_TYPES",
    "LAYOUT_THRESHOLD",
    "NodeOverlay",
    "Positions",
    "View",
    "describe_nodes",
    "layout",
    "network_graph",
    "network_graphml",
    "network_html",
    "parse_view",
    "spring_positions",
    "vis_data",
]

MAX_HOPS = 3
#: Above this many nodes the layout is computed here and physics starts switched off.
LAYOUT_THRESHOLD = 40


#: Relations drawn when the view names none: the specific ones, not their parents; allies
#: (defense or offense obligations), not every formal alliance obligation, which would bury
#: them under non-aggression and consultation pacts.
DEFAULT_TYPES: tuple[str, ...] = (
    "shares_intelligence_with",
    "allied_with",
    "logistics_partner_of",
    "defense_cooperation_with",
    "strategic_partner_of",
)

#: A function adding attributes to the graph's nodes before styling. Styling reads ``colour``
#: (overrides the region colour), ``size`` (overrides the size by degree), ``group`` and
#: ``notes`` (lines appended to the tooltip).
NodeOverlay = Callable[[nx.MultiGraph], None]


@dataclass(frozen=True)
class View:
    """What a network view shows; its query string reproduces it (:meth:`params`)."""

    as_of: dt.date
    focus: tuple[str, ...] = ()
    types: tuple[str, ...] = DEFAULT_TYPES
    hops: int = 1
    statuses: tuple[Status, ...] = (Status.in_force,)
    expand: tuple[str, ...] = ()
    beyond_coverage: BeyondCoverage = BeyondCoverage.include
    #: A named treaty (``treaty=NATO``): the view is its members on the date (``within``) and
    #: the ties among them.
    treaty: str = ""
    within: tuple[str, ...] = ()
    #: The date as the user gave it (``2015``), echoed in links; empty means today.
    as_of_text: str = field(default="", compare=False)

    def params(self) -> dict[str, str]:
        """Query parameters of this view, for links and exports (empty values left out)."""
        values = {
            "focus": ",".join(_code(i) for i in self.focus),
            "types": ",".join(self.types),
            "as_of": self.as_of_text,
            "hops": str(self.hops) if self.focus else "",
            "status": ",".join(s.value for s in self.statuses),
            "expand": ",".join(_code(i) for i in self.expand),
            "beyond_coverage": "" if self.beyond_coverage is BeyondCoverage.include else "exclude",
            "treaty": self.treaty,
        }
        return {k: v for k, v in values.items() if v}


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _code(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def parse_view(
    store: Store,
    focus: str | None = None,
    types: str | None = None,
    as_of: str | None = None,
    hops: int = 1,
    status: str | None = None,
    expand: str | None = None,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
    treaty: str | None = None,
) -> View:
    """Validate view parameters; states may be named by code or name (``CHN``, ``China``).

    ``treaty`` (an id or a name: ``NATO``) restricts the view to the treaty's members on the
    view's date (:func:`app.queries.treaties.treaty_members`).

    :raises InvalidParameter: an unknown relation or status, a bad date, hops outside 1 to 3.
    :raises NotFound: a state or a treaty nobody knows.
    """
    if not 1 <= hops <= MAX_HOPS:
        raise InvalidParameter(
            f"hops={hops} is out of range; use 1 to {MAX_HOPS}", parameter="hops"
        )
    names = _split(types)
    chosen = tuple(relation(n).name for n in names) if names else DEFAULT_TYPES
    try:
        statuses = tuple(Status(s) for s in _split(status)) or (Status.in_force,)
    except ValueError as exc:
        raise InvalidParameter(
            f"status={status!r} is not valid; use a comma list of {', '.join(Status)}",
            parameter="status",
            valid=list(Status),
        ) from exc
    day = parse_as_of(as_of)
    coverage = BeyondCoverage(beyond_coverage)
    within: tuple[str, ...] = ()
    if treaty:
        within = treaty_members(store, treaty, day, statuses, coverage).members
    return View(
        as_of=day,
        focus=tuple(dict.fromkeys(resolve_state(store, f, "focus").iri for f in _split(focus))),
        types=tuple(dict.fromkeys(chosen)),
        hops=hops,
        statuses=statuses,
        expand=tuple(dict.fromkeys(resolve_state(store, e, "expand").iri for e in _split(expand))),
        beyond_coverage=coverage,
        treaty=treaty or "",
        within=within,
        as_of_text=as_of or "",
    )


@functools.lru_cache(maxsize=64)
def _all_edges(
    store: Store,
    version: str,
    rel: str,
    as_of: dt.date,
    statuses: tuple[Status, ...],
    beyond_coverage: BeyondCoverage,
) -> tuple[Edge, ...]:
    """Every edge of one relation on one date, kept per data version (the key's ``version``).

    Moving the date slider back and forth, exporting the view on screen or reloading it
    then costs no query.
    """
    return tuple(edges(store, RELATIONS[rel], as_of, statuses, beyond_coverage=beyond_coverage))


def network_graph(store: Store, view: View) -> nx.MultiGraph:
    """The states and relations of ``view``: one edge per related pair and relation (key).

    Without focus: every edge of the chosen relations. With ``within`` (a treaty's members):
    those states and every edge among them. With focus: the states within
    ``hops`` of the focus and every edge among them (an ego graph), plus the direct
    neighbours of each expanded state. Nodes carry ``label``, ``code``, ``region``,
    ``degree`` (distinct neighbours) and ``focus``; edges ``relation``, ``agreements`` and
    ``observed_until`` (the horizon of a tie resting only on agreements past it).
    """
    graph = nx.MultiGraph()

    def around(states: Iterable[str]) -> list[Edge]:
        nodes = [NamedNode(s) for s in sorted(states)]
        return [
            e
            for name in view.types
            for e in edges(
                store,
                RELATIONS[name],
                view.as_of,
                view.statuses,
                nodes,
                beyond_coverage=view.beyond_coverage,
            )
        ]

    def add(target: nx.MultiGraph, found: Iterable[Edge]) -> None:
        for e in found:
            a, b = sorted((e.source, e.target))
            # A directed relation (pledged_to_defend) keeps the directions it holds in, so a
            # one-way pledge is drawn one way and a mutual one both ways.
            held = target.get_edge_data(a, b, e.relation, {}).get("directions", frozenset())
            directions = held | {(e.source, e.target)} if RELATIONS[e.relation].directed else held
            agreements = tuple(
                sorted(
                    {
                        *target.get_edge_data(a, b, e.relation, {}).get("agreements", ()),
                        *e.agreements,
                    }
                )
            )
            flags = [e.observed_until]
            if target.has_edge(a, b, e.relation):
                flags.append(target.edges[a, b, e.relation]["observed_until"])
            target.add_edge(
                a,
                b,
                key=e.relation,
                relation=e.relation,
                agreements=agreements,
                directions=frozenset(directions),
                observed_until=observed_until(flags),
            )

    if view.within:
        members = set(view.within)
        graph.add_nodes_from(view.within)
        add(graph, (e for e in around(members) if e.target in members))
    elif view.focus and view.hops == 1:
        # One query per relation around the focus, then the edges among its partners.
        graph.add_nodes_from(view.focus)
        found = around(view.focus)
        add(graph, found)
        ring = {e.target for e in found} - set(view.focus)
        add(graph, (e for e in around(ring) if e.target in ring))
    else:
        version = store.data_version
        whole = nx.MultiGraph()
        for name in view.types:
            add(
                whole,
                _all_edges(store, version, name, view.as_of, view.statuses, view.beyond_coverage),
            )
        if view.focus:
            whole.add_nodes_from(view.focus)
            near = nx.multi_source_dijkstra_path_length(whole, set(view.focus), cutoff=view.hops)
            whole = whole.subgraph(near).copy()
        graph = whole
    if view.expand:
        graph.add_nodes_from(view.expand)
        add(graph, around(view.expand))
    describe_nodes(store, graph, view.focus)
    return graph


def describe_nodes(store: Store, graph: nx.MultiGraph, focus: Iterable[str] = ()) -> None:
    """Set the node attributes styling reads: ``label``, ``code``, ``region``, ``degree``
    (distinct neighbours in ``graph``) and ``focus`` (one of ``focus``)."""
    labels = state_labels(store, list(graph.nodes))
    centre = set(focus)
    for node, data in graph.nodes(data=True):
        code = _code(node)
        data.update(
            label=labels[node],
            code=code,
            region=region_of(code) if node.startswith(ID_NS + "state/") else "Other",
            degree=len(set(graph.neighbors(node))),
            focus=node in centre,
        )


Positions = dict[str, tuple[float, float]]


def spring_positions(graph: nx.Graph, fixed: Positions | None = None) -> Positions:
    """A seeded spring layout in vis-network pixels (same graph, same picture).

    ``fixed`` nodes keep their given positions; the others are placed around them.
    """
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    simple.add_edges_from(graph.edges())
    scale = 120 * math.sqrt(max(simple.number_of_nodes(), 1))
    keep = [n for n in (fixed or {}) if n in simple]
    found = nx.spring_layout(
        simple,
        pos={n: fixed[n] for n in keep} if fixed and keep else None,
        fixed=keep or None,
        seed=7,
        iterations=50,
        scale=None if keep else scale,
    )
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in found.items()}


@functools.lru_cache(maxsize=4)
def _global_layout(store: Store, version: str) -> Positions:
    """Positions of every state ever related to another, per data version.

    Every large view takes its positions from here, so a state stays in place while the
    date, relation types or statuses change, and the layout is computed once per version.
    """
    everything = edges(
        store, RELATIONS["cooperates_militarily_with"], dt.date.today(), [Status.any]
    )
    graph = nx.Graph()
    graph.add_edges_from((e.source, e.target) for e in everything)
    return spring_positions(graph)


def layout(store: Store, graph: nx.MultiGraph) -> Positions | None:
    """Server-side positions for a large view; None for a small one (browser physics)."""
    if graph.number_of_nodes() <= LAYOUT_THRESHOLD:
        return None
    known = _global_layout(store, store.data_version)
    if all(n in known for n in graph.nodes):
        return {n: known[n] for n in graph.nodes}
    return spring_positions(graph, {n: known[n] for n in graph.nodes if n in known})


#: Above this many edges every edge is drawn faded (hovering a state brings its ties back),
#: so thousands of lines read as density instead of a blot.
FADE_EDGES = 800
_FADED_OPACITY = 0.3
#: Label sizes: the best connected state of a view gets the largest. The browser hides a label
#: drawn smaller than ``drawThreshold`` pixels (:func:`vis_options`), so zoomed out only the
#: hubs are named and zooming in names the rest, instead of every label overlapping the others.
_FONT_MIN, _FONT_MAX, _FONT_FOCUS = 12, 40, 18


def _size(degree: int) -> float:
    # Grows slower than the label: a hub of 150 partners stays a dot, not a blot.
    return round(8 + 3.5 * math.sqrt(degree), 1)


def _font_size(degree: int, most: int, focus: bool) -> int:
    # A small view keeps modest labels: the range grows with the best connected state.
    top = min(_FONT_MAX, _FONT_MIN + most)
    size = _FONT_MIN + (top - _FONT_MIN) * math.sqrt(degree / most) if most else _FONT_MIN
    return round(max(size, _FONT_FOCUS) if focus else size)


def _tooltip(data: dict[str, Any]) -> str:
    # Plain text: vis-network 9 shows string titles with innerText, so nothing is parsed.
    partners = data["degree"]
    lines = [
        f"{data['label']} ({data['code']})",
        f"{data['region']} · {partners} partner{'s' if partners != 1 else ''} in this view",
        *data.get("notes", ()),
    ]
    return "\n".join(lines)


def vis_data(
    graph: nx.MultiGraph,
    overlays: Sequence[NodeOverlay] = (),
    positions: Positions | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Styled vis-network nodes and edges of ``graph``, after running ``overlays`` on it.

    Edges may carry ``obligation_kinds`` (a path's hops: written on the edge) and ``change``
    (compare mode: coloured added, removed or unchanged instead of by relation).

    With ``positions`` (see :func:`layout`) nodes are placed and edges drawn straight, so
    the browser draws at once; without, the browser's physics lays the graph out.
    """
    for overlay in overlays:
        overlay(graph)
    positions = positions or {}
    most = max((d["degree"] for _, d in graph.nodes(data=True)), default=0)
    faded = graph.number_of_edges() > FADE_EDGES
    nodes = []
    for node, data in sorted(graph.nodes(data=True)):
        colour = data.get("colour") or REGION_COLOURS[data["region"]]
        item: dict[str, Any] = {
            "id": node,
            "label": data["label"],
            "title": _tooltip(data),
            "code": data["code"],
            "region": data["region"],
            "degree": data["degree"],
            "size": data.get("size") or _size(data["degree"]),
            "color": {
                "background": colour,
                "border": "#222222" if data["focus"] else colour,
                "highlight": {"background": colour, "border": "#000000"},
                "hover": {"background": colour, "border": "#000000"},
            },
            "borderWidth": 4 if data["focus"] else 1,
            "font": {"size": _font_size(data["degree"], most, data["focus"])},
        }
        if "group" in data:
            item["group"] = str(data["group"])
        if node in positions:
            item["x"], item["y"] = positions[node]
        nodes.append(item)
    links = []
    for u, v, rel, data in graph.edges(keys=True, data=True):
        a, b = sorted((u, v))
        style = RELATION_STYLES[rel]
        count = len(data["agreements"])
        horizon = data.get("observed_until")
        past = f"\nin force at last observation (dataset ends {horizon})" if horizon else ""
        kinds = data.get("obligation_kinds", ())
        change = data.get("change")
        colour = CHANGE_STYLES[change].colour if change else style.colour
        link: dict[str, Any] = {
            **_curve(sorted(graph[u][v]).index(rel)),
            "id": f"{rel}|{a}|{b}",
            "from": a,
            "to": b,
            "relation": rel,
            "agreements": list(data["agreements"]),
            "title": (
                f"{graph.nodes[a]['label']} — {graph.nodes[b]['label']}\n"
                f"{style.label}: {count} agreement{'s' if count != 1 else ''}"
                + (f" ({', '.join(kinds)} obligation)" if kinds else "")
                + (f"\n{CHANGE_STYLES[change].label}" if change else "")
                + past
            ),
            "observed_until": horizon,
            "color": {"color": colour, "opacity": _FADED_OPACITY} if faded else colour,
            # Symmetric relations get no arrow (pyvis adds one unless told otherwise);
            # a directed one points from the state that pledged to the one it protects.
            "arrows": _arrows(a, b, data.get("directions", frozenset())),
            "dashes": list(style.dashes) if isinstance(style.dashes, tuple) else False,
            "width": round(1.5 + math.log2(count), 2),
        }
        if kinds:
            # The obligation a hop carries, written on it: "defense", "consultation".
            link["label"] = ", ".join(kinds)
            link["obligation_kinds"] = list(kinds)
        if change:
            link["change"] = change
        links.append(link)
    links.sort(key=lambda link: str(link["id"]))
    return nodes, links


def _arrows(a: str, b: str, directions: frozenset[tuple[str, str]]) -> str:
    """vis-network ``arrows`` for an edge drawn from ``a`` to ``b``."""
    ends = [end for end, pair in (("to", (a, b)), ("from", (b, a))) if pair in directions]
    return ";".join(ends)


def _curve(index: int) -> dict[str, Any]:
    """Curvature of the ``index``-th relation between one pair, so parallel edges fan out.

    The first keeps the view's default (``vis_options``): straight on large views, which is
    much cheaper for the browser to draw.
    """
    if index == 0:
        return {}
    side = "curvedCW" if index % 2 else "curvedCCW"
    return {"smooth": {"enabled": True, "type": side, "roundness": 0.25 * ((index + 1) // 2)}}


def vis_options(physics: bool) -> dict[str, Any]:
    """vis-network options: arrows per edge (directed relations only), physics as decided."""
    return {
        "edges": {
            "smooth": {"enabled": physics, "type": "continuous"},
            "selectionWidth": 2,
        },
        "nodes": {
            "shape": "dot",
            "font": {"face": "sans-serif"},
            "scaling": {"label": {"drawThreshold": 12, "maxVisible": 26}},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "stabilization": {"enabled": True, "iterations": 250, "fit": True},
        },
    }


def network_html(
    graph: nx.MultiGraph,
    title: str,
    overlays: Sequence[NodeOverlay] = (),
    positions: Positions | None = None,
) -> str:
    """The standalone network document of ``graph`` (pyvis, our template, local assets).

    ``positions`` as for :func:`vis_data`; without them the browser runs physics until the
    graph is stable, then stops it.
    """
    nodes, links = vis_data(graph, overlays, positions)
    physics = not positions
    net = Network(height="100%", width="100%", directed=True, heading=title)
    # Our environment (autoescaping, our template dir) instead of pyvis's CDN-linking template.
    net.templateEnv = TEMPLATES
    net.path = "network.html"
    for node in nodes:
        attrs = {k: v for k, v in node.items() if k not in ("id", "label")}
        net.add_node(node["id"], label=node["label"], **attrs)
    for link in links:
        attrs = {k: v for k, v in link.items() if k not in ("from", "to")}
        net.add_edge(link["from"], link["to"], **attrs)
    net.options = vis_options(physics)
    html: str = net.generate_html()
    return html


def network_graphml(graph: nx.MultiGraph) -> bytes:
    """GraphML of the view: node label/code/region/degree, edge relation and agreements."""
    out = nx.MultiGraph()
    for node, data in graph.nodes(data=True):
        out.add_node(
            node,
            label=data["label"],
            code=data["code"],
            region=data["region"],
            degree=data["degree"],
        )
    for a, b, rel, data in graph.edges(keys=True, data=True):
        out.add_edge(a, b, key=rel, relation=rel, agreements=" ".join(data["agreements"]))
    buffer = io.BytesIO()
    nx.write_graphml(out, buffer, encoding="utf-8")
    return buffer.getvalue()
