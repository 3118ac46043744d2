"""Security headers on every response (app/api/headers.py), and pages without inline script."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from app.api.headers import FRAMEABLE, content_security_policy
from app.config import PROJECT_ROOT

HTML = {"Accept": "text/html"}


def directives(policy: str) -> dict[str, str]:
    return dict(d.strip().split(" ", 1) for d in policy.split(";"))


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/explore", {}),
        ("/sparql", HTML),
        ("/id/state/KOR", HTML),
        ("/docs", {}),
        ("/redoc", {}),
        ("/api/v1/states", {}),
        ("/api/v1/states/ZZZ", {}),
        ("/static/explore/explore.js", {}),
    ],
)
def test_every_response_carries_the_policy_and_cannot_be_framed_elsewhere(
    mini_client: TestClient, path: str, headers: dict[str, str]
) -> None:
    answer = mini_client.get(path, headers=headers)
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert answer.headers["x-frame-options"] == "SAMEORIGIN"
    policy = directives(answer.headers["content-security-policy"])
    assert policy["frame-ancestors"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]


def test_the_network_document_may_be_framed_by_any_site(mini_client: TestClient) -> None:
    answer = mini_client.get("/api/v1/views/network")
    assert answer.status_code == 200
    assert "x-frame-options" not in answer.headers
    assert directives(answer.headers["content-security-policy"])["frame-ancestors"] == "*"
    # Its data files are not documents to frame.
    assert mini_client.get("/api/v1/views/network.json").headers["x-frame-options"] == "SAMEORIGIN"


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/explore", FRAMEABLE])
def test_every_page_runs_scripts_from_this_origin_only(path: str) -> None:
    assert directives(content_security_policy(path))["script-src"] == "'self'"


def test_only_redoc_may_start_a_worker_from_a_blob() -> None:
    assert directives(content_security_policy("/redoc"))["worker-src"] == "'self' blob:"
    assert "worker-src" not in directives(content_security_policy("/explore"))


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/explore", {}),
        ("/api/v1/views/network", {}),
        ("/sparql", HTML),
        ("/id/state/KOR", HTML),
        ("/id/agreement/mini-kor-jpn", HTML),
        ("/id/event/mini-announce", HTML),
        ("/docs", {}),
        ("/redoc", {}),
    ],
)
def test_pages_carry_no_inline_script_or_event_handler(
    mini_client: TestClient, path: str, headers: dict[str, str]
) -> None:
    answer = mini_client.get(path, headers=headers)
    assert answer.status_code == 200
    html = answer.text
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html)
    assert "javascript:" not in html


def test_docs_state_the_policy_pages_are_served_with() -> None:
    text = (PROJECT_ROOT / "docs" / "security.md").read_text()
    documented = text.split("The policy of every page", 1)[1].split("```text\n", 1)[1]
    assert documented.split("\n", 1)[0] == content_security_policy("/explore")
    for path in ("/api/v1/views/network", "/docs", "/redoc"):
        assert f"`{path}`" in text
