"""/docs and /redoc: the interactive API documentation, as pages the CSP lets run.

FastAPI's built-in pages are switched off in the app factory (``docs_url=None``,
``redoc_url=None``); these serve :mod:`app.views.docs_page` instead.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.views.docs_page import redoc_page, swagger_page

router = APIRouter(include_in_schema=False)


def _openapi_url(request: Request) -> str:
    return str(request.scope.get("root_path", "")) + str(request.app.openapi_url)


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over this app's OpenAPI document."""
    return HTMLResponse(swagger_page(_openapi_url(request), request.app.title))


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    """ReDoc over this app's OpenAPI document."""
    return HTMLResponse(redoc_page(_openapi_url(request), request.app.title))
