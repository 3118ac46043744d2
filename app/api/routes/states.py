"""``/api/v1/states``: find states, read one, and list its partners by a relation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pyoxigraph import NamedNode

from app.api.deps import (
    AsOfDep,
    BeyondCoverageDep,
    PagingDep,
    RelationDep,
    StatusDep,
    StoreDep,
)
from app.api.problems import problem_responses
from app.api.schemas import StateRelations
from app.queries.paging import Page
from app.queries.relations import partners
from app.queries.states import StateRecord, resolve_state, search_states

router = APIRouter(prefix="/api/v1/states", tags=["states"])

StateId = Annotated[
    str,
    Path(
        description="ISO 3166-1 alpha-3 or alpha-2 code, COW code or abbreviation, or a name "
        "or alias; case-insensitive.",
        examples=["KOR"],
    ),
]


@router.get("", response_model=Page[StateRecord], responses=problem_responses(400))
def list_states(
    store: StoreDep,
    paging: PagingDep,
    q: Annotated[
        str | None,
        Query(max_length=200, description="Part of a name, alias or code.", examples=["korea"]),
    ] = None,
) -> Page[StateRecord]:
    """States whose name, alias or code contains `q` (all states without it), by name."""
    return search_states(store, q, paging.limit, paging.offset)


@router.get("/{id}", response_model=StateRecord, responses=problem_responses(404))
def get_state(id: StateId, store: StoreDep) -> StateRecord:
    """One state; an unknown id answers 404 with the closest matches."""
    return resolve_state(store, id)


@router.get("/{id}/relations", response_model=StateRelations, responses=problem_responses(400, 404))
def state_relations(
    id: StateId,
    store: StoreDep,
    rel: RelationDep,
    as_of: AsOfDep,
    status: StatusDep,
    beyond_coverage: BeyondCoverageDep,
) -> StateRelations:
    """The state's partners by a relation on a date, each with the agreements behind it."""
    record = resolve_state(store, id)
    found = partners(
        store, NamedNode(record.iri), rel, as_of, [status], beyond_coverage=beyond_coverage
    )
    return StateRelations(
        state=record.ref, relation=rel.name, as_of=as_of, status=status, partners=found
    )
