"""Web hardening in a real Chromium: stored IRIs never become script links, and every page
works under the Content-Security-Policy (no violation, no console error).

The app runs over real HTTP with a write token; the hostile facts arrive the way an attacker
holding a token would send them: ``POST /api/v1/ingest``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from pydantic import SecretStr

from app.api import create_app
from app.config import Settings
from tests.live_server import serve

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

TOKEN = "web-hardening-token"
#: An agreement and a source whose IRIs and URL are script links of every dangerous scheme.
HOSTILE_BATCH = b"""
@prefix pg: <https://w3id.org/pactgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix state: <https://w3id.org/pactgraph/id/state/> .
@prefix source: <https://w3id.org/pactgraph/id/source/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<javascript:alert(1)//> a pg:Agreement ; rdfs:label "script agreement" ;
    pg:party state:KOR, state:JPN ;
    pg:agreementType pg:IntelligenceMOU ; pg:signed "2019-09-02"^^xsd:date ;
    pg:citation [ a pg:Citation ; pg:source source:hostile-links ; pg:quote "q" ] .
<data:text/html;base64,PHNjcmlwdD5hbGVydCgyKTwvc2NyaXB0Pg==> a pg:Agreement ;
    rdfs:label "data agreement" ;
    pg:party state:KOR, state:JPN ;
    pg:agreementType pg:IntelligenceMOU ; pg:signed "2019-09-03"^^xsd:date ;
    pg:citation [ a pg:Citation ; pg:source source:hostile-links ; pg:quote "q" ] .
<vbscript:msgbox(3)> a pg:Agreement ; rdfs:label "vbscript agreement" ;
    pg:party state:KOR, state:JPN ;
    pg:agreementType pg:IntelligenceMOU ; pg:signed "2019-09-04"^^xsd:date ;
    pg:citation [ a pg:Citation ; pg:source <JaVaScRiPt:alert(4)//> ; pg:quote "q" ] .
source:hostile-links a schema:NewsArticle ; schema:headline "links" ;
    schema:url <javascript:alert(5)//> .
<JaVaScRiPt:alert(4)//> a schema:NewsArticle ; schema:headline "scheme case" .
"""
#: What the pages show of the hostile entities (as text, never as links).
HOSTILE_TEXTS = ("script agreement", "data agreement", "vbscript agreement", "scheme case")
#: Every kind of HTML page the app serves, with a selector that shows it finished drawing.
PAGES = {
    "/explore?focus=KOR": "body[data-network-ready]",
    "/api/v1/views/network?focus=KOR": "body[data-ready]",
    "/sparql": "#highlight .tok-kw",
    "/id/state/KOR": "h1",
    "/id/state/JPN": "h1",
    "/id/source/hostile-links": "h1",
    "/id/event/chn-rus-treaty-extended-2021": "h1",
    "/docs": ".opblock",
    "/redoc": "[data-section-id^='operation/']",
}


@pytest.fixture(scope="module")
def hostile_url() -> Iterator[str]:
    settings = Settings(store="memory", token=SecretStr(TOKEN))
    with serve(create_app(settings)) as url:
        answer = httpx.post(
            f"{url}/api/v1/ingest",
            content=HOSTILE_BATCH,
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"},
            timeout=60,
        )
        assert answer.status_code == 201, answer.text
        yield url


def watch(page: Page) -> tuple[list[str], list[str]]:
    """Dialogs opened and console errors (CSP violations are console errors) on ``page``."""
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    return dialogs, errors


@pytest.mark.parametrize("path", ["/id/state/KOR", "/id/state/JPN", "/id/source/hostile-links"])
def test_script_iris_show_as_text_and_clicking_them_opens_no_dialog(
    page: Page, hostile_url: str, path: str
) -> None:
    dialogs, _ = watch(page)
    page.goto(hostile_url + path)
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    assert hrefs
    assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
    shown = page.inner_text("main")
    for text in HOSTILE_TEXTS:
        if text in shown:
            page.get_by_text(text).first.click()
    page.wait_for_timeout(300)
    assert dialogs == []


def test_hostile_iris_are_listed_on_the_state_page(page: Page, hostile_url: str) -> None:
    page.goto(hostile_url + "/id/state/KOR")
    shown = page.inner_text("main")
    assert all(text in shown for text in HOSTILE_TEXTS[:3])


@pytest.mark.parametrize("path", PAGES)
def test_every_page_works_under_the_policy_without_a_console_error(
    page: Page, hostile_url: str, path: str
) -> None:
    dialogs, errors = watch(page)
    answer = page.goto(hostile_url + path)
    assert answer is not None
    policy = answer.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    page.wait_for_selector(PAGES[path], state="attached", timeout=20_000)
    page.wait_for_timeout(300)
    assert errors == []
    assert dialogs == []


def test_other_sites_may_frame_the_network_document_and_nothing_else(
    page: Page, hostile_url: str
) -> None:
    other_site = FastAPI()
    embedding = (
        f'<iframe id="network" src="{hostile_url}/api/v1/views/network?focus=KOR"></iframe>'
        f'<iframe id="explore" src="{hostile_url}/explore"></iframe>'
    )
    other_site.get("/", response_class=HTMLResponse)(lambda: embedding)
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "frame-ancestors" in m.text else None)
    with serve(other_site) as embedder:  # another port: another origin
        page.goto(embedder)
        page.frame_locator("#network").locator("body[data-ready]").wait_for(
            state="attached", timeout=20_000
        )
        page.wait_for_timeout(300)
        frames = [frame.url for frame in page.frames]
    assert len(blocked) == 1  # /explore; Chromium names only the origin in the message
    assert frames[1].startswith(f"{hostile_url}/api/v1/views/network")
    assert frames[2].startswith("chrome-error:")


def test_script_iris_in_query_results_are_not_links(page: Page, hostile_url: str) -> None:
    dialogs, _ = watch(page)
    page.goto(hostile_url + "/sparql")
    page.fill(
        "#query",
        "SELECT ?a WHERE { ?a a <https://w3id.org/pactgraph/ontology#Agreement> "
        'FILTER(!STRSTARTS(STR(?a), "http")) }',
    )
    page.click("#run")
    page.wait_for_selector("#results-table tbody tr")
    cells = page.locator("#results-table tbody td")
    assert cells.count() == 3
    assert page.locator("#results-table tbody a").count() == 0
    cells.first.click()
    page.wait_for_timeout(300)
    assert dialogs == []
