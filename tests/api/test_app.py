"""The app factory's lifespan: start-up preparation runs once per start."""

from __future__ import annotations

import logging
import re
from contextlib import closing

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.config import Settings
from app.store import open_store


def test_a_store_the_caller_prepared_is_not_prepared_again() -> None:
    # `pactgraph serve` runs prepare() itself (with progress on its terminal) and says so.
    settings = Settings(store="memory", datasets="")
    with closing(open_store(settings)) as store:
        with TestClient(create_app(settings, store=store, prepared=True)) as client:
            assert client.get("/health").status_code == 200
        assert store.triple_count() == 0


def test_the_lifespan_prepares_a_store_nobody_prepared(caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(store="memory", datasets="")
    with (
        caplog.at_level(logging.INFO, logger="app.api.app"),
        closing(open_store(settings)) as store,
        TestClient(create_app(settings, store=store)),
    ):
        assert store.triple_count() > 0
    # The summary `pactgraph serve` prints, from the same StartupReport.lines.
    assert re.fullmatch(
        r"bundle loaded: \d+ files; datasets imported: 0; \d+ triples; prepared in [\d.]+ s",
        caplog.messages[0],
    )
