"""``/docs`` and ``/redoc``: the OpenAPI document in Swagger UI and ReDoc, served offline.

Replaces FastAPI's pages of the same names (switched off in the app factory), which fetch
their assets from a CDN; see :mod:`app.views.api_docs`.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.views.api_docs import redoc_page, swagger_page

router = APIRouter(include_in_schema=False)


def _openapi_url(request: Request) -> str:
    return f"{request.scope.get('root_path', '')}{request.app.openapi_url}"


@router.get("/docs")
def swagger(request: Request) -> HTMLResponse:
    """Swagger UI: every operation, its example, and a console to try it."""
    return HTMLResponse(
        swagger_page(_openapi_url(request), f"{request.app.title} · API (Swagger UI)")
    )


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    """ReDoc: the same document as a reference to read."""
    return HTMLResponse(redoc_page(_openapi_url(request), f"{request.app.title} · API (ReDoc)"))
