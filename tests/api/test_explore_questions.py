"""The explorer's questions over HTTP: presets, path tiers, compare mode, table CSV, the dyad
timeline and named treaties, on the bundled graph plus the hostile fixture."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.ontology import RELATIONS
from app.views.presets import LANDING, PRESETS
from app.views.styles import STATUS_STYLES
from app.views.timeline import event_words
from tests.views.data import AG, HOSTILE_STATE, ST, bundled_app

MISSION = {"from": "CHN", "path": "allied_with/shares_intelligence_with"}
COMPARE = {
    "focus": "KOR",
    "types": "shares_intelligence_with",
    "before": "2015",
    "as_of": "2017",
}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(bundled_app()) as test_client:
        yield test_client


def test_rest_serves_the_one_preset_registry(client: TestClient) -> None:
    served = client.get("/api/v1/views/presets").json()
    assert [p["id"] for p in served] == list(PRESETS)
    for item in served:
        p = PRESETS[item["id"]]
        assert item["question"] == p.question and item["kind"] == p.kind
        assert item["params"] == dict(p.params)
        assert item["url"] == p.url and item["url"].startswith(f"/explore?preset={p.id}")


def test_every_preset_url_opens_and_lists_every_question(client: TestClient) -> None:
    for p in PRESETS.values():
        html = client.get(p.url).text
        assert f"<title>{p.question.replace(chr(39), '&#39;')} · pactgraph</title>" in html
        assert html.count("data-preset=") == len(PRESETS)
        assert re.search(
            rf'href="[^"]*preset={p.id}[^"]*" data-preset="{p.id}"[^>]*aria-current', html
        )


def test_explore_without_a_question_opens_the_landing_preset(client: TestClient) -> None:
    html = client.get("/explore").text
    assert LANDING.question.replace("'", "&#39;") in html
    assert (
        'src="/api/v1/views/path?from=CHN&amp;path=allied_with%2Fshares_intelligence_with"' in html
    )
    assert 'data-kind="path"' in html


def test_explore_keeps_a_plain_view_and_a_url_overrides_preset_defaults(
    client: TestClient,
) -> None:
    plain = client.get("/explore", params={"focus": "CHN"}).text
    assert 'src="/api/v1/views/network?focus=CHN' in plain and "aria-current" not in plain
    jpn = client.get("/explore", params={"preset": "partners", "focus": "JPN"}).text
    assert "focus=JPN" in jpn and "focus=KOR" not in jpn.split("<nav")[0] + jpn.split("</nav>")[1]


@pytest.mark.parametrize(
    ("params", "parameter", "status"),
    [
        ({"preset": "nope"}, "preset", 400),
        ({"preset": "mission", "path": "allied_with/nonsense"}, "path", 400),
        ({"preset": "mission", "from": "Atlantis"}, "from", 404),  # no such state
        ({"preset": "changes", "before": "2020", "as_of": "2017"}, "before", 400),
        ({"preset": "changes", "before": "yesterday"}, "before", 400),
        ({"hops": "two"}, "hops", 400),
        ({"beyond_coverage": "sometimes"}, "beyond_coverage", 400),
    ],
)
def test_bad_explore_parameters_are_problems(
    client: TestClient, params: dict[str, str], parameter: str, status: int
) -> None:
    response = client.get("/explore", params=params)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["parameter"] == parameter


def hop_words(hop: dict[str, Any]) -> tuple[str, str, str, tuple[str, ...]]:
    return (
        hop["source_label"],
        hop["target_label"],
        hop["relation_label"],
        tuple(hop["obligation_kinds"]),
    )


def test_mission_tiers_name_each_hop_by_relation_and_obligation(client: TestClient) -> None:
    tiers = {
        t["name"]: t for t in client.get("/api/v1/views/path.json", params=MISSION).json()["tiers"]
    }
    assert list(tiers) == ["answer", "reached", "wider"]
    assert tiers["answer"]["groups"] == [{"obligation": None, "chains": []}]
    assert "step 2 (shares_intelligence_with) reached no state" in tiers["answer"]["note"]
    (reached,) = tiers["reached"]["groups"][0]["chains"]
    assert [hop_words(h) for h in reached] == [
        ("China", "North Korea", "allies (defense or offense obligation)", ("defense",))
    ]
    consultation = next(g for g in tiers["wider"]["groups"] if g["obligation"] == "consultation")
    chains = [[hop_words(h) for h in c] for c in consultation["chains"]]
    assert [
        ("China", "Russia", "formal alliance obligation (any kind)", ("consultation",)),
        ("Russia", "South Korea", RELATIONS["shares_intelligence_with"].label, ()),
    ] in chains


def test_mission_network_writes_the_obligation_on_each_alliance_hop(client: TestClient) -> None:
    html = client.get("/api/v1/views/path", params=MISSION).text
    edges = {e["id"]: e for e in json_block(html, "pg-edges")}
    ally = edges[f"allied_with|{ST}CHN|{ST}PRK"]
    assert ally["label"] == "defense" and "allies (defense or offense obligation)" in ally["title"]
    assert edges[f"has_alliance_with|{ST}CHN|{ST}RUS"]["label"] == "consultation"
    assert f"shares_intelligence_with|{ST}KOR|{ST}RUS" in edges


def json_block(html: str, name: str) -> Any:
    found = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_compare_2015_2017_adds_korea_japan_intelligence_with_its_events(
    client: TestClient,
) -> None:
    changes = client.get("/api/v1/views/compare.json", params=COMPARE).json()
    added = {(c["source_label"], c["target_label"]): c for c in changes["added"]}
    gsomia = added[("Japan", "South Korea")]
    assert [a["iri"] for a in gsomia["agreements"]] == [AG + "kor-jpn-gsomia-2016"]
    assert ("2016-11-23", "SignedEvent") in {(e["date"], e["type"]) for e in gsomia["events"]}
    html = client.get("/api/v1/views/compare", params=COMPARE).text
    edges = {e["id"]: e for e in json_block(html, "pg-edges")}
    drawn = edges[f"shares_intelligence_with|{ST}JPN|{ST}KOR"]
    assert drawn["change"] == "added" and drawn["color"] == "#009E73"
    assert {e["change"] for e in edges.values()} <= {"added", "removed", "unchanged"}


def test_table_csv_lists_the_ties_of_the_view_and_defuses_formulas(client: TestClient) -> None:
    response = client.get("/api/v1/views/network.csv", params={"focus": "KOR"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {"state_a", "state_b", "relation_label", "agreements"} <= set(rows[0])
    assert any({r["code_a"], r["code_b"]} == {"JPN", "KOR"} for r in rows)
    assert any(r["state_a"] == HOSTILE_STATE or r["state_b"] == HOSTILE_STATE for r in rows)
    compared = client.get("/api/v1/views/network.csv", params=COMPARE).text
    assert "added" in compared


def test_dyad_timeline_data_has_the_gsomia_periods_and_events_with_quotes(
    client: TestClient,
) -> None:
    data = client.get("/api/v1/views/dyad", params={"a": "KOR", "b": "JPN"}).json()
    gsomia = next(a for a in data["agreements"] if a["iri"] == AG + "kor-jpn-gsomia-2016")
    assert [(s["status"], s["start"]) for s in gsomia["spans"]] == [("in_force", "2016-11-23")]
    events = {e["date"]: e for e in gsomia["events"]}
    assert events["2016-11-23"]["kind"] == "signed"
    assert events["2019-08-22"]["kind"] == "termination announced"
    assert events["2019-11-22"]["kind"] == "termination suspended"
    for day in ("2016-11-23", "2019-08-22", "2019-11-22"):
        assert events[day]["quotes"] and all(s["href"] for s in events[day]["sources"])


def test_dyad_page_lists_the_record_as_text_with_local_assets_only(client: TestClient) -> None:
    html = client.get("/explore/dyad", params={"a": "South Korea", "b": "XSS"}).text
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "javascript:" not in html.split('id="dyad-data"')[0]
    assert '<script src="/static/vendor/vis-timeline/vis-timeline-graph2d.min.js">' in html
    assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', html)
    assert_no_inline_script(html)


class _Scripts(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: inline code and handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.blocked: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        self.blocked += [f"{tag} {k}" for k in named if k.startswith("on")]
        if tag == "script" and "src" not in named and named.get("type") != "application/json":
            self.blocked.append("inline script")


def assert_no_inline_script(html: str) -> None:
    parser = _Scripts()
    parser.feed(html)
    assert parser.blocked == []


def test_explore_pages_have_no_inline_script_or_handler(client: TestClient) -> None:
    for p in PRESETS.values():
        assert_no_inline_script(client.get(p.url).text)
    assert_no_inline_script(client.get("/api/v1/views/path", params=MISSION).text)


@pytest.mark.parametrize(
    ("params", "parameter", "status"),
    [({"a": "KOR", "b": "KOR"}, "b", 400), ({"a": "Atlantis", "b": "JPN"}, "a", 404)],
)
def test_bad_dyads_are_problems(
    client: TestClient, params: dict[str, str], parameter: str, status: int
) -> None:
    response = client.get("/explore/dyad", params=params)
    assert response.status_code == status and response.json()["parameter"] == parameter


def test_vendored_timeline_is_served_with_its_licence(client: TestClient) -> None:
    script = client.get("/static/vendor/vis-timeline/vis-timeline-graph2d.min.js")
    assert script.status_code == 200 and "vis-timeline" in script.text[:400]
    assert "Apache-2.0 OR MIT" in client.get("/static/vendor/vis-timeline/LICENSE.md").text


def test_timeline_stylesheet_colours_are_the_status_styles(client: TestClient) -> None:
    css = client.get("/static/explore/dyad.css").text
    for name, style in STATUS_STYLES.items():
        assert re.search(rf"\.vis-item\.status-{name}[^{{]*{{ background: {style.colour};", css)
    assert event_words("TerminationSuspendedEvent") == "termination suspended"


def test_named_treaties_are_listed_and_an_unknown_one_is_a_problem(client: TestClient) -> None:
    names = {t["label"] for t in client.get("/api/v1/views/treaties").json()}
    assert "North Atlantic Treaty (NATO, 1949)" in names
    response = client.get("/api/v1/views/network.json", params={"treaty": "Atlantis Pact"})
    assert response.status_code == 404 and response.json()["parameter"] == "treaty"
