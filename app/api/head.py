"""``HEAD`` answers like ``GET`` without the body, on every route (RFC 9110, section 9.3.2).

FastAPI registers ``@router.get`` routes for GET only, so ``HEAD /store`` (a Graph Store
Protocol client checking that a graph exists) answered 405. Instead of listing HEAD on every
route, this middleware runs a HEAD request as GET and drops the body: status and headers,
``Content-Length`` included, are those GET would send.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGetMiddleware:
    """Serve ``HEAD`` through the ``GET`` route, sending no body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)
