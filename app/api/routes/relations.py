"""``/api/v1/relations``: the edge list of one relation on one date."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.deps import (
    AsOfDep,
    BeyondCoverageDep,
    PagingDep,
    RelationDep,
    StatusDep,
    StoreDep,
)
from app.api.problems import problem_responses
from app.api.schemas import EdgeOut, EdgePage, page_fields
from app.queries.paging import page
from app.queries.relations import edges

router = APIRouter(prefix="/api/v1/relations", tags=["relations"])


@router.get("", response_model=EdgePage, responses=problem_responses(400))
def list_edges(
    store: StoreDep,
    rel: RelationDep,
    as_of: AsOfDep,
    status: StatusDep,
    paging: PagingDep,
    beyond_coverage: BeyondCoverageDep,
) -> EdgePage:
    """Every pair of states related by `type` on `as_of` (each pair once), with agreement ids."""
    found = page(
        edges(store, rel, as_of, [status], beyond_coverage=beyond_coverage),
        paging.limit,
        paging.offset,
    )
    return EdgePage(
        relation=rel.name,
        as_of=as_of,
        status=status,
        items=[EdgeOut.of(e) for e in found.items],
        **page_fields(found),
    )
