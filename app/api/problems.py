"""Every error response, rendered once, as RFC 9457 ``application/problem+json``.

A problem document says what was wrong (``title``, ``detail``), where (``instance``, and
``parameter`` or ``errors`` when known) and how to fix it (the ``detail`` text). Handlers are
registered for the project's exceptions, FastAPI's request validation, Starlette's HTTP
exceptions (unknown routes, wrong methods) and, as a last resort, anything else: no client
ever sees a bare 500 page or a stack trace.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import PactgraphError

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://w3id.org/pactgraph/problems/"
log = logging.getLogger(__name__)

_HTTP_TITLES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Validation failed",
    429: "Too many requests",
}


class Problem(BaseModel):
    """An RFC 9457 problem document; extra members (``parameter``, ``valid``, ``closest``) vary."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    instance: str


_TEXT = {
    400: "A parameter is malformed or unknown, or a body does not parse; `detail` says what to "
    "fix (for RDF bodies, the line and column), `valid` lists valid values when there are few.",
    404: "Nothing has this id (a state, agreement, source or batch); for states, `closest` "
    "lists likely meant ones.",
    406: "None of the formats in Accept can be served.",
    409: "The store lacks what the request needs (a dataset not imported); `detail` says which.",
    401: "The request needs `Authorization: Bearer <token>`.",
    403: "The token is wrong, or the operation (a write) is not allowed on this service.",
    413: "The body is larger than the service accepts (PACTGRAPH_MAX_BODY_BYTES).",
    415: "The Content-Type is not one this endpoint reads.",
    422: "The data fails the ingest checks (SHACL, unknown states or agreement types: `errors` "
    "lists each) or passes a parsing limit (PACTGRAPH_MAX_NESTING_DEPTH, "
    "PACTGRAPH_MAX_BLANK_NODES, DOCTYPE).",
    429: "This client has too many requests running; retry after `Retry-After` seconds.",
    503: "The store cannot be reached.",
}


def problem_responses(*codes: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI entries for the problem documents a route can answer with."""
    return {
        code: {
            "description": _TEXT[code],
            "content": {PROBLEM_MEDIA_TYPE: {"schema": Problem.model_json_schema()}},
        }
        for code in (*codes, 503)
    }


def problem_response(
    status: int,
    title: str,
    detail: str,
    request: Request,
    slug: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    """Build one problem+json response."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + (slug or title.lower().replace(" ", "-")),
        "title": title,
        "status": status,
        "detail": detail,
        "instance": str(request.url.path),
    }
    body.update(extensions)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


async def _pactgraph_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PactgraphError)
    if exc.status >= 500:
        log.warning("%s: %s", exc.title, exc.detail)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    if "retry_after" in exc.extensions:
        headers = {"Retry-After": str(exc.extensions["retry_after"])}
    return problem_response(
        exc.status, exc.title, exc.detail, request, exc.slug, headers, **exc.extensions
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # A parameter read by a dependency that two others share is reported once per path to it.
    found = {
        (".".join(str(part) for part in error.get("loc", ())), error.get("msg", "")): None
        for error in exc.errors()
    }
    errors = [{"where": where, "message": message} for where, message in found]
    summary = "; ".join(f"{e['where']}: {e['message']}" for e in errors)
    return problem_response(
        400,
        "Invalid parameter",
        f"the request is malformed: {summary}",
        request,
        "invalid-parameter",
        errors=errors,
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    title = _HTTP_TITLES.get(exc.status_code, "Error")
    detail = exc.detail if isinstance(exc.detail, str) else title
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"no resource at {request.url.path}; the API is described at /docs"
    if exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}"
    return problem_response(exc.status_code, title, detail, request, headers=exc.headers)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem_response(
        500,
        "Internal error",
        "the server failed unexpectedly; the error was logged. Please report it with the "
        "request that caused it.",
        request,
        "internal-error",
    )


def install(app: FastAPI) -> None:
    """Register the problem+json handlers on ``app``."""
    app.add_exception_handler(PactgraphError, _pactgraph_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
