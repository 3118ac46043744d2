"""Write protection: the bearer token every write endpoint requires.

Reads are open; writes (SPARQL Update, Graph Store writes, ingest) need a token from the
settings: ``PACTGRAPH_TOKEN`` (one token, named ``default``) or ``PACTGRAPH_TOKENS_FILE``
(``name:token`` per line, ``#`` comments). With neither configured, writes are switched off.

* no token configured → 403 (writes are off, and say how to switch them on);
* no ``Authorization: Bearer`` header → 401 with ``WWW-Authenticate: Bearer``;
* a token that matches none → 403.

Tokens are compared with :func:`hmac.compare_digest` against every configured token, so the
time taken does not reveal how much of a guess was right. The file is re-read only when its
modification time changes, so tokens can be rotated without a restart.
"""

from __future__ import annotations

import hmac
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from app.config import Settings
from app.errors import Forbidden, InvalidParameter, Unauthorized

DEFAULT_TOKEN_NAME = "default"


@lru_cache(maxsize=8)
def _read_tokens_file(path: Path, mtime_ns: int) -> tuple[tuple[str, str], ...]:
    """``(name, token)`` pairs of a tokens file; ``mtime_ns`` keys the cache."""
    pairs = []
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, token = line.partition(":")
        if not sep or not name.strip() or not token.strip():
            raise InvalidParameter(
                f"{path}:{number}: expected `name:token`", parameter="PACTGRAPH_TOKENS_FILE"
            )
        pairs.append((name.strip(), token.strip()))
    return tuple(pairs)


def configured_tokens(settings: Settings) -> list[tuple[str, str]]:
    """Every ``(name, token)`` the settings allow; empty when writes are off."""
    tokens: list[tuple[str, str]] = []
    if settings.token is not None and settings.token.get_secret_value():
        tokens.append((DEFAULT_TOKEN_NAME, settings.token.get_secret_value()))
    if settings.tokens_file is not None:
        path = settings.tokens_file
        try:
            tokens += _read_tokens_file(path, path.stat().st_mtime_ns)
        except OSError as exc:
            raise Forbidden(
                f"writes are off: the tokens file {path} cannot be read ({exc.strerror})"
            ) from exc
    return tokens


def check_write_token(settings: Settings, authorization: str | None) -> str:
    """Name of the token ``authorization`` carries, or raise 401/403 as described above."""
    tokens = configured_tokens(settings)
    if not tokens:
        raise Forbidden(
            "writes are off: this server has no write token configured. Set PACTGRAPH_TOKEN "
            "or PACTGRAPH_TOKENS_FILE to allow them."
        )
    scheme, _, presented = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        raise Unauthorized("this is a write: send `Authorization: Bearer <token>`")
    given = presented.strip().encode()
    match = None
    for name, token in tokens:
        # No early exit: every configured token is compared, whatever matched.
        if hmac.compare_digest(given, token.encode()) and match is None:
            match = name
    if match is None:
        raise Forbidden("the bearer token is not valid for writes on this server")
    return match


def require_write_token(request: Request) -> str:
    """FastAPI dependency: the name of the valid write token of the request."""
    settings: Settings = request.app.state.settings
    return check_write_token(settings, request.headers.get("authorization"))


#: Add ``writer: WriterDep`` to a route to protect it; the value names the token used.
WriterDep = Annotated[str, Depends(require_write_token)]
