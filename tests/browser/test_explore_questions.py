"""The explorer's questions in a real chromium: preset URLs, the dyad timeline, compare mode,
play, the table view, keyboard reach, no external request and no console error.

The app serves the bundled graph plus the hostile fixture over real HTTP. Each test collects
the page's console errors and every request it makes; both must stay empty of faults.
Screenshots go to test-artifacts/ (git-ignored); docs/screenshots.py makes the README's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from app.views.presets import PRESETS
from tests.browser.test_explore import network_frame, node_ids, vis, wait_for_network
from tests.live_server import serve
from tests.views.data import ST, bundled_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve(bundled_app()) as url:
        yield url


class Watch:
    """Console errors and requests leaving the app's origin, for one page."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.errors: list[str] = []
        self.external: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on(
            "request",
            lambda r: (
                None if r.url.startswith((base_url, "data:")) else self.external.append(r.url)
            ),
        )

    def assert_clean(self) -> None:
        assert self.errors == [] and self.external == []


@pytest.fixture
def watched(page: Page, base_url: str) -> Iterator[tuple[Page, Watch]]:
    watch = Watch(page, base_url)
    yield page, watch
    watch.assert_clean()


def open_question(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_network(page)
    page.wait_for_selector("body[data-answer-ready]", state="attached", timeout=20_000)


def test_mission_preset_shows_the_tiers_and_their_hops(
    watched: tuple[Page, Watch], base_url: str, artifacts: Path
) -> None:
    page, _ = watched
    open_question(page, f"{base_url}{PRESETS['mission'].url}")
    assert {"CHN", "PRK", "RUS", "KOR"} <= node_ids(page)
    labels = {e["id"]: e.get("label") for e in vis(page, "edges.get()")}
    assert labels[f"allied_with|{ST}CHN|{ST}PRK"] == "defense"
    assert labels[f"has_alliance_with|{ST}CHN|{ST}RUS"] == "consultation"
    answer = page.locator("[data-tier=answer]")
    assert "reached no state" in answer.inner_text()
    reached = page.locator("[data-tier=reached]").inner_text()
    assert "China → North Korea" in reached and "defense obligation" in reached
    assert "allies (defense or offense obligation)" in reached
    wider = page.locator("[data-tier=wider]").inner_text()
    assert "consultation" in wider and "China → Russia" in wider and "Russia → South Korea" in wider
    assert "formal alliance obligation (any kind)" in wider
    page.screenshot(path=artifacts / "question-mission.png")


def test_landing_page_is_the_mission_and_focusing_leaves_it(
    watched: tuple[Page, Watch], base_url: str
) -> None:
    page, _ = watched
    open_question(page, f"{base_url}/explore")
    assert page.locator("#presets a[aria-current=page]").get_attribute("data-preset") == "mission"
    assert not page.locator("#hops").is_visible()
    page.fill("#focus", "Japan")
    page.locator("#suggestions li", has_text="Japan (JPN)").click()
    page.wait_for_url("**/explore?focus=JPN*")
    wait_for_network(page)
    assert page.locator("#hops").is_visible() and "JPN" in node_ids(page)


def test_partners_preset_centres_on_south_korea(watched: tuple[Page, Watch], base_url: str) -> None:
    page, _ = watched
    page.goto(f"{base_url}{PRESETS['partners'].url}")
    wait_for_network(page)
    assert {"KOR", "USA", "JPN"} <= node_ids(page)
    assert "preset=partners" in page.url


def test_dyad_timeline_shows_the_gsomia_signing_notice_and_suspension_with_quotes(
    watched: tuple[Page, Watch], base_url: str, artifacts: Path
) -> None:
    page, _ = watched
    page.goto(f"{base_url}/explore/dyad?a=KOR&b=JPN")
    page.wait_for_selector("body[data-ready]", state="attached", timeout=20_000)
    timeline = page.locator("#timeline")
    assert timeline.locator(".vis-item.status-in_force").count() >= 2
    for kind in ("signed", "termination announced", "termination suspended"):
        assert timeline.locator(".vis-item.event", has_text=kind).count() >= 1
    record = page.locator("#record")
    for day, words in (
        ("2016-11-23", "signed a pact on Wednesday"),
        ("2019-08-22", "ditch a bilateral agreement"),
        ("2019-11-22", "conditionally"),
    ):
        item = record.locator("li[data-event]", has_text=day)
        assert words in item.inner_text()
    timeline.locator(".vis-item.event", has_text="termination suspended").first.hover()
    page.wait_for_selector("body[data-hovered]", state="attached")
    assert "conditionally" in page.locator("#hover").inner_text()
    page.screenshot(path=artifacts / "dyad-kor-jpn.png", full_page=True)


def test_compare_2015_2017_adds_korea_japan_intelligence(
    watched: tuple[Page, Watch], base_url: str, artifacts: Path
) -> None:
    page, _ = watched
    open_question(page, f"{base_url}{PRESETS['changes'].url}")
    edge = vis(page, f"edges.get('shares_intelligence_with|{ST}JPN|{ST}KOR')")
    assert edge["change"] == "added"
    added = page.locator("[data-change=added]").inner_text()
    assert "Japan — South Korea" in added and "2016-11-23" in added
    assert network_frame(page).locator("#legend li[data-change=added]").is_visible()
    page.screenshot(path=artifacts / "question-changes.png")


def test_play_steps_the_years_and_keeps_states_in_place(
    watched: tuple[Page, Watch], base_url: str
) -> None:
    page, _ = watched
    page.goto(f"{base_url}/explore?focus=KOR&types=shares_intelligence_with&as_of=2014")
    wait_for_network(page)
    before: dict[str, Any] = vis(page, "network.getPositions()")
    page.click("#play")
    page.wait_for_selector("body[data-played-year='2016']", state="attached", timeout=20_000)
    page.click("#play")
    after: dict[str, Any] = vis(page, "network.getPositions()")
    kept = set(before) & set(after)
    assert kept and all(before[n] == after[n] for n in kept)
    assert f"{ST}JPN" in after and page.input_value("#year") in ("2016", "2017")


def test_table_view_lists_and_sorts_the_ties(watched: tuple[Page, Watch], base_url: str) -> None:
    page, _ = watched
    page.goto(f"{base_url}/explore?focus=KOR&types=shares_intelligence_with&as_of=2019")
    wait_for_network(page)
    page.click("#show-table")
    rows = page.locator("#table-body tr")
    assert rows.count() == len(vis(page, "edges.getIds()"))
    page.click("#table-view th button[data-key=agreements]")
    page.click("#table-view th button[data-key=agreements]")
    header = page.locator("#table-view th", has=page.locator("button[data-key=agreements]"))
    assert header.get_attribute("aria-sort") == "descending"
    assert (
        page.locator("#export-csv").get_attribute("href").startswith("/api/v1/views/network.csv?")
    )


def test_keyboard_reaches_every_control(watched: tuple[Page, Watch], base_url: str) -> None:
    page, _ = watched
    page.goto(f"{base_url}/explore?focus=KOR")
    wait_for_network(page)
    controls = page.evaluate(
        """() => Array.from(document.querySelectorAll(
            'header a[href], header button, header input, header select'))
            .filter((e) => e.offsetParent !== null).map((e) => e.id || e.textContent.trim())"""
    )
    reached = set()
    page.locator("body").focus()
    for _ in range(len(controls) + 20):
        page.keyboard.press("Tab")
        active = page.evaluate(
            "() => document.activeElement.id || document.activeElement.textContent.trim()"
        )
        reached.add(active)
    assert set(controls) <= reached
