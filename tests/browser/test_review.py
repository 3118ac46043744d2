"""The review queue in Chromium: paste seed 004, accept the KOR-THA signing, reject the rest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from app.api import create_app
from app.config import Settings
from app.store import EmbeddedStore
from tests.extract.conftest import SEEDS
from tests.extract.test_api import without_curated_korea
from tests.live_server import serve

pytestmark = pytest.mark.browser
TOKEN = "review-token-1234"
SEED = SEEDS / "004_73810ff19049f8e1.txt"


@pytest.fixture(scope="module")
def review_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app over real HTTP with a write token, without the curated KOR-THA agreement."""
    store = without_curated_korea(EmbeddedStore(tmp_path_factory.mktemp("review") / "store"))
    with serve(create_app(Settings(store="memory", token=SecretStr(TOKEN)), store=store)) as url:
        yield url
    store.close()


def extract(page: Any, text: str) -> None:
    page.fill("#article", text)
    page.fill("#published", "2019-09-02")
    page.fill("#headline", "South Korea agrees to share military intelligence with Thailand")
    page.fill("#publisher", "Nikkei Asian Review")
    page.fill("#token", TOKEN)
    page.click("#extract")
    page.wait_for_selector("#status:has-text('candidate')")


def test_accepting_the_seed_signing_puts_it_in_the_graph_with_its_quote(
    page: Any, review_url: str, artifacts: Path
) -> None:
    if not SEED.is_file():
        pytest.skip(f"{SEED} is missing")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{review_url}/review")
    extract(page, SEED.read_text(encoding="utf-8"))
    assert page.locator("#text mark").count() == 2
    signing = page.locator("#candidates li", has_text="BANGKOK")
    assert signing.locator("select[name=event_type]").input_value() == "SignedEvent"
    assert signing.locator("input[name=parties]").input_value() == "KOR, THA"
    page.screenshot(path=str(artifacts / "review-queue.png"), full_page=True)
    signing.locator("button.accept").click()
    page.wait_for_selector("#candidates li.accepted")
    answer = page.request.get(
        f"{review_url}/api/v1/query/path?from=THA&path=shares_intelligence_with"
    ).text()
    assert '"KOR"' in answer
    assert "signed a memorandum of understanding on military intelligence cooperation" in answer

    other = page.locator("#candidates li", has_text="discontinuing")
    other.locator("input[name=reason]").fill("dated only by 'recently'")
    other.locator("button.reject").click()
    page.wait_for_selector("#candidates li.rejected")
    page.click("#extract")
    page.wait_for_selector("#status:has-text('1 candidate')")
    assert page.locator("#candidates li", has_text="discontinuing").count() == 0
    assert all(url.startswith(review_url) for url in requested), requested


def test_article_text_is_shown_as_text_never_as_markup(page: Any, review_url: str) -> None:
    page.goto(f"{review_url}/review")
    hostile = '<img src=x onerror="document.title=1"> India and Japan signed an ACSA on Wednesday.'
    extract(page, hostile)
    assert page.locator("#text img").count() == 0
    assert "<img src=x" in page.inner_text("#text")
    assert page.title() != "1"
    page.fill("#token", "wrong")
    page.locator("#candidates li button.accept").first.click()
    page.wait_for_selector("#error:not([hidden])")
    assert "403" in page.inner_text("#error")
