"""``/api/v1/analytics/...`` and ``/api/v1/export``: thin wrappers over :mod:`app.analytics`.

Every route takes the same scope parameters (``type``, ``as_of``, ``status``), turns them into
a projection through the same function, and returns the core function's result. Unknown
relations, measures and malformed dates are 400 problems; unknown states are 404 problems.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel

from app.analytics import (
    alignment as al,
    change,
    communities as cm,
    export,
    measures,
    overlay,
    paths,
)
from app.analytics.projection import Scope, project
from app.api.deps import AsOfDep, BeyondCoverageDep, StatusDep, StoreDep
from app.api.problems import problem_responses
from app.media import EXPORT_FORMATS
from app.ontology import parse_as_of
from app.views import charts

router = APIRouter(prefix="/api/v1", tags=["analytics"])

_PROBLEMS = problem_responses(400, 404)


def scope(
    as_of: AsOfDep,
    status: StatusDep,
    beyond_coverage: BeyondCoverageDep,
    type: Annotated[
        list[str] | None,
        Query(
            description="Relation types (repeat, or separate by commas); all when omitted.",
            examples=["shares_intelligence_with"],
        ),
    ] = None,
) -> Scope:
    """The scope parameters of every analytics route: ``type`` (several allowed, since a
    projection can hold several relation layers), ``as_of``, ``status`` and
    ``beyond_coverage`` as elsewhere."""
    return Scope.parse(type, as_of, status, beyond_coverage)


ScopeDep = Annotated[Scope, Depends(scope)]


class SimilarStates(BaseModel):
    """States most similar to one state."""

    state: str
    metric: str
    similar: list[al.Similar]


@router.get("/analytics/centrality", response_model=measures.Ranking, responses=_PROBLEMS)
def centrality(
    store: StoreDep,
    s: ScopeDep,
    measure: Annotated[str, Query(description="degree, betweenness or eigenvector")] = "degree",
    limit: Annotated[int, Query(ge=1, le=1000)] = 10,
) -> measures.Ranking:
    """The hubs: states ranked by a centrality measure (e.g. intelligence sharing in 2019)."""
    return measures.hubs(
        store, s.relations, s.as_of, measure, s.statuses, limit, beyond_coverage=s.beyond_coverage
    )


@router.get("/analytics/communities", response_model=cm.Blocs, responses=_PROBLEMS)
def blocs(
    store: StoreDep, s: ScopeDep, brokers: Annotated[int, Query(ge=0, le=1000)] = 10
) -> cm.Blocs:
    """Louvain communities (seeded), what holds each together, and the brokers between them."""
    return cm.blocs(project(store, **s.kwargs()), brokers)


@router.get("/analytics/paths", response_model=paths.Connection, responses=_PROBLEMS)
def connection(
    store: StoreDep,
    s: ScopeDep,
    source: Annotated[str, Query(alias="from", description="ISO alpha-3 code", examples=["THA"])],
    target: Annotated[str, Query(alias="to", description="ISO alpha-3 code", examples=["JPN"])],
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> paths.Connection:
    """Shortest chains of ties between two states, each link with agreements and sources."""
    return paths.connection(
        store,
        source,
        target,
        s.relations,
        s.as_of,
        s.statuses,
        limit,
        beyond_coverage=s.beyond_coverage,
    )


@router.get("/analytics/ego", responses=_PROBLEMS)
def ego(
    store: StoreDep,
    s: ScopeDep,
    state: Annotated[str, Query(examples=["KOR"])],
    k: Annotated[int, Query(ge=1, le=6)] = 1,
) -> dict[str, Any]:
    """The states within ``k`` ties of a state, as node-link JSON with each node's distance."""
    return paths.ego_network(
        store, state, k, s.relations, s.as_of, s.statuses, beyond_coverage=s.beyond_coverage
    )


@router.get("/analytics/alignment", response_model=al.Alignment, responses=_PROBLEMS)
def alignment(
    store: StoreDep,
    s: ScopeDep,
    a: Annotated[str, Query(examples=["KOR"])],
    b: Annotated[str, Query(examples=["JPN"])],
) -> al.Alignment:
    """Signorino-Ritter S-score and Jaccard of two states' portfolios, per relation type."""
    return al.alignment(
        store, a, b, s.relations, s.as_of, s.statuses, beyond_coverage=s.beyond_coverage
    )


@router.get("/analytics/similar", response_model=SimilarStates, responses=_PROBLEMS)
def similar(
    store: StoreDep,
    s: ScopeDep,
    state: Annotated[str, Query(examples=["KOR"])],
    metric: Annotated[str, Query(description="s_score or jaccard")] = "s_score",
    limit: Annotated[int, Query(ge=1, le=1000)] = 10,
) -> SimilarStates:
    """The states whose portfolios are most like a state's."""
    found = al.most_similar(
        store,
        state,
        s.relations,
        s.as_of,
        metric,
        s.statuses,
        limit,
        beyond_coverage=s.beyond_coverage,
    )
    return SimilarStates(state=state.upper(), metric=metric, similar=found)


def _series(
    store: StoreDep, s: ScopeDep, state: str | None, start: int | None, end: int | None
) -> change.PartnerSeries:
    return change.partners_by_year(
        store, state, s.relations, start, end, s.statuses, beyond_coverage=s.beyond_coverage
    )


@router.get("/analytics/partners", response_model=change.PartnerSeries, responses=_PROBLEMS)
def partners(
    store: StoreDep,
    s: ScopeDep,
    state: Annotated[str | None, Query(description="ISO code; whole graph when omitted")] = None,
    start: int | None = None,
    end: int | None = None,
) -> change.PartnerSeries:
    """Partners per relation type per year (tied pairs for the whole graph)."""
    return _series(store, s, state, start, end)


@router.get(
    "/analytics/partners.svg",
    response_class=Response,
    responses={**_PROBLEMS, 200: {"content": {"image/svg+xml": {}}}},
)
def partners_chart(
    store: StoreDep,
    s: ScopeDep,
    state: str | None = None,
    start: int | None = None,
    end: int | None = None,
) -> Response:
    """The same series as an SVG step chart."""
    chart = charts.partners_chart(_series(store, s, state, start, end))
    return Response(chart, media_type="image/svg+xml")


@router.get("/analytics/diff", response_model=change.Diff, responses=_PROBLEMS)
def diff(
    store: StoreDep,
    s: ScopeDep,
    before: Annotated[str, Query(alias="from", examples=["2012"])],
    after: Annotated[str, Query(alias="to", examples=["2019"])],
) -> change.Diff:
    """Ties added and removed between two dates, with the agreements and events behind them."""
    return change.diff(
        store,
        parse_as_of(before),
        parse_as_of(after),
        s.relations,
        s.statuses,
        beyond_coverage=s.beyond_coverage,
    )


@router.get("/analytics/overlay", response_model=overlay.Overlay, responses=_PROBLEMS)
def network_overlay(
    store: StoreDep,
    s: ScopeDep,
    measure: str = "degree",
    limit: Annotated[int, Query(ge=1, le=1000)] = 10,
) -> overlay.Overlay:
    """Community and centrality of every state, for colouring and sizing the network view."""
    return overlay.overlay(
        store, measure, s.relations, s.as_of, s.statuses, limit, beyond_coverage=s.beyond_coverage
    )


@router.get(
    "/export",
    response_class=Response,
    responses={
        **_PROBLEMS,
        200: {"content": {f.media_type: {} for f in EXPORT_FORMATS.values()}},
    },
)
def export_graph(
    store: StoreDep,
    s: ScopeDep,
    format: Annotated[str, Query(description="graphml, gexf, csv or json")] = "graphml",
    table: Annotated[str, Query(description="CSV only: edges or nodes")] = "edges",
) -> Response:
    """The projected network with node and edge attributes, as a file."""
    result = export.export(
        store, format, s.relations, s.as_of, s.statuses, table, beyond_coverage=s.beyond_coverage
    )
    return Response(
        result.content,
        media_type=result.media_type,
        headers={"Content-Disposition": f'attachment; filename="{result.filename}"'},
    )
