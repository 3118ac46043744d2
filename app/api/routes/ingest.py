"""``/api/v1/ingest``: add a batch of facts, list, read and retract batches.

Thin layer over :mod:`app.ingest.batch`; writes need a bearer token (:mod:`app.api.auth`),
whose name is recorded as the batch's author.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel
from pyoxigraph import RdfFormat, serialize
from starlette.concurrency import run_in_threadpool

from app.api.auth import WriterDep
from app.api.body import read_body
from app.api.deps import SettingsDep, StoreDep
from app.api.problems import problem_responses
from app.api.schemas import BatchOut
from app.ingest import batch as core
from app.ingest.formats import BY_MEDIA_TYPE, format_for_media_type
from app.ingest.limits import ParseLimits

router = APIRouter(prefix="/api/v1", tags=["ingest"])


class RetractionOut(BaseModel):
    """The audit record a retraction leaves."""

    batch: BatchOut
    retracted_by: str
    retracted_at: str


_ERRORS = problem_responses(400, 401, 403, 413, 415, 422)


@router.post(
    "/ingest",
    status_code=201,
    response_model=BatchOut,
    responses={200: {"description": "The same content is already a batch."}, **_ERRORS},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {media: {"schema": {"type": "string"}} for media in BY_MEDIA_TYPE},
        }
    },
)
async def post_ingest(
    request: Request,
    response: Response,
    store: StoreDep,
    settings: SettingsDep,
    writer: WriterDep,
    source: Annotated[
        str | None, Query(description="IRI (often a URL) of the source the facts come from.")
    ] = None,
    label: Annotated[str | None, Query(description="A short human label of the batch.")] = None,
) -> BatchOut:
    """Add one batch (Turtle, TriG, N-Triples, N-Quads or JSON-LD, by Content-Type).

    Validated before anything is written; accepted as a whole, in one transaction, into a
    named graph of its own. The same content again answers 200 with the existing batch.
    """
    fmt = format_for_media_type(request.headers.get("content-type"))
    declared = core.declared_source(source)
    body = await read_body(request, settings.max_body_bytes)
    limits = ParseLimits.of(settings)
    result = await run_in_threadpool(core.ingest, store, body, fmt, writer, declared, label, limits)
    out = BatchOut.of(result.batch)
    response.headers["Location"] = out.href
    if not result.created:
        response.status_code = 200
    return out


@router.get("/ingest", response_model=list[BatchOut])
def list_ingest(store: StoreDep) -> list[BatchOut]:
    """Every batch in the store, oldest first."""
    return [BatchOut.of(b) for b in core.list_batches(store)]


@router.get("/ingest/{batch}", response_model=BatchOut, responses=problem_responses(404))
def get_ingest(store: StoreDep, batch: str) -> BatchOut:
    """One batch's description."""
    return BatchOut.of(core.get_batch(store, batch))


@router.get(
    "/ingest/{batch}/content",
    response_class=Response,
    responses={200: {"content": {"application/n-triples": {}}}, **problem_responses(404)},
)
def get_ingest_content(store: StoreDep, batch: str) -> Response:
    """The triples of one batch, as N-Triples."""
    triples = core.batch_content(store, batch)
    body = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
    return Response(body, media_type="application/n-triples")


@router.delete(
    "/ingest/{batch}",
    response_model=RetractionOut,
    responses=problem_responses(400, 401, 403, 404),
)
def delete_ingest(store: StoreDep, writer: WriterDep, batch: str) -> RetractionOut:
    """Retract a batch: its graph goes, its description and the retraction stay in the audit."""
    done = core.retract(store, batch, writer)
    return RetractionOut(
        batch=BatchOut.of(done.batch),
        retracted_by=done.retracted_by,
        retracted_at=done.retracted_at,
    )
