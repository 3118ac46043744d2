"""``/api/v1/panels``: dyad-year and state-year panels as streamed files, and their codebooks.

Thin: parameters become a :class:`~app.panels.PanelRequest`, :func:`app.panels.build` makes
the table, :func:`app.panels.files.chunks` the bytes (the same as ``pactgraph panel``).
Handlers are plain ``def`` so the build runs in the thread pool, not on the event loop.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from app.api.deps import StoreDep
from app.api.problems import problem_responses
from app.panels import (
    FIRST_YEAR,
    Kind,
    Layout,
    Panel,
    PanelRequest,
    Universe,
    build,
    layout,
    parse_sources,
)
from app.panels.files import Format, chunks, datapackage

router = APIRouter(prefix="/api/v1/panels", tags=["panels"])


def _request(
    kind: Kind,
    start: int,
    end: int | None,
    sources: str | None,
    directed: bool = False,
    universe: Universe = Universe.system,
) -> PanelRequest:
    years = {"start": start} | ({"end": end} if end is not None else {})
    return PanelRequest(
        kind, tuple(parse_sources(sources)), directed=directed, universe=universe, **years
    ).check()


_START = Query(ge=0, le=9999, description=f"First year (from {FIRST_YEAR}).")
_END = Query(ge=0, le=9999, description="Last year (default: last year).")
_SOURCES = Query(
    max_length=200,
    description="Comma-separated sources: atop, cow, dcad, curated (default: all).",
    examples=["atop,cow"],
)
_FORMAT = Query(description="csv (missing cells empty), parquet (null) or dta (Stata, '.').")


def dyad_year_request(
    start: Annotated[int, _START] = FIRST_YEAR,
    end: Annotated[int | None, _END] = None,
    sources: Annotated[str | None, _SOURCES] = None,
    directed: Annotated[
        bool, Query(description="Ordered pairs: ccode1's obligations towards ccode2.")
    ] = False,
    universe: Annotated[
        Universe,
        Query(description="system: every pair of system members; related: pairs with any tie."),
    ] = Universe.system,
) -> PanelRequest:
    """The parameters of a dyad-year panel, checked."""
    return _request(Kind.dyad_year, start, end, sources, directed, universe)


def state_year_request(
    start: Annotated[int, _START] = FIRST_YEAR,
    end: Annotated[int | None, _END] = None,
    sources: Annotated[str | None, _SOURCES] = None,
) -> PanelRequest:
    """The parameters of a state-year panel, checked."""
    return _request(Kind.state_year, start, end, sources)


def _file(panel: Panel, fmt: Format, request: Request) -> StreamingResponse:
    name = _name(panel.request, fmt)
    codebook = request.url.replace(path=request.url.path + "/datapackage.json")
    return StreamingResponse(
        chunks(panel, fmt),
        media_type=fmt.media.content_type,
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Link": f'<{codebook}>; rel="describedby"; type="application/json"',
        },
    )


def _name(spec: PanelRequest, fmt: Format) -> str:
    return f"{spec.kind.value}-{spec.start}-{spec.end}.{fmt.value}"


def _codebook(plan: Layout, fmt: Format, request: Request) -> dict[str, Any]:
    made_by = str(request.url.replace(path=request.url.path.removesuffix("/datapackage.json")))
    return datapackage(plan, fmt, _name(plan.request, fmt), f"GET {made_by}")


_FILES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The panel file, streamed.",
        "content": {f.media.media_type: {} for f in Format},
    },
    **problem_responses(400, 409),
}


@router.get("/dyad-year", response_class=StreamingResponse, responses=_FILES)
def dyad_year(
    store: StoreDep,
    request: Request,
    spec: Annotated[PanelRequest, Depends(dyad_year_request)],
    format: Annotated[Format, _FORMAT] = Format.csv,
) -> StreamingResponse:
    """Dyad-year panel: every pair of COW system members per year, a column per tie."""
    return _file(build(store, spec), format, request)


@router.get("/dyad-year/datapackage.json", responses=problem_responses(400, 409))
def dyad_year_codebook(
    store: StoreDep,
    request: Request,
    spec: Annotated[PanelRequest, Depends(dyad_year_request)],
    format: Annotated[Format, _FORMAT] = Format.csv,
) -> dict[str, Any]:
    """The codebook (Frictionless data package) of the same dyad-year panel."""
    return _codebook(layout(store, spec), format, request)


@router.get("/state-year", response_class=StreamingResponse, responses=_FILES)
def state_year(
    store: StoreDep,
    request: Request,
    spec: Annotated[PanelRequest, Depends(state_year_request)],
    format: Annotated[Format, _FORMAT] = Format.csv,
) -> StreamingResponse:
    """State-year panel: per COW system member and year, the number of partners per tie."""
    return _file(build(store, spec), format, request)


@router.get("/state-year/datapackage.json", responses=problem_responses(400, 409))
def state_year_codebook(
    store: StoreDep,
    request: Request,
    spec: Annotated[PanelRequest, Depends(state_year_request)],
    format: Annotated[Format, _FORMAT] = Format.csv,
) -> dict[str, Any]:
    """The codebook (Frictionless data package) of the same state-year panel."""
    return _codebook(layout(store, spec), format, request)
