"""``/api/v1/sources``: the documents and datasets behind the graph, and what each supports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from app.api.deps import PagingDep, StoreDep
from app.api.problems import problem_responses
from app.api.schemas import BatchOut, SourcePage, page_fields
from app.ingest.batch import list_batches
from app.queries.sources import SourceDetail, list_sources, source_detail

router = APIRouter(prefix="/api/v1/sources", tags=["sources"])


@router.get("", response_model=SourcePage, responses=problem_responses(400))
def list_all(store: StoreDep, paging: PagingDep) -> SourcePage:
    """Every source, by title, with how many facts each supports, and every ingest batch."""
    found = list_sources(store, paging.limit, paging.offset)
    return SourcePage(
        items=found.items,
        batches=[BatchOut.of(b) for b in list_batches(store)],
        **page_fields(found),
    )


@router.get("/{id}", response_model=SourceDetail, responses=problem_responses(400, 404))
def get_one(
    id: Annotated[str, Path(description="The source's id (last segment of its IRI).")],
    store: StoreDep,
    paging: PagingDep,
) -> SourceDetail:
    """One source and a page of the facts it supports (with the quotes that support them)."""
    return source_detail(store, id, paging.limit, paging.offset)
