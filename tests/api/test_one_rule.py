"""Every surface gives the same partners on the bundled graph (issue 12: one as-of rule)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.config import Settings
from app.store import EmbeddedStore, Store
from tests.one_rule import assert_one_answer, surfaces

TODAY = dt.date.today()


@pytest.fixture(scope="module")
def bundle_app() -> Iterator[tuple[TestClient, Store]]:
    store = EmbeddedStore(None)
    with TestClient(create_app(Settings(store="memory"), store=store)) as client:
        yield client, store


@pytest.mark.parametrize(
    ("state", "relation", "day", "expected"),
    [
        ("KOR", "shares_intelligence_with", dt.date(2014, 12, 31), None),
        ("KOR", "shares_intelligence_with", dt.date(2015, 12, 31), None),
        ("KOR", "shares_intelligence_with", TODAY, None),
        ("JPN", "shares_intelligence_with", dt.date(2019, 12, 31), None),
        ("CHN", "allied_with", TODAY, {"PRK"}),
        ("CHN", "has_alliance_with", TODAY, {"PRK", "RUS"}),
        ("KOR", "allied_with", TODAY, {"USA"}),
        ("USA", "pledged_to_defend", TODAY, None),
        ("KOR", "cooperates_militarily_with", dt.date(2019, 12, 31), None),
    ],
)
def test_every_surface_gives_the_same_partners(
    bundle_app: tuple[TestClient, Store],
    state: str,
    relation: str,
    day: dt.date,
    expected: set[str] | None,
) -> None:
    client, store = bundle_app
    found = surfaces(client, store, state, relation, day)
    partners = assert_one_answer(found, year_end=(day.month, day.day) == (12, 31))
    if expected is not None:
        assert partners == expected


def test_a_focused_view_draws_pledges_the_way_the_whole_view_does(
    bundle_app: tuple[TestClient, Store],
) -> None:
    """Both views are cut from one projection, so a pledge owed to the focus is not lost."""
    client, _ = bundle_app

    def arrows(query: str) -> dict[str, str]:
        view = client.get(f"/api/v1/views/network.json?types=pledged_to_defend&{query}").json()
        return {e["id"]: e["arrows"] for e in view["edges"]}

    focused, whole = arrows("focus=USA"), arrows("")
    assert focused and all(whole[key] == drawn for key, drawn in focused.items())
