"""/explore in a real chromium: colouring by bloc, sizing by centrality, the top-states list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.browser.test_explore import open_explore, vis, wait_for_network
from tests.live_server import serve
from tests.views.data import bundled_app

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve(bundled_app()) as url:
        yield url


def test_size_by_centrality_lists_the_top_states_and_colour_by_bloc(
    page: Page, base_url: str
) -> None:
    open_explore(page, base_url, "types=shares_intelligence_with&as_of=2019")
    assert page.locator("#top-states").is_hidden()
    page.select_option("#size-by", "degree")
    wait_for_network(page)
    page.wait_for_selector("#top-list li")
    assert page.locator("#top-list li").first.get_attribute("data-code") == "KOR"
    assert "size_by=degree" in page.url
    sizes = vis(page, "nodes.get().map((n) => [n.code, n.size])")
    assert max(sizes, key=lambda item: item[1])[0] == "KOR"
    page.select_option("#colour-by", "community")
    wait_for_network(page)
    assert "colour_by=community" in page.url
    groups = vis(page, "nodes.get().map((n) => n.group)")
    assert all(group is not None for group in groups)
