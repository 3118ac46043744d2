"""``/sparql`` (SPARQL 1.1 Protocol), ``/store`` (Graph Store Protocol), ``/.well-known/void``.

A thin layer: it reads the request (body size limited), lets :mod:`app.sparql.protocol` decide
which operation it carries, checks the write token for updates and Graph Store writes, and hands
the work to :class:`app.sparql.endpoint.SparqlService` in the thread pool. Every error is an
``app.errors`` exception, rendered as problem+json by :mod:`app.api.problems`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from pyoxigraph import NamedNode
from starlette.concurrency import run_in_threadpool

from app.api.auth import check_write_token, require_write_token
from app.api.body import read_body
from app.api.deps import SettingsDep, StoreDep
from app.api.problems import problem_responses
from app.errors import BadRequest
from app.ingest.formats import BY_MEDIA_TYPE, format_for_media_type
from app.media import GRAPH_FORMATS, accepts_html, negotiate, negotiate_both
from app.sparql.description import graph_counts, service_description, void_description
from app.sparql.endpoint import SparqlService
from app.sparql.protocol import QueryOperation, UpdateOperation, parse_operation
from app.sparql.results import TRUNCATED_PROBLEM, Outcome
from app.store import iri
from app.views.sparql_page import render_query_page

router = APIRouter(tags=["sparql"])
TRUNCATED_HEADER = "Pactgraph-Truncated"

# The protocol's parameters and bodies are read from the raw request (repeatable dataset
# parameters, three body kinds), so the OpenAPI document declares them here.
_TEXT = {"schema": {"type": "string"}}
_DATASET_PARAMETERS = [
    {
        "name": name,
        "in": "query",
        "required": False,
        "description": text,
        "schema": {"type": "array", "items": {"type": "string"}},
    }
    for name, text in (
        ("default-graph-uri", "Graph IRI whose merge is the query's default graph (repeatable)."),
        ("named-graph-uri", "Graph IRI the query may name in GRAPH (repeatable)."),
    )
]
_QUERY_PARAMETER = {
    "name": "query",
    "in": "query",
    "required": False,
    "description": "The SPARQL query; without it, the query page (HTML) or the description.",
    "schema": {"type": "string"},
}
_FORMAT_PARAMETER = {
    "name": "format",
    "in": "query",
    "required": False,
    "description": "Result format name (json, csv, turtle, ...), instead of Accept.",
    "schema": {"type": "string"},
}
_GRAPH_BODY = {
    "requestBody": {"required": True, "content": {m: _TEXT for m in BY_MEDIA_TYPE}},
}


def get_service(request: Request) -> SparqlService:
    """The app's SPARQL service (made by the lifespan; its workers start on first query)."""
    service: SparqlService = request.app.state.sparql
    return service


ServiceDep = Annotated[SparqlService, Depends(get_service)]


def endpoint_url(request: Request) -> str:
    """The absolute URL of /sparql: the base IRI of queries and the service's name."""
    return str(request.url_for("sparql_get"))


def _result_response(outcome: Outcome, filename: str | None = None) -> Response:
    headers = {"Vary": "Accept"}
    if outcome.truncated:
        headers[TRUNCATED_HEADER] = f'rows={outcome.count}; problem="{TRUNCATED_PROBLEM}"'
        headers["Link"] = f'<{TRUNCATED_PROBLEM}>; rel="describedby"'
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return Response(outcome.body, media_type=outcome.media_type, headers=headers)


def _run_operation(
    service: SparqlService,
    request: Request,
    operation: QueryOperation | UpdateOperation,
    format_param: str | None,
) -> Response:
    client = request.client.host if request.client is not None else "unknown"
    with service.clients.slot(client):
        return _dispatch(service, request, operation, format_param)


def _dispatch(
    service: SparqlService,
    request: Request,
    operation: QueryOperation | UpdateOperation,
    format_param: str | None,
) -> Response:
    base = endpoint_url(request)
    if isinstance(operation, UpdateOperation):
        check_write_token(service.settings, request.headers.get("authorization"))
        service.update(operation, base_iri=base)
        return Response(status_code=204)
    formats = negotiate_both(request.headers.get("accept"), format_param)
    outcome = service.query(operation, formats, base_iri=base)
    filename = None
    if format_param:
        fmt = formats.graph if outcome.kind == "graph" else formats.results
        filename = f"results.{fmt.pyoxigraph.file_extension}"
    return _result_response(outcome, filename)


@router.get(
    "/sparql",
    name="sparql_get",
    response_class=Response,
    responses=problem_responses(400, 403, 406, 413, 429),
    openapi_extra={"parameters": [_QUERY_PARAMETER, *_DATASET_PARAMETERS]},
)
def sparql_get(
    request: Request,
    service: ServiceDep,
    format: Annotated[
        str | None, Query(description="Result format name (json, csv, turtle, ...)")
    ] = None,
) -> Response:
    """SPARQL query by GET (``?query=``); without a query: the query page or the description."""
    operation = parse_operation("GET", request.query_params.multi_items(), None, b"")
    if operation is not None:
        return _run_operation(service, request, operation, format)
    accept = request.headers.get("accept")
    if accepts_html(accept) and format is None:
        return HTMLResponse(render_query_page(endpoint_url(request)), headers={"Vary": "Accept"})
    fmt = negotiate(GRAPH_FORMATS, accept, format)
    body = service_description(
        endpoint_url(request), service.settings, graph_counts(service.store), fmt
    )
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


@router.post(
    "/sparql",
    response_class=Response,
    responses=problem_responses(400, 401, 403, 406, 413, 415, 429),
    openapi_extra={
        "parameters": [_FORMAT_PARAMETER, *_DATASET_PARAMETERS],
        "requestBody": {
            "required": True,
            "content": {
                "application/sparql-query": _TEXT,
                "application/sparql-update": _TEXT,
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {"query": {"type": "string"}, "update": {"type": "string"}},
                    }
                },
            },
        },
    },
)
async def sparql_post(request: Request, service: ServiceDep, settings: SettingsDep) -> Response:
    """SPARQL query or update by POST (form, ``application/sparql-query``/``-update``)."""
    body = await read_body(request, settings.max_body_bytes)
    operation = parse_operation(
        "POST", request.query_params.multi_items(), request.headers.get("content-type"), body
    )
    if operation is None:
        raise BadRequest("the request carries no `query` and no `update`")
    fmt = request.query_params.get("format")
    return await run_in_threadpool(_run_operation, service, request, operation, fmt)


@router.get("/.well-known/void", response_class=Response, responses=problem_responses(400, 406))
def void(request: Request, store: StoreDep, format: str | None = None) -> Response:
    """VoID description of the dataset and of every named graph, with triple counts."""
    fmt = negotiate(GRAPH_FORMATS, request.headers.get("accept"), format)
    body = void_description(str(request.base_url), endpoint_url(request), graph_counts(store), fmt)
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


def _target(graph: str | None, default: str | None, writing: bool) -> NamedNode | None:
    """The graph a Graph Store request names: ``?graph=IRI`` or ``?default``."""
    if (graph is None) == (default is None):
        raise BadRequest("name exactly one graph: `?graph=<IRI>` or `?default`", parameter="graph")
    if default is not None:
        if writing:
            raise BadRequest(
                "the default graph is the union of all named graphs and cannot be written "
                "as such; write to a named graph with ?graph=<IRI>",
                parameter="default",
            )
        return None
    assert graph is not None
    return iri(graph)


GraphParam = Annotated[str | None, Query(description="IRI of a named graph")]
DefaultParam = Annotated[str | None, Query(description="Present: the (union) default graph")]


@router.get("/store", response_class=Response, responses=problem_responses(400, 404, 406))
def store_get(
    request: Request, service: ServiceDep, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Graph Store Protocol read: a named graph or the union default graph (open to all)."""
    target = _target(graph, default, writing=False)
    fmt = negotiate(GRAPH_FORMATS, request.headers.get("accept"), None)
    return _result_response(service.read_graph(target, fmt))


async def _store_write(
    request: Request, service: SparqlService, graph: NamedNode, replace: bool
) -> Response:
    body = await read_body(request, service.settings.max_body_bytes)
    fmt = format_for_media_type(request.headers.get("content-type"))
    write = service.put_graph if replace else service.post_graph
    created = await run_in_threadpool(write, graph, body, fmt)
    return Response(status_code=201 if created else 204)


# PUT and POST are two routes (not one api_route) so each has its own OpenAPI operation id.
@router.put(
    "/store",
    status_code=204,
    response_class=Response,
    dependencies=[Depends(require_write_token)],
    responses={
        201: {"description": "The graph is new."},
        **problem_responses(400, 401, 403, 413, 415),
    },
    openapi_extra=_GRAPH_BODY,
)
async def store_put(
    request: Request, service: ServiceDep, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Replace a named graph (token required); 201 when it is new."""
    target = _target(graph, default, writing=True)
    assert target is not None
    return await _store_write(request, service, target, replace=True)


@router.post(
    "/store",
    status_code=204,
    response_class=Response,
    dependencies=[Depends(require_write_token)],
    responses={
        201: {"description": "The graph is new."},
        **problem_responses(400, 401, 403, 413, 415),
    },
    openapi_extra=_GRAPH_BODY,
)
async def store_post(
    request: Request, service: ServiceDep, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Add triples to a named graph (token required); 201 when it is new."""
    target = _target(graph, default, writing=True)
    assert target is not None
    return await _store_write(request, service, target, replace=False)


@router.delete(
    "/store",
    status_code=204,
    response_class=Response,
    dependencies=[Depends(require_write_token)],
    responses=problem_responses(400, 401, 403, 404),
)
def store_delete(
    service: ServiceDep, graph: GraphParam = None, default: DefaultParam = None
) -> Response:
    """Remove a named graph (token required)."""
    target = _target(graph, default, writing=True)
    assert target is not None
    service.delete_graph(target)
    return Response(status_code=204)
