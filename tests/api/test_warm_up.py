"""Start-up warm-up (``PACTGRAPH_WARM_UP``): the first visitor finds the relation interval
table and the explorer's default view built."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from app.analytics.projection import DEFAULT_CACHE
from app.api import create_app
from app.config import Settings
from app.queries import intervals
from app.store import EmbeddedStore
from app.store.versioned import version_key


def test_start_up_builds_the_table_and_the_default_view_before_taking_requests() -> None:
    store = EmbeddedStore(None)
    DEFAULT_CACHE.clear()
    with TestClient(create_app(Settings(store="memory", warm_up=True), store=store)):
        # The lifespan has run: the server takes requests only once both are built.
        assert intervals._TABLES.peek(version_key(store)) is not None
        assert DEFAULT_CACHE.info().size >= 1  # the default view's projection


def test_no_warm_up_when_switched_off() -> None:
    store = EmbeddedStore(None)
    with TestClient(create_app(Settings(store="memory", warm_up=False), store=store)):
        time.sleep(0.2)
        assert intervals._TABLES.peek(version_key(store)) is None
