"""``/api/v1/agreements``: filtered listings and one agreement in full."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pyoxigraph import NamedNode

from app.api.deps import AsOfDep, PagingDep, StoreDep
from app.api.problems import problem_responses
from app.ontology import Status
from app.queries.agreements import (
    AGREEMENT_TYPES,
    AgreementDetail,
    agreement_detail,
    list_agreements,
)
from app.queries.evidence import AgreementSummary
from app.queries.paging import Page
from app.queries.states import resolve_state

router = APIRouter(prefix="/api/v1/agreements", tags=["agreements"])

_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@router.get("", response_model=Page[AgreementSummary], responses=problem_responses(400, 404))
def list_all(
    store: StoreDep,
    paging: PagingDep,
    as_of: AsOfDep,
    type: Annotated[
        str | None,
        Query(
            description="Agreement type; narrower types are included "
            "(IntelligenceSharing covers GSOMIA, GSOIA, ...).",
            json_schema_extra={"enum": list(AGREEMENT_TYPES)},
        ),
    ] = None,
    party: Annotated[
        str | None, Query(max_length=200, description="A party: any id /states accepts.")
    ] = None,
    status: Annotated[
        Status, Query(description="Status on the as_of date; default any (no status filter).")
    ] = Status.any,
    signed_from: Annotated[
        str | None, Query(pattern=_DATE, description="Signed on or after (YYYY[-MM[-DD]]).")
    ] = None,
    signed_to: Annotated[
        str | None, Query(pattern=_DATE, description="Signed on or before (YYYY[-MM[-DD]]).")
    ] = None,
) -> Page[AgreementSummary]:
    """Agreements by signing date, filtered by type, party, status on a date and signing date."""
    party_node = NamedNode(resolve_state(store, party, "party").iri) if party else None
    return list_agreements(
        store,
        type_name=type,
        party=party_node,
        status=status,
        as_of=as_of,
        signed_from=signed_from,
        signed_to=signed_to,
        limit=paging.limit,
        offset=paging.offset,
    )


@router.get("/{id}", response_model=AgreementDetail, responses=problem_responses(400, 404))
def get_one(
    id: Annotated[str, Path(description="The agreement's id (last segment of its IRI).")],
    store: StoreDep,
    as_of: AsOfDep,
) -> AgreementDetail:
    """One agreement: parties, lifecycle timeline with sources, obligations, status history."""
    return agreement_detail(store, id, as_of)
