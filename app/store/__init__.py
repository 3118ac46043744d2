"""Quad stores behind one interface: embedded pyoxigraph or a remote SPARQL 1.1 server."""

from __future__ import annotations

from pathlib import Path

from app.config import Settings
from app.store.base import META_GRAPH, Row, Store
from app.store.dialects import DIALECTS
from app.store.embedded import EmbeddedStore
from app.store.remote import RemoteStore
from app.store.terms import iri, render, sparql_term

__all__ = [
    "META_GRAPH",
    "EmbeddedStore",
    "RemoteStore",
    "Row",
    "Store",
    "iri",
    "open_store",
    "render",
    "sparql_term",
]


def open_store(settings: Settings) -> Store:
    """Open the store the settings name (directory, ``memory`` or a SPARQL endpoint URL)."""
    if settings.store_kind == "memory":
        return EmbeddedStore(None)
    if settings.store_kind == "remote":
        return RemoteStore(
            settings.store,
            update_url=settings.store_update_url,
            gsp_url=settings.store_gsp_url,
            timeout=max(settings.query_timeout * 3, 30.0),
            dialect=DIALECTS[settings.store_dialect](),
            user=settings.store_user,
            password=(
                settings.store_password.get_secret_value() if settings.store_password else None
            ),
        )
    return EmbeddedStore(Path(settings.store))
