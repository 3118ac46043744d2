"""/docs (Swagger UI) and /redoc (ReDoc) in a real Chromium: they render every operation with
no request leaving the app, show the project favicon, and keep working under a
Content-Security-Policy that allows scripts from the app only (no inline script)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.browser

#: A policy as strict as a page of the app can have: scripts, styles, fonts and workers from the
#: app only (ReDoc's generated styles and Swagger UI's inline SVG icons need the two extras).
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'"
)


def operation_count(live_url: str) -> int:
    document = httpx.get(f"{live_url}/openapi.json").json()
    return sum(len(ops) for ops in document["paths"].values())


def watch(page: Any) -> tuple[list[str], list[str]]:
    """Every URL the page requests, and every console error and CSP violation it reports."""
    requested: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return requested, errors


def outside(requested: list[str], live_url: str) -> list[str]:
    """The requested URLs that leave the app (ReDoc's search worker is a ``blob:`` of the page)."""
    return [url for url in requested if not url.startswith((live_url, f"blob:{live_url}"))]


def with_csp(page: Any, live_url: str) -> None:
    """Serve every page of the app with :data:`STRICT_CSP` (whatever the app itself sends)."""

    def add_policy(route: Any) -> None:
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": STRICT_CSP}
        route.fulfill(response=response, headers=headers)

    page.route(f"{live_url}/**", add_policy)


@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict-csp"])
def test_swagger_ui_lists_every_operation_offline(
    page: Any, live_url: str, artifacts: Path, strict: bool
) -> None:
    if strict:
        with_csp(page, live_url)
    requested, errors = watch(page)
    page.goto(f"{live_url}/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() == operation_count(live_url)
    assert page.locator("link[rel=icon]").get_attribute("href") == "/static/favicon.svg"
    page.screenshot(path=artifacts / f"docs-swagger-{'csp' if strict else 'plain'}.png")
    assert outside(requested, live_url) == []
    assert f"{live_url}/static/favicon.svg" in requested
    assert errors == []


@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict-csp"])
def test_redoc_lists_every_operation_offline(
    page: Any, live_url: str, artifacts: Path, strict: bool
) -> None:
    if strict:
        with_csp(page, live_url)
    requested, errors = watch(page)
    page.goto(f"{live_url}/redoc")
    page.wait_for_selector("[data-section-id^='operation/']", state="attached", timeout=20_000)
    sections = page.locator("[data-section-id^='operation/']").count()
    assert sections == operation_count(live_url)
    page.screenshot(path=artifacts / f"docs-redoc-{'csp' if strict else 'plain'}.png")
    assert outside(requested, live_url) == []
    assert errors == []
