"""Screenshots of the explorer's questions and the dyad timeline for README (docs/img/).

Run against a running server, preferably on the store `make run` builds:
``.venv/bin/python docs/screenshots.py http://127.0.0.1:8000``. Uses Debian's chromium
through Playwright with the flags that keep it off the network.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.views.presets import PRESETS  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

OUT = Path(__file__).resolve().parent / "img"


def main(base: str) -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        for preset in PRESETS.values():
            page.goto(base + preset.url, timeout=600_000)
            page.wait_for_selector("body[data-network-ready]", state="attached", timeout=600_000)
            page.wait_for_selector("body[data-answer-ready]", state="attached", timeout=600_000)
            page.wait_for_timeout(1000)
            page.screenshot(path=OUT / f"question-{preset.id}.png")
        page.goto(base + "/explore/dyad?a=KOR&b=JPN", timeout=600_000)
        page.wait_for_selector("body[data-ready]", state="attached", timeout=60_000)
        page.wait_for_timeout(1000)
        page.locator(".vis-item.event", has_text="termination suspended").first.hover()
        page.wait_for_timeout(300)
        page.screenshot(path=OUT / "dyad-kor-jpn.png")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000")
