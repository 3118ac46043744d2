"""HEAD answers like GET without a body (app/api/head.py), on every route."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.mark.parametrize(
    "path",
    [
        "/store?default",
        "/store",  # no graph named: the same 400 as GET
        "/api/v1/states/KOR",
        "/api/v1/states/ZZZ",
        "/sparql?query=ASK%7B%7D",
        "/explore",
        "/health",
        "/static/explore/explore.js",
    ],
)
def test_head_has_the_status_and_headers_of_get_and_no_body(
    mini_client: TestClient, path: str
) -> None:
    got = mini_client.get(path)
    head = mini_client.head(path)
    assert head.status_code == got.status_code != 405
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == str(len(got.content))
