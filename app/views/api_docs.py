"""The API documentation pages: Swagger UI at ``/docs`` and ReDoc at ``/redoc``.

FastAPI's own pages load their scripts from a CDN and start Swagger UI with an inline script.
These shells load everything from the app (:mod:`app.views.assets`) and start Swagger UI from
``static/docs/swagger-init.js`` (ReDoc starts itself on its ``<redoc>`` element), so they
render offline and under a Content-Security-Policy that forbids inline scripts.
"""

from __future__ import annotations

from app.views.templating import render

__all__ = ["redoc_page", "swagger_page"]


def swagger_page(openapi_url: str, title: str) -> str:
    """Swagger UI (try-it-out console) on the OpenAPI document at ``openapi_url``."""
    return render("api_docs.html", ui="swagger", openapi_url=openapi_url, title=title)


def redoc_page(openapi_url: str, title: str) -> str:
    """ReDoc (a three-pane reference) on the OpenAPI document at ``openapi_url``."""
    return render("api_docs.html", ui="redoc", openapi_url=openapi_url, title=title)
