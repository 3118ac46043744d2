"""The interactive API documentation pages, /docs (Swagger UI) and /redoc (ReDoc).

FastAPI's own /docs page starts Swagger UI with an inline ``<script>``, which the
Content-Security-Policy forbids; this page carries the same settings (FastAPI's defaults) as a
JSON data block and ``static/docs/swagger-init.js`` starts Swagger UI from it. The /redoc page
is FastAPI's, rendered from our template so the script URL has one source. Both UIs are loaded
from the URLs below (a CDN, as FastAPI does); :mod:`app.api.headers` allows exactly these
files as scripts on these two pages and nowhere else.
"""

from __future__ import annotations

from app.views.templating import render

__all__ = ["REDOC_JS", "SWAGGER_CSS", "SWAGGER_JS", "redoc_page", "swagger_page"]

SWAGGER_JS = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"
SWAGGER_CSS = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css"
REDOC_JS = "https://cdn.jsdelivr.net/npm/redoc@2/bundles/redoc.standalone.js"
#: Swagger UI's settings (FastAPI's defaults), without the presets the script adds.
SWAGGER_SETTINGS = {
    "dom_id": "#swagger-ui",
    "layout": "BaseLayout",
    "deepLinking": True,
    "showExtensions": True,
    "showCommonExtensions": True,
}


def swagger_page(openapi_url: str, title: str) -> str:
    """The /docs page: Swagger UI over the OpenAPI document at ``openapi_url``."""
    return render(
        "docs.html",
        title=f"{title} - Swagger UI",
        swagger_js=SWAGGER_JS,
        swagger_css=SWAGGER_CSS,
        settings={"url": openapi_url, **SWAGGER_SETTINGS},
    )


def redoc_page(openapi_url: str, title: str) -> str:
    """The /redoc page: ReDoc over the OpenAPI document at ``openapi_url``."""
    return render("redoc.html", title=f"{title} - ReDoc", redoc_js=REDOC_JS, spec=openapi_url)
