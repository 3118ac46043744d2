"""/explore in a real chromium: focus, legend, date slider, panel, expansion, exports, escaping.

Screenshots of each scene go to test-artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from app.api import create_app
from app.config import Settings
from app.store import EmbeddedStore
from tests.live_server import serve
from tests.views.data import HOSTILE_AGREEMENT, HOSTILE_STATE, ST, load_view_data

if TYPE_CHECKING:
    from playwright.sync_api import Frame, Page

pytestmark = pytest.mark.browser

KOR_JPN_INTEL = f"shares_intelligence_with|{ST}JPN|{ST}KOR"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    store = load_view_data(EmbeddedStore(None))
    with serve(create_app(Settings(store="memory"), store=store)) as url:
        yield url


def open_explore(page: Page, base_url: str, query: str) -> None:
    page.goto(f"{base_url}/explore?{query}")
    wait_for_network(page)


def wait_for_network(page: Page) -> None:
    page.wait_for_selector("body[data-network-ready]", state="attached", timeout=20_000)


def network_frame(page: Page) -> Frame:
    handle = page.locator("#network-frame").element_handle()
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None
    return frame


def vis(page: Page, expression: str) -> Any:
    return network_frame(page).evaluate(f"() => window.pactgraph.{expression}")


def node_ids(page: Page) -> set[str]:
    return {i.removeprefix(ST) for i in vis(page, "nodes.getIds()")}


def node_point(page: Page, iri: str) -> tuple[float, float]:
    """Where a node is drawn, in page coordinates."""
    point = network_frame(page).evaluate(
        "(id) => window.pactgraph.network.canvasToDOM(window.pactgraph.network.getPosition(id))",
        iri,
    )
    box = page.locator("#network-frame").bounding_box()
    assert box is not None
    return box["x"] + point["x"], box["y"] + point["y"]


def set_year(page: Page, year: int) -> None:
    page.locator("#year").evaluate(
        """(slider, year) => {
            slider.value = String(year);
            slider.dispatchEvent(new Event("input", { bubbles: true }));
            slider.dispatchEvent(new Event("change", { bubbles: true }));
        }""",
        year,
    )
    wait_for_network(page)


def test_focus_china_shows_its_network_and_a_legend(
    page: Page, base_url: str, artifacts: Path
) -> None:
    open_explore(page, base_url, "")
    page.fill("#focus", "Chin")
    suggestion = page.locator("#suggestions li", has_text="China (CHN)")
    suggestion.click()
    page.wait_for_url("**/explore?focus=CHN*")
    wait_for_network(page)
    assert node_ids(page) == {"CHN", "RUS"}
    legend = network_frame(page).locator("#legend")
    assert legend.locator("li[data-relation=has_alliance_with]").is_visible()
    assert not legend.locator("li[data-relation=shares_intelligence_with]").is_visible()
    assert legend.locator("li[data-region=Asia]").is_visible()
    page.select_option("#hops", "3")
    wait_for_network(page)
    assert {"CHN", "RUS", "KOR", "JPN", "USA"} <= node_ids(page)
    assert legend.locator("li[data-relation=shares_intelligence_with]").is_visible()
    assert "hops=3" in page.url
    page.screenshot(path=artifacts / "explore-china-3-hops.png")


def test_date_slider_redraws_the_view_as_of_that_year(
    page: Page, base_url: str, artifacts: Path
) -> None:
    open_explore(page, base_url, "focus=CHN&hops=3")
    set_year(page, 2015)
    assert "as_of=2015" in page.url
    assert page.locator("#year-value").text_content() == "2015"
    assert vis(page, f"edges.get('{KOR_JPN_INTEL}')") is None
    page.screenshot(path=artifacts / "explore-2015.png")
    set_year(page, 2017)
    assert vis(page, f"edges.get('{KOR_JPN_INTEL}')")["relation"] == "shares_intelligence_with"
    page.screenshot(path=artifacts / "explore-2017.png")
    page.reload()
    wait_for_network(page)
    assert page.locator("#year").input_value() == "2017"
    assert vis(page, f"edges.get('{KOR_JPN_INTEL}')") is not None


def test_who_shares_intelligence_with_chinas_allies_by_clicking(
    page: Page, base_url: str, artifacts: Path
) -> None:
    open_explore(page, base_url, "focus=CHN&hops=2")
    page.mouse.click(*node_point(page, ST + "CHN"))
    panel = page.locator("#panel")
    allies = panel.locator(".partners", has=page.locator(".relation-tag", has_text="alliance"))
    allies.get_by_role("button", name="Russia").click()
    intel = panel.locator(
        ".partners", has=page.locator(".relation-tag", has_text="shares intelligence")
    )
    intel.get_by_role("button", name="South Korea").wait_for()
    quote = panel.locator(".quote", has_text="sealed a GSOMIA with Russia in 2001")
    quote.wait_for()
    assert quote.is_visible()
    page.screenshot(path=artifacts / "explore-intelligence-of-chinas-allies.png")


def test_clicking_an_edge_lists_its_agreements_with_sources(page: Page, base_url: str) -> None:
    open_explore(page, base_url, "focus=KOR&as_of=2017&types=shares_intelligence_with")
    kor, jpn = node_point(page, ST + "KOR"), node_point(page, ST + "JPN")
    page.mouse.click((kor[0] + jpn[0]) / 2, (kor[1] + jpn[1]) / 2)
    panel = page.locator("#panel")
    panel.locator(".quote", has_text="signed the GSOMIA with Japan").wait_for()
    assert panel.locator("h2").text_content() in {"South Korea — Japan", "Japan — South Korea"}


def test_double_click_expands_a_state_and_the_url_keeps_it(page: Page, base_url: str) -> None:
    open_explore(page, base_url, "focus=CHN")
    assert node_ids(page) == {"CHN", "RUS"}
    page.mouse.dblclick(*node_point(page, ST + "RUS"))
    page.wait_for_url("**expand=RUS*")
    network_frame(page).wait_for_function("() => window.pactgraph.nodes.length === 3")
    assert node_ids(page) == {"CHN", "RUS", "KOR"}
    page.reload()
    wait_for_network(page)
    assert node_ids(page) == {"CHN", "RUS", "KOR"}


def test_exports_download_png_and_json_of_the_view(
    page: Page, base_url: str, tmp_path: Path
) -> None:
    open_explore(page, base_url, "focus=KOR&hops=2")
    with page.expect_download() as png:
        page.click("#export-png")
    assert png.value.suggested_filename == "pactgraph-view.png"
    png_path = tmp_path / "view.png"
    png.value.save_as(png_path)
    assert png_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as exported:
        page.click("#export-json")
    json_path = tmp_path / "view.json"
    exported.value.save_as(json_path)
    data = json.loads(json_path.read_text())
    assert {n["id"] for n in data["nodes"]} == {ST + c for c in node_ids(page)}


def test_hostile_label_shows_as_text_and_no_dialog_opens(
    page: Page, base_url: str, artifacts: Path
) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_explore(page, base_url, "focus=XSS")
    x, y = node_point(page, ST + "XSS")
    page.mouse.move(x, y)
    tooltip = network_frame(page).locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert (tooltip.text_content() or "").startswith(HOSTILE_STATE)
    page.mouse.click(x, y)
    panel = page.locator("#panel")
    panel.locator(".agreement a", has_text=HOSTILE_AGREEMENT).wait_for()
    assert panel.locator("h2").text_content() == f"{HOSTILE_STATE} (XSS)"
    assert panel.locator(".quote", has_text="<b onmouseover=alert(5)>quote</b>").is_visible()
    assert page.locator("img").count() == 0
    assert network_frame(page).locator("img").count() == 0
    page.screenshot(path=artifacts / "explore-hostile-label.png")
    for path in ("/id/state/XSS", "/id/agreement/hostile", "/id/source/hostile"):
        page.goto(base_url + path)
        assert page.locator("img").count() == 0
    page.wait_for_timeout(300)  # give any injected handler the chance to fire
    assert dialogs == []
