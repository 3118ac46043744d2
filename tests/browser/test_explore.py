"""/explore in a real chromium: focus, legend, date slider, panel, expansion, exports, escaping.

The app serves the bundled graph (graph_data/) plus a fixture with hostile labels, over real
HTTP. Screenshots of each scene go to test-artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.live_server import serve
from tests.views.data import HOSTILE_AGREEMENT, HOSTILE_STATE, ST, bundled_app

if TYPE_CHECKING:
    from playwright.sync_api import Frame, Page

pytestmark = pytest.mark.browser

KOR_JPN_INTEL = f"shares_intelligence_with|{ST}JPN|{ST}KOR"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve(bundled_app()) as url:
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


def assert_legend_matches_the_edges(page: Page) -> None:
    drawn = set(vis(page, "edges.map((e) => e.relation)"))
    legend = network_frame(page).locator("#legend li[data-relation]")
    for index in range(legend.count()):
        entry = legend.nth(index)
        assert entry.is_visible() == (entry.get_attribute("data-relation") in drawn)


def test_focus_china_shows_its_network_and_a_legend(
    page: Page, base_url: str, artifacts: Path
) -> None:
    open_explore(page, base_url, "")
    page.fill("#focus", "Chin")
    page.locator("#suggestions li", has_text="China (CHN)").click()
    page.wait_for_url("**/explore?focus=CHN*")
    wait_for_network(page)
    # The default relations draw allies (North Korea), not every formal alliance obligation:
    # Russia (a consultation obligation) is not China's ally.
    assert {"CHN", "PRK"} <= node_ids(page)
    assert "RUS" not in node_ids(page) and "JPN" not in node_ids(page)
    assert page.input_value("#focus") == "China"
    assert_legend_matches_the_edges(page)
    legend = network_frame(page).locator("#legend")
    assert legend.locator("li[data-relation=allied_with]").is_visible()
    assert "allies (defense or offense obligation)" in legend.inner_text()
    assert legend.locator("li[data-region=Asia]").is_visible()
    page.select_option("#hops", "3")
    wait_for_network(page)
    assert {"CHN", "RUS", "PRK", "KOR", "JPN", "USA"} <= node_ids(page)
    assert_legend_matches_the_edges(page)
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
    # China's one ally (North Korea) shares intelligence with nobody; the wider reading goes
    # through any formal alliance obligation: Russia, then South Korea.
    types = "allied_with,has_alliance_with,shares_intelligence_with"
    open_explore(page, base_url, f"focus=CHN&hops=2&types={types}")
    page.mouse.click(*node_point(page, ST + "CHN"))
    panel = page.locator("#panel")
    allies = panel.locator(
        ".partners",
        has=page.locator(".relation-tag", has_text="formal alliance obligation (any kind)"),
    )
    allies.get_by_role("button", name="Russia").click()
    intel = panel.locator(
        ".partners", has=page.locator(".relation-tag", has_text="shares intelligence")
    )
    intel.get_by_role("button", name="South Korea").wait_for()
    quote = panel.locator(".quote", has_text="GSOMIA with Russia")
    quote.wait_for()
    assert quote.is_visible()
    page.screenshot(path=artifacts / "explore-intelligence-of-chinas-allies.png")


def edge_point(page: Page, edge_id: str) -> tuple[float, float]:
    """The middle of a drawn edge (on its curve), in page coordinates."""
    point = network_frame(page).evaluate(
        """(id) => {
            const network = window.pactgraph.network;
            return network.canvasToDOM(network.body.edges[id].edgeType.getPoint(0.5));
        }""",
        edge_id,
    )
    box = page.locator("#network-frame").bounding_box()
    assert box is not None
    return box["x"] + point["x"], box["y"] + point["y"]


def test_clicking_an_edge_lists_its_agreements_with_sources(page: Page, base_url: str) -> None:
    open_explore(page, base_url, "focus=KOR&as_of=2017&types=shares_intelligence_with")
    page.mouse.click(*edge_point(page, KOR_JPN_INTEL))
    panel = page.locator("#panel")
    panel.locator(".agreement a", has_text="Japan GSOMIA (2016)").wait_for()
    assert panel.locator("h2").text_content() == "Japan — South Korea"
    assert panel.locator(".quote").count() >= 1


def test_double_click_expands_a_state_and_the_url_keeps_it_physics_toggles(
    page: Page, base_url: str
) -> None:
    open_explore(page, base_url, "focus=CHN")
    before = node_ids(page)
    assert "JPN" not in before
    page.mouse.dblclick(*node_point(page, ST + "KOR"))
    page.wait_for_url("**expand=KOR*")
    network_frame(page).wait_for_function(f"() => window.pactgraph.nodes.length > {len(before)}")
    expanded = node_ids(page)
    assert before | {"JPN", "USA"} <= expanded
    page.check("#physics")
    assert vis(page, "network.physics.options.enabled") is True
    page.uncheck("#physics")
    assert vis(page, "network.physics.options.enabled") is False
    page.reload()
    wait_for_network(page)
    assert node_ids(page) == expanded


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


def test_network_document_works_alone(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/api/v1/views/network?focus=CHN&hops=2&types=has_alliance_with")
    page.wait_for_selector("body[data-ready]", state="attached")
    frame = page.main_frame
    point = frame.evaluate(
        "(id) => window.pactgraph.network.canvasToDOM(window.pactgraph.network.getPosition(id))",
        ST + "CHN",
    )
    page.mouse.click(point["x"], point["y"])
    link = page.locator("#status a")
    assert link.text_content() == "China (CHN)"
    assert link.get_attribute("href") == "/id/state/CHN"
    assert page.locator("#legend li[data-relation=has_alliance_with]").is_visible()
