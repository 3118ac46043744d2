"""HTTP caching for every read under ``/api/v1`` and ``/id``: ETag, Last-Modified, 304.

Answers depend only on the request and the data, and the store's data version changes with every
write (:meth:`app.store.Store.bump_data_version`). So the ETag is the data version plus a digest
of the request (path, query and ``Accept``, since ``/id`` negotiates the format), and a client
revalidating with ``If-None-Match`` (or ``If-Modified-Since``) gets ``304 Not Modified`` without
the query running again. One ASGI middleware does this for all routes, so no router repeats it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from email.utils import format_datetime, parsedate_to_datetime

import anyio.to_thread
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import PactgraphError
from app.store import Store

CACHED_PREFIXES = ("/api/v1", "/id/")


def etag(version: str, scope: Scope, accept: str) -> str:
    """A strong ETag for one representation of one resource at one data version."""
    request = f"{scope['path']}?{scope.get('query_string', b'').decode('latin-1')}|{accept}"
    return f'"{version}-{hashlib.sha1(request.encode()).hexdigest()[:12]}"'


def _http_date(iso: str | None) -> str | None:
    if iso is None:
        return None
    try:
        return format_datetime(dt.datetime.fromisoformat(iso).astimezone(dt.UTC), usegmt=True)
    except ValueError:
        return None


def _not_modified(headers: Headers, tag: str, modified: str | None) -> bool:
    if_none_match = headers.get("if-none-match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or tag in tags
    since = headers.get("if-modified-since")
    if since is None or modified is None:
        return False
    try:
        return parsedate_to_datetime(since) >= parsedate_to_datetime(modified)
    except (TypeError, ValueError):
        return False


class ConditionalGetMiddleware:
    """Adds validators to successful GET/HEAD responses and answers 304 when they match."""

    def __init__(self, app: ASGIApp, prefixes: tuple[str, ...] = CACHED_PREFIXES) -> None:
        self.app = app
        self.prefixes = prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in {"GET", "HEAD"}
            or not scope["path"].startswith(self.prefixes)
        ):
            await self.app(scope, receive, send)
            return
        store: Store = scope["app"].state.store
        try:
            version, modified_iso = await anyio.to_thread.run_sync(store.data_stamp)
        except PactgraphError:
            await self.app(scope, receive, send)  # the route reports the store's failure
            return
        headers = Headers(scope=scope)
        tag = etag(version, scope, headers.get("accept", ""))
        modified = _http_date(modified_iso)
        validators = {"ETag": tag, "Cache-Control": "no-cache", "Vary": "Accept"}
        if modified is not None:
            validators["Last-Modified"] = modified
        if _not_modified(headers, tag, modified):
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [(k.lower().encode(), v.encode()) for k, v in validators.items()],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_validators(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                response_headers = MutableHeaders(scope=message)
                for key, value in validators.items():
                    response_headers[key] = value
            await send(message)

        await self.app(scope, receive, send_with_validators)
