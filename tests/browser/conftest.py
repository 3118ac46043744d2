"""Browser fixtures: Playwright driving Debian's Chromium, and the app on a real HTTP port.

Never downloads a browser: ``/usr/bin/chromium`` (``make browser-deps`` installs it) with the
flags that keep it off the network. Without it the browser tests skip, saying why, except
under ``CI=true``, where a missing browser is a failure. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.api import create_app
from app.config import PROJECT_ROOT, Settings
from tests.live_server import serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def live_url() -> Iterator[str]:
    """The app over real HTTP, on an in-memory store holding the bundled graph."""
    with serve(create_app(Settings(store="memory"))) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian Chromium under Playwright (skips without it, fails under CI=true)."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page in its own context (no shared cookies or cache between tests)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Directory for screenshots (kept out of git)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
