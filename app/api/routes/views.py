"""Browser views: /explore, the standalone network document, its data and static assets.

Thin handlers over :mod:`app.views`; the view parameters (``focus``, ``types``, ``as_of``,
``hops``, ``status``, ``expand``) mean the same on every endpoint, so an export or a side
panel always matches the picture it came from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from app.analytics.projection import Scope
from app.api.deps import AsOfDep, BeyondCoverageDep, StatusDep, StoreDep
from app.api.problems import problem_responses
from app.errors import InvalidParameter
from app.media import EXPORT_FORMATS
from app.queries.dyads import dyad
from app.queries.states import search_states
from app.queries.treaties import named_treaties
from app.store import iri as checked_iri
from app.views.assets import vendor_asset
from app.views.compare import compare_changes, compare_graph
from app.views.details import edge_details, node_details
from app.views.explore import explore_page, network_title, open_explore, parse_before
from app.views.network import (
    NodeOverlay,
    View,
    layout,
    network_graph,
    network_graphml,
    network_html,
    parse_view,
    vis_data as styled,
)
from app.views.overlays import view_overlays
from app.views.path_network import PathTiers, path_graph, path_tiers
from app.views.presets import PRESETS
from app.views.table import table_csv, table_rows
from app.views.templating import STATIC_PREFIX
from app.views.timeline import dyad_page, timeline_data

router = APIRouter(tags=["views"])
_API = "/api/v1/views"


def view_params(
    store: StoreDep,
    as_of: AsOfDep,
    beyond_coverage: BeyondCoverageDep,
    focus: Annotated[
        str | None, Query(description="States to centre on (codes or names, comma-separated).")
    ] = None,
    types: Annotated[
        str | None, Query(description="Relations to draw (comma-separated REST names).")
    ] = None,
    hops: Annotated[int, Query(ge=1, le=3, description="Hop depth around the focus.")] = 1,
    status: Annotated[
        str | None, Query(description="Agreement statuses to include (default in_force).")
    ] = None,
    expand: Annotated[
        str | None, Query(description="States whose direct partners are added to the view.")
    ] = None,
    treaty: Annotated[
        str | None,
        Query(
            max_length=200,
            description="A named treaty (id, name or part of it: NATO): the view is its "
            "members on the date and the ties among them.",
        ),
    ] = None,
) -> View:
    """The view the query string describes (validated; states resolved by code or name)."""
    scope = Scope.parse(types, as_of, status, beyond_coverage)
    return parse_view(store, scope, focus, hops, expand, treaty)


ViewDep = Annotated[View, Depends(view_params)]


def overlay_params(
    store: StoreDep,
    view: ViewDep,
    colour_by: Annotated[
        str, Query(description="Node colours: region (default) or community (Louvain bloc).")
    ] = "region",
    size_by: Annotated[
        str,
        Query(
            description="Node sizes: partners in the view (default), degree, betweenness "
            "or eigenvector centrality in the whole network of the view's relations and date."
        ),
    ] = "partners",
) -> list[NodeOverlay]:
    """The analytics overlays (bloc colours, centrality sizes) the query string asks for."""
    return view_overlays(store, view, colour_by, size_by)


OverlaysDep = Annotated[list[NodeOverlay], Depends(overlay_params)]


_CSV, _GRAPHML = EXPORT_FORMATS["csv"], EXPORT_FORMATS["graphml"]
_PROBLEMS = problem_responses(400, 404)


@router.get(
    "/explore",
    response_class=HTMLResponse,
    responses=_PROBLEMS,
    summary="Interactive network explorer",
)
def explore(
    request: Request,
    store: StoreDep,
    preset: Annotated[
        str | None,
        Query(description=f"A question to open ({', '.join(PRESETS)}); its defaults apply."),
    ] = None,
) -> HTMLResponse:
    """The explorer page, opened on the preset or view its query string describes (the
    view parameters of /api/v1/views/network, ``before`` for compare mode, ``from`` and
    ``path`` for a path question); with no query string, on the landing question."""
    return HTMLResponse(explore_page(open_explore(store, dict(request.query_params))))


@router.get(f"{_API}/presets", summary="The explorer's questions")
def presets() -> list[dict[str, Any]]:
    """Every preset: id, kind, title, question, description, default parameters and URL."""
    return [
        {**dataclasses.asdict(p), "params": dict(p.params), "url": p.url} for p in PRESETS.values()
    ]


@router.get(f"{_API}/treaties", summary="Named treaties the treaty preset can show")
def treaties(store: StoreDep) -> list[dict[str, str]]:
    """Every named treaty (NATO, CSTO, Rio, ANZUS...): its id and name."""
    return [{"id": i, "label": label} for i, label in named_treaties(store).items()]


_FROM = Query(alias="from", max_length=200, description="The start state (code or name).")
_PATH = Query(
    max_length=400,
    description="Relation names joined by `/` (as /api/v1/query/path).",
    examples=["allied_with/shares_intelligence_with"],
)


def tiers_params(
    store: StoreDep,
    as_of: AsOfDep,
    status: StatusDep,
    beyond_coverage: BeyondCoverageDep,
    start: Annotated[str, _FROM],
    path: Annotated[str, _PATH],
) -> PathTiers:
    """The path question the query string asks, answered as tiers."""
    return path_tiers(store, start, path, as_of, status, beyond_coverage)


TiersDep = Annotated[PathTiers, Depends(tiers_params)]


@router.get(
    f"{_API}/path",
    response_class=HTMLResponse,
    responses=_PROBLEMS,
    summary="A path question as a network document (tiers, hops named by obligation)",
)
def path_network(store: StoreDep, tiers: TiersDep) -> HTMLResponse:
    """Every tier of the answer drawn as one network; each hop carries its obligation kinds."""
    graph = path_graph(store, tiers)
    title = f"pactgraph: {tiers.start_label}, {tiers.path}, as of {tiers.as_of.isoformat()}"
    return HTMLResponse(network_html(graph, title))


@router.get(f"{_API}/path.json", responses=_PROBLEMS, summary="A path question as tiers")
def path_json(tiers: TiersDep) -> dict[str, Any]:
    """The answer (``answer``), how far an empty one got (``reached``) and the wider reading
    (``wider``, by obligation kind), each hop labelled with its relation and obligation."""
    return dataclasses.asdict(tiers)


_BEFORE = Query(
    description="The earlier date of the comparison: YYYY-MM-DD, YYYY-MM or YYYY.",
    examples=["2015"],
    max_length=10,
)


def before_param(view: ViewDep, before: Annotated[str, _BEFORE]) -> dt.date:
    """``before``, checked against the view's date."""
    day = parse_before(before)
    if day > view.as_of:
        raise InvalidParameter(
            f"before={before!r} is later than the view's date", parameter="before"
        )
    return day


BeforeDep = Annotated[dt.date, Depends(before_param)]


@router.get(
    f"{_API}/compare",
    response_class=HTMLResponse,
    responses=_PROBLEMS,
    summary="Compare mode: the view on two dates, ties added, removed and unchanged",
)
def compare(store: StoreDep, view: ViewDep, before: BeforeDep) -> HTMLResponse:
    """One network of the view on ``before`` and on ``as_of``: added green, removed red,
    unchanged grey."""
    graph = compare_graph(store, view, before)
    labels = [graph.nodes[f]["label"] for f in view.focus]
    title = network_title(view, labels) + f", compared with {before.isoformat()}"
    return HTMLResponse(network_html(graph, title, positions=layout(store, graph)))


@router.get(f"{_API}/compare.json", responses=_PROBLEMS, summary="The changes compare mode draws")
def compare_json(store: StoreDep, view: ViewDep, before: BeforeDep) -> dict[str, Any]:
    """Ties added and removed between ``before`` and ``as_of`` among the view's states, each
    with its agreements and the lifecycle events dated in between (the analytics diff)."""
    graph = compare_graph(store, view, before)
    return dataclasses.asdict(compare_changes(store, view, before, graph))


@router.get(
    f"{_API}/network.csv",
    response_class=Response,
    responses={200: {"content": {_CSV.media_type: {}}}, **_PROBLEMS},
    summary="The ties of a view as CSV (the explorer's table view)",
)
def network_csv(
    store: StoreDep, view: ViewDep, before: Annotated[str | None, _BEFORE] = None
) -> Response:
    """One row per tie: the two states, the relation's label, the number of agreements and
    the flags; with ``before``, the comparison's rows with their change."""
    if before:
        graph = compare_graph(store, view, before_param(view, before))
    else:
        graph = network_graph(store, view)
    return Response(
        table_csv(table_rows(graph)),
        media_type=_CSV.content_type,
        headers={"Content-Disposition": 'attachment; filename="pactgraph-view.csv"'},
    )


@router.get(
    "/explore/dyad",
    response_class=HTMLResponse,
    responses=_PROBLEMS,
    summary="Timeline of every agreement between two states",
)
def dyad_timeline(
    store: StoreDep,
    a: Annotated[str, Query(max_length=200, description="One state (code or name).")],
    b: Annotated[str, Query(max_length=200, description="The other state.")],
) -> HTMLResponse:
    """Each agreement between ``a`` and ``b`` as bars coloured by status period (dashed past a
    dataset's horizon) and its events as points with their quotes."""
    return HTMLResponse(dyad_page(dyad(store, a, b)))


@router.get(f"{_API}/dyad", responses=_PROBLEMS, summary="The dyad timeline's data")
def dyad_json(
    store: StoreDep,
    a: Annotated[str, Query(max_length=200, description="One state (code or name).")],
    b: Annotated[str, Query(max_length=200, description="The other state.")],
) -> dict[str, Any]:
    """The agreements between ``a`` and ``b``: status periods, events with quotes, sources."""
    return timeline_data(dyad(store, a, b))


@router.get(
    f"{_API}/network",
    response_class=HTMLResponse,
    responses=_PROBLEMS,
    summary="Standalone network document (HTML, usable in an iframe)",
)
def network(store: StoreDep, view: ViewDep, overlays: OverlaysDep) -> HTMLResponse:
    """The network of the view as one HTML document generated by pyvis."""
    graph = network_graph(store, view)
    labels = [graph.nodes[f]["label"] for f in view.focus]
    title = network_title(view, labels)
    return HTMLResponse(network_html(graph, title, overlays, positions=layout(store, graph)))


@router.get(
    f"{_API}/network.json",
    responses=_PROBLEMS,
    summary="The network of a view as vis-network JSON",
)
def network_json(store: StoreDep, view: ViewDep, overlays: OverlaysDep) -> dict[str, Any]:
    """Styled nodes and edges (as the network document draws them) and the view's parameters."""
    graph = network_graph(store, view)
    nodes, links = styled(graph, overlays, positions=layout(store, graph))
    return {"view": view.params(), "as_of": view.as_of.isoformat(), "nodes": nodes, "edges": links}


@router.get(
    f"{_API}/network.graphml",
    response_class=Response,
    responses={200: {"content": {_GRAPHML.media_type: {}}}, **_PROBLEMS},
    summary="The network of a view as GraphML",
)
def network_graphml_export(store: StoreDep, view: ViewDep) -> Response:
    """GraphML of the view, for Gephi, yEd or networkx."""
    return Response(
        network_graphml(network_graph(store, view)),
        media_type=_GRAPHML.content_type,
        headers={"Content-Disposition": 'attachment; filename="pactgraph-view.graphml"'},
    )


@router.get(
    f"{_API}/node", responses=_PROBLEMS, summary="A state's partners and agreements in a view"
)
def node(
    store: StoreDep,
    view: ViewDep,
    iri: Annotated[str, Query(description="IRI of the state (or organisation).")],
) -> dict[str, Any]:
    """Partners per relation and the agreements behind them, with sources and quotes."""
    return node_details(store, checked_iri(iri).value, view)


@router.get(f"{_API}/edge", responses=_PROBLEMS, summary="The agreements behind one edge of a view")
def edge(
    store: StoreDep,
    view: ViewDep,
    a: Annotated[str, Query(description="IRI of one state.")],
    b: Annotated[str, Query(description="IRI of the other state.")],
) -> dict[str, Any]:
    """Per relation of the view, the agreements relating ``a`` and ``b``, with sources."""
    return edge_details(store, checked_iri(a).value, checked_iri(b).value, view)


@router.get(
    f"{_API}/autocomplete",
    responses=problem_responses(400),
    summary="States matching a typed prefix or name",
)
def autocomplete(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, description="Part of a name or code.")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> list[dict[str, str]]:
    """Up to ``limit`` states whose name or code contains ``q``: ``id``, ``label``, ``iri``."""
    found = search_states(store, q, limit, 0)
    return [{"id": s.id, "label": s.label, "iri": s.iri} for s in found.items]


@router.get(STATIC_PREFIX + "vendor/{name}", include_in_schema=False)
def vendor(name: str) -> Response:
    """vis-network, Swagger UI and ReDoc from the packages that ship them (no CDN)."""
    asset = vendor_asset(name)
    return Response(
        asset.content, media_type=asset.media_type, headers={"Cache-Control": "max-age=3600"}
    )
