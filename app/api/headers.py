"""Security headers on every response: what a browser may run, frame, sniff and tell others.

One ASGI middleware sets them, so no route can forget:

- ``Content-Security-Policy``: scripts only from this origin, never inline (pages carry data as
  ``<script type="application/json">`` blocks read by static scripts; see
  :mod:`app.views.templating`), so markup that slips into a page cannot run. Styles may be
  inline (``style`` attributes of the legend and the SVG charts; vis-network sets styles).
  ``frame-ancestors 'self'`` (and ``X-Frame-Options: SAMEORIGIN`` for older browsers) keeps
  other sites from framing our pages.
- The standalone network document (:data:`FRAMEABLE`) is meant to be embedded in other sites'
  pages (README, "Explore"): it gets ``frame-ancestors *`` and no ``X-Frame-Options``. Framing
  it is harmless: it shows public data and offers no action that writes or spends a token.
- /redoc (served offline, :mod:`app.views.api_docs`) runs its search in a worker it makes
  from a ``blob:`` URL: ``worker-src`` allows that there, and only there.
- ``X-Content-Type-Options: nosniff``: a body is what its media type says (a JSON answer
  quoting markup is never rendered as a page).
- ``Referrer-Policy: no-referrer``: page URLs carry what a reader looks at (a SPARQL query, a
  focus); following a link to a source's site must not send them. No route reads ``Referer``.

The policy is set on every response, not only HTML: an RDF/XML, SVG or error body opened in a
browser is a document too.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["FRAMEABLE", "SecurityHeadersMiddleware", "content_security_policy"]

#: The one document other sites may frame.
FRAMEABLE = "/api/v1/views/network"

_PAGES: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}
#: Per path: the directives that differ from :data:`_PAGES`.
_EXCEPTIONS: dict[str, dict[str, str]] = {
    FRAMEABLE: {"frame-ancestors": "*"},
    "/redoc": {"worker-src": "'self' blob:"},
}


def content_security_policy(path: str) -> str:
    """The Content-Security-Policy of the response to a request for ``path``."""
    directives = _PAGES | _EXCEPTIONS.get(path, {})
    return "; ".join(f"{name} {sources}" for name, sources in directives.items())


class SecurityHeadersMiddleware:
    """Adds the headers of this module to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope["path"]).removeprefix(str(scope.get("root_path", "")))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = content_security_policy(path)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                if path != FRAMEABLE:
                    headers["X-Frame-Options"] = "SAMEORIGIN"
            await send(message)

        await self.app(scope, receive, send_with_headers)
