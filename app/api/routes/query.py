"""``/api/v1/query/path``: composed relation questions with their evidence and SPARQL."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pyoxigraph import NamedNode

from app.api.deps import AsOfDep, BeyondCoverageDep, PagingDep, StatusDep, StoreDep
from app.api.problems import problem_responses
from app.queries.paths import MAX_HOPS, PathAnswer, find_paths, parse_path
from app.queries.states import resolve_state

router = APIRouter(prefix="/api/v1/query", tags=["questions"])


@router.get("/path", response_model=PathAnswer, responses=problem_responses(400, 404))
def path(
    store: StoreDep,
    start: Annotated[
        str,
        Query(
            alias="from",
            max_length=200,
            description="The start state: any id /states accepts.",
            examples=["CHN"],
        ),
    ],
    path: Annotated[
        str,
        Query(
            max_length=400,
            description=f"Relation names joined by `/`; `^` before a name walks it backwards "
            f"(it matters for the directed `pledged_to_defend`; the other relations are "
            f"symmetric). At most {MAX_HOPS} steps.",
            examples=["allied_with/shares_intelligence_with"],
        ),
    ],
    as_of: AsOfDep,
    status: StatusDep,
    paging: PagingDep,
    beyond_coverage: BeyondCoverageDep,
) -> PathAnswer:
    """End states of a path from a state, each with the chains of states and agreements (with
    sources) that reach it, and the SPARQL query that found them (runnable on /sparql).

    "Who shares intelligence with China's allies?":
    `/api/v1/query/path?from=CHN&path=allied_with/shares_intelligence_with`. Allies are states
    with a defense or offense obligation in force (ATOP, COW Type I, curated treaties). An empty
    answer carries a `note` (the step that reached nothing and the states reached before it)
    and, for paths through allies, `wider`: the same question over any formal alliance
    obligation (`has_alliance_with`), grouped by the strongest obligation of that hop.
    """
    steps = parse_path(path)
    start_node = NamedNode(resolve_state(store, start, "from").iri)
    return find_paths(
        store,
        start_node,
        steps,
        as_of,
        status,
        limit=paging.limit,
        offset=paging.offset,
        beyond_coverage=beyond_coverage,
    )
