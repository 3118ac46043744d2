"""``GET /health``: is the service up, which store, how much data, which version."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from app.api.deps import StoreDep
from app.store.base import StoreKind

router = APIRouter(tags=["service"])


class Health(BaseModel):
    """Service health; a store that cannot be reached gives 503 with a problem document."""

    status: str
    store: StoreKind
    triples: int
    data_version: str
    bundle_hash: str | None


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"description": "The store cannot be reached."}},
)
def health(store: StoreDep) -> Health:
    """Report the store kind, its triple count and the data version."""
    store.ping()
    return Health(
        status="ok",
        store=store.kind,
        triples=store.triple_count(),
        data_version=store.data_version,
        bundle_hash=store.get_meta("bundleHash"),
    )
