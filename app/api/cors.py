"""CORS for the SPARQL endpoint only: browser clients on other origins may query it.

Starlette's CORS middleware applies to a whole app; this wrapper hands it only the requests
for the listed paths, matched exactly (a prefix would also open ``/sparqlx``), so the REST API
and the UI keep the browser's same-origin rule.
No credentials are allowed across origins: writes from a browser must send the bearer token
themselves, which needs the Authorization header in the preflight's allowed headers.
"""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send


class PathCORSMiddleware:
    """Apply CORS (any origin, GET and POST) to requests for exactly ``paths``."""

    def __init__(self, app: ASGIApp, paths: tuple[str, ...], expose: tuple[str, ...]) -> None:
        self.app = app
        self.paths = frozenset(paths)
        self.cors = CORSMiddleware(
            app,
            allow_origins=["*"],
            allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type", "Authorization"],
            expose_headers=list(expose),
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in self.paths:
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)
