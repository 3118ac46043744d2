"""RFC 8288 ``Link`` headers (``rel="next"``, ``rel="prev"``) on every paged listing.

A listing's body says where the page is (``total``, ``limit``, ``offset``); the header says the
same for clients that follow links (``httpx``'s ``response.links``, GitHub-style pagers) without
knowing the body. One middleware adds it to every route that takes the paging parameters
(:func:`app.api.deps.paging_param` marks the request), so no router repeats it: it reads the
page's fields from the JSON body, at the top (``/api/v1/agreements``) or one level down
(``supports`` of ``/api/v1/sources/{id}``), and links the neighbouring pages by the same URL
with another ``offset``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import URL, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["PageLinksMiddleware", "mark_paged", "page_links"]

_SCOPE_KEY = "pactgraph.paged"
_PAGE_FIELDS = ("total", "limit", "offset")


@dataclass
class _Paged:
    """Set by the paging dependency of the request's route (the scope carries one per request)."""

    paged: bool = False


def mark_paged(request: Request) -> None:
    """Ask for ``Link`` headers on this request's answer (a no-op outside the middleware)."""
    holder = request.scope.get(_SCOPE_KEY)
    if isinstance(holder, _Paged):
        holder.paged = True


def _page_of(body: Any) -> tuple[int, int, int] | None:
    """``(total, limit, offset)`` of the page in a listing's body, if it has one."""
    if not isinstance(body, dict):
        return None
    for candidate in (body, *body.values()):
        if isinstance(candidate, dict) and all(
            isinstance(candidate.get(f), int) for f in _PAGE_FIELDS
        ):
            return candidate["total"], candidate["limit"], candidate["offset"]
    return None


def page_links(url: URL, total: int, limit: int, offset: int) -> str | None:
    """The ``Link`` value for the page of ``url``: ``next`` while items remain after it,
    ``prev`` when it does not start at the first item (an offset past the end links back to
    the last page); ``None`` for a page that is the whole list."""
    links = []
    if offset + limit < total:
        links.append((offset + limit, "next"))
    if offset > 0:
        links.append((max(0, min(offset - limit, total - limit)), "prev"))
    if not links:
        return None
    return ", ".join(
        f'<{url.include_query_params(limit=limit, offset=at)}>; rel="{rel}"' for at, rel in links
    )


class PageLinksMiddleware:
    """Adds ``Link`` to the successful JSON answers of requests marked by :func:`mark_paged`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        holder = _Paged()
        scope[_SCOPE_KEY] = holder
        start: Message | None = None
        chunks: list[bytes] = []

        async def send_with_links(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=message["headers"])
                json_ok = message["status"] == 200 and headers.get("content-type", "").startswith(
                    "application/json"
                )
                if holder.paged and json_ok:
                    start = message  # held until the body says where the page is
                    return
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(chunks)
                page = _page_of(json.loads(body))
                if page is not None:
                    value = page_links(URL(scope=scope), *page)
                    if value is not None:
                        MutableHeaders(scope=start).append("Link", value)
                await send(start)
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, send_with_links)
