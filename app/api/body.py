"""Request bodies read with a size limit, checked while the body streams in.

A client that sends more than ``PACTGRAPH_MAX_BODY_BYTES`` gets 413 as soon as the limit is
passed (or at once, when its Content-Length already says so): the server never holds an
oversized body in memory.
"""

from __future__ import annotations

from fastapi import Request

from app.errors import PayloadTooLarge


def _too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"the request body is larger than {limit} bytes (PACTGRAPH_MAX_BODY_BYTES); "
        "split the data into smaller batches",
        limit=limit,
    )


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, or :class:`PayloadTooLarge` once more than ``limit`` bytes arrive."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)
