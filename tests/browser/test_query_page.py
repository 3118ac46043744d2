"""The SPARQL query page in a real browser: highlighting, examples, results, downloads, errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser


def open_page(page: Any, live_url: str) -> list[str]:
    """Open /sparql; returns the list every requested URL is appended to."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_url}/sparql")
    page.wait_for_selector("#highlight .tok-kw")
    return requested


def test_query_page_runs_an_example_and_offers_every_download(
    page: Any, live_url: str, artifacts: Path
) -> None:
    requested = open_page(page, live_url)
    assert page.locator("button.example").count() >= 12
    page.click("button.example[data-name='14-named-graphs']")
    assert "GRAPH ?graph" in page.input_value("#query")
    assert page.locator("#highlight .tok-var").count() > 0
    page.click("#run")
    page.wait_for_selector("#results-table tbody tr")
    assert page.locator("#results-table th").all_inner_texts() == ["?graph", "?triples"]
    assert "rows" in page.inner_text("#status")
    formats = page.locator("#downloads a.download")
    assert formats.all_inner_texts() == ["json", "xml", "csv", "tsv"]
    csv = page.request.get(formats.nth(2).get_attribute("href"))
    assert csv.status == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.text().startswith("graph,triples")
    page.screenshot(path=str(artifacts / "sparql-query-page.png"), full_page=True)
    # Everything the page loaded came from the app itself (no CDN).
    assert all(url.startswith(live_url) for url in requested), requested


def test_construct_queries_offer_rdf_downloads(page: Any, live_url: str) -> None:
    open_page(page, live_url)
    page.fill("#query", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5")
    names = page.locator("#downloads a.download").all_inner_texts()
    assert names == ["turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads"]
    page.click("#run")
    page.wait_for_selector("#results-graph")
    assert "<" in page.inner_text("#results-graph")


def test_syntax_errors_are_shown_with_their_position(
    page: Any, live_url: str, artifacts: Path
) -> None:
    open_page(page, live_url)
    page.fill("#query", "SELECT * WHERE {\n  ?s ?p\n}")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#error:not([hidden])")
    text = page.inner_text("#error")
    assert "SPARQL syntax error (400)" in text and "error at 3:" in text
    page.screenshot(path=str(artifacts / "sparql-query-page-error.png"))


def test_results_are_rendered_as_text_never_as_markup(page: Any, live_url: str) -> None:
    open_page(page, live_url)
    page.fill("#query", 'SELECT ?x WHERE { BIND("<img src=x onerror=alert(1)>" AS ?x) }')
    page.click("#run")
    page.wait_for_selector("#results-table tbody tr")
    assert page.locator("#results-table img").count() == 0
    assert "<img" in page.inner_text("#results-table tbody")


def test_mission_example_answers_in_the_browser(page: Any, live_url: str, artifacts: Path) -> None:
    open_page(page, live_url)
    page.click("button.example[data-name='01-intelligence-with-chinas-allies']")
    assert "The mission question" in page.inner_text("#example-description")
    page.click("#run")
    page.wait_for_selector("#results-table tbody tr")
    table = page.inner_text("#results-table")
    # China's one ally, North Korea, with an empty partner: nobody shares intelligence with it.
    assert "North Korea" in table and "Russia" not in table
    page.screenshot(path=str(artifacts / "sparql-query-page-mission.png"), full_page=True)
