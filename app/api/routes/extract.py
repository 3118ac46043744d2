"""``/api/v1/extract``: candidate facts from an article, accepted or rejected; the ``/review`` page.

Thin layer over :mod:`app.extract`: the JSON of an extraction is the core's records as they
are. Accepting and rejecting are writes, so both need the bearer token (:mod:`app.api.auth`),
whose name is recorded as the batch's author or the rejection's.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from app.api.auth import WriterDep
from app.api.deps import StoreDep
from app.api.problems import problem_responses
from app.api.schemas import BatchOut
from app.extract import (
    Article,
    Candidate,
    Extraction,
    Rejection,
    accept,
    extract_article,
    lexicon_for,
    reject,
)
from app.extract.text import MAX_CHARS
from app.views.review_page import render_review_page

router = APIRouter(tags=["extract"])

_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class ExtractIn(BaseModel):
    """An article to read: plain text or HTML, and when it was published."""

    text: str = Field(max_length=MAX_CHARS * 5, description="Plain text or HTML.")
    published: str | None = Field(
        default=None,
        pattern=_DATE,
        description="Publication date (YYYY-MM-DD, YYYY-MM or YYYY): 'on Monday' resolves "
        "against it.",
        examples=["2019-09-02"],
    )
    html: bool | None = Field(
        default=None, description="true: HTML; false: plain text; absent: decided by looking."
    )


class FactIn(BaseModel):
    """A candidate as the reviewer left it (every field editable)."""

    parties: list[str] = Field(min_length=2, max_length=20, description="ISO3 codes.")
    agreement_type: str = Field(max_length=80, description="Local name of pg:AgreementTypes.")
    event_type: str = Field(max_length=80, description="Local name of pg:EventTypes.")
    date: str = Field(pattern=_DATE, description="YYYY-MM-DD, YYYY-MM or YYYY.")
    quote: str = Field(min_length=1, max_length=2000, description="The sentence stating it.")
    actors: list[str] = Field(default_factory=list, max_length=20)
    matches: str | None = Field(
        default=None, max_length=500, description="IRI of the agreement it updates."
    )


class ArticleIn(BaseModel):
    """The source of the text."""

    headline: str = Field(min_length=1, max_length=500)
    publisher: str | None = Field(default=None, max_length=500)
    published: str | None = Field(default=None, pattern=_DATE)
    url: str | None = Field(default=None, max_length=2000)


class AcceptIn(BaseModel):
    """A candidate to ingest and the article it comes from."""

    fact: FactIn
    article: ArticleIn


class AcceptOut(BaseModel):
    """The batch an accepted candidate became, and the IRIs it wrote."""

    batch: BatchOut
    created: bool
    event: str
    agreement: str
    source: str


class RejectIn(BaseModel):
    """A candidate the reviewer refuses, by its key."""

    key: str = Field(pattern=r"^[0-9a-f]{32}$", description="The candidate's `key`.")
    summary: str = Field(default="", max_length=2000, description="What was proposed.")
    reason: str = Field(default="", max_length=2000, description="Why it is wrong.")


@router.post(
    "/api/v1/extract",
    response_model=Extraction,
    responses=problem_responses(400, 413),
    summary="Candidate lifecycle events of an article",
)
def post_extract(store: StoreDep, body: Annotated[ExtractIn, Body()]) -> Extraction:
    """Read an article (text or HTML) and propose the lifecycle events it reports.

    Each candidate has its parties (ISO3), agreement and event types, date, the sentence
    (`quote`, with `start`/`end` offsets into the returned `text`), a confidence and the
    agreement it would update (`matches`). Candidates rejected before are left out.
    """
    return extract_article(store, body.text, body.published, body.html)


@router.post(
    "/api/v1/extract/accept",
    status_code=201,
    response_model=AcceptOut,
    responses={
        200: {"description": "The same batch existed already."},
        **problem_responses(400, 401, 403, 422),
    },
    summary="Ingest a reviewed candidate",
)
async def post_accept(
    store: StoreDep, writer: WriterDep, body: AcceptIn, response: Response
) -> AcceptOut:
    """Ingest the candidate as one batch, checked like `POST /api/v1/ingest`."""
    fact = body.fact
    candidate = Candidate(
        parties=tuple(sorted({p.strip().upper() for p in fact.parties})),
        agreement_type=fact.agreement_type,
        event_type=fact.event_type,
        date=fact.date,
        quote=fact.quote,
        start=0,
        end=0,
        confidence=1.0,
        actors=tuple(sorted({a.strip().upper() for a in fact.actors})),
        matches=fact.matches or None,
    )
    article = Article(**body.article.model_dump())
    accepted = await run_in_threadpool(
        lambda: accept(store, candidate, article, writer, lexicon_for(store))
    )
    if not accepted.created:
        response.status_code = 200
    return AcceptOut(
        batch=BatchOut.of(accepted.batch),
        created=accepted.created,
        event=accepted.event,
        agreement=accepted.agreement,
        source=accepted.source,
    )


@router.post(
    "/api/v1/extract/reject",
    status_code=201,
    response_model=Rejection,
    responses=problem_responses(400, 401, 403),
    summary="Record that a candidate is wrong",
)
async def post_reject(store: StoreDep, writer: WriterDep, body: RejectIn) -> Rejection:
    """Record the rejection; the candidate is not proposed again."""
    return await run_in_threadpool(reject, store, body.key, body.summary, body.reason, writer)


@router.get("/review", response_class=HTMLResponse, summary="Review queue (browser page)")
def review_page(store: StoreDep) -> HTMLResponse:
    """Paste or upload an article, review its candidates, accept or reject each."""
    return HTMLResponse(render_review_page(lexicon_for(store)))
