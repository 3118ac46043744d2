"""The extract API: extraction, accept through the ingest path, reject for good; the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from app.api import create_app
from app.cli import main
from app.config import PROJECT_ROOT, Settings
from app.ingest.bundle import ensure_bundle
from app.ingest.writes import after_write
from app.sparql.endpoint import SparqlService
from app.store import EmbeddedStore, Store

TOKEN = "extract-token-1234"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE = (
    "BANGKOK -- South Korea and Thailand on Monday signed a memorandum of understanding on "
    "military intelligence cooperation. South Korea recently decided to end a military "
    "intelligence-sharing agreement with Japan."
)


def without_curated_korea(store: Store) -> Store:
    """The bundle less the curated Korean intelligence agreements (so accepting adds them)."""
    ensure_bundle(store, PROJECT_ROOT)
    for graph in store.named_graphs():
        if graph.value.endswith("graph_data/korea-intelligence.ttl"):
            store.drop_graph(graph)
    after_write(store)
    return store


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    store = without_curated_korea(EmbeddedStore(tmp_path / "store"))
    settings = Settings(store="memory", token=SecretStr(TOKEN))
    app = create_app(settings, store=store)
    app.state.store = store
    app.state.sparql = SparqlService(store, settings)
    yield TestClient(app)
    app.state.sparql.close()
    store.close()


def extract(client: TestClient) -> list[dict[str, object]]:
    response = client.post("/api/v1/extract", json={"text": ARTICLE, "published": "2019-09-02"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["text"] == ARTICLE and body["published"] == "2019-09-02"
    return list(body["candidates"])


def accept_body(candidate: dict[str, object]) -> dict[str, object]:
    fact = {k: candidate[k] for k in ("parties", "agreement_type", "event_type", "date", "quote")}
    article = {
        "headline": "South Korea, Thailand sign",
        "publisher": "Test",
        "url": "https://example.org/a",
    }
    return {"fact": fact | {"actors": candidate["actors"]}, "article": article}


def test_extract_returns_candidates_with_their_sentences(client: TestClient) -> None:
    signed, announced = extract(client)
    assert (signed["event_type"], signed["parties"], signed["date"]) == (
        "SignedEvent",
        ["KOR", "THA"],
        "2019-09-02",
    )
    assert ARTICLE[signed["start"] : signed["end"]] == signed["quote"]  # type: ignore[misc]
    assert announced["event_type"] == "TerminationAnnouncedEvent"


def test_accept_ingests_a_batch_and_the_relation_follows(client: TestClient) -> None:
    signed = extract(client)[0]
    path = "/api/v1/query/path?from=THA&path=shares_intelligence_with"
    assert "KOR" not in client.get(path).text
    assert client.post("/api/v1/extract/accept", json=accept_body(signed)).status_code == 401
    response = client.post("/api/v1/extract/accept", json=accept_body(signed), headers=AUTH)
    assert response.status_code == 201, response.text
    batch = response.json()["batch"]
    assert batch["author"] == "default" and batch["source"] == "https://example.org/a"
    answer = client.get(path).text
    assert "KOR" in answer and "memorandum of understanding" in answer
    again = client.post("/api/v1/extract/accept", json=accept_body(signed), headers=AUTH)
    assert again.status_code in (200, 201)
    # The next extraction names the agreement the candidate now updates.
    assert extract(client)[0]["matches"] == response.json()["agreement"]


def test_a_rejected_candidate_is_not_proposed_again(client: TestClient) -> None:
    announced = extract(client)[1]
    body = {"key": announced["key"], "summary": "x", "reason": "no date given"}
    assert client.post("/api/v1/extract/reject", json=body).status_code == 401
    response = client.post("/api/v1/extract/reject", json=body, headers=AUTH)
    assert response.status_code == 201 and response.json()["reason"] == "no date given"
    assert [c["event_type"] for c in extract(client)] == ["SignedEvent"]


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"parties": ["KOR", "XXX"]}, 422),
        ({"agreement_type": "Nonsense"}, 422),
        ({"event_type": "PartyEvent"}, 400),
        ({"date": "2019-02-30"}, 400),
        ({"parties": ["KOR", "<script>"]}, 400),
    ],
)
def test_bad_edits_are_refused_before_anything_is_written(
    client: TestClient, change: dict[str, object], status: int
) -> None:
    body = accept_body(extract(client)[0])
    body["fact"] = body["fact"] | change  # type: ignore[operator]
    response = client.post("/api/v1/extract/accept", json=body, headers=AUTH)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert client.get("/api/v1/ingest").json() == [] or all(
        "review" not in (b.get("label") or "") for b in client.get("/api/v1/ingest").json()
    )


def test_bad_requests_are_client_errors(client: TestClient) -> None:
    assert (
        client.post("/api/v1/extract", json={"text": "x", "published": "June"}).status_code == 400
    )
    reject = client.post("/api/v1/extract/reject", json={"key": "../x"}, headers=AUTH)
    assert reject.status_code == 400


def test_the_review_page_has_no_inline_script(client: TestClient) -> None:
    page = client.get("/review")
    assert page.status_code == 200
    html = page.text
    assert '<script src="/static/review/review.js"></script>' in html
    assert "onclick" not in html and "<script>" not in html
    assert client.get("/static/review/review.js").status_code == 200


def test_cli_prints_the_candidates_of_each_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    article = tmp_path / "a.html"
    article.write_text(f"<html><body><p>{ARTICLE}</p><script>x()</script></body></html>")
    monkeypatch.setenv("PACTGRAPH_STORE", "memory")
    assert main(["extract", str(article), "--published", "2019-09-02"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["file"] == str(article)
    assert [c["event_type"] for c in printed["candidates"]] == [
        "SignedEvent",
        "TerminationAnnouncedEvent",
    ]
    assert main(["extract", str(article), "--published", "2019-09-02", "--format", "table"]) == 0
    assert "SignedEvent" in capsys.readouterr().out
    assert main(["extract", str(article), "--published", "Monday"]) == 2


def test_readme_cli_example_prints_what_readme_shows(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.extract.conftest import SEEDS

    section = (PROJECT_ROOT / "README.md").read_text().split("## From news to facts", 1)[1]
    command, shown = section.split("```sh\n", 1)[1].split("```\n```\n", 1)
    shown = shown.split("```", 1)[0]
    args = command.strip().split()[1:]
    seed = SEEDS / Path(args[1]).name
    if not seed.is_file():
        pytest.skip(f"{seed} is missing")
    monkeypatch.setenv("PACTGRAPH_STORE", "memory")
    assert main([args[0], str(seed), *args[2:]]) == 0
    printed = capsys.readouterr().out.splitlines()[1:]
    assert printed == shown.splitlines()[1:]


def test_accepting_into_a_curated_agreement_extends_it(tmp_path: Path) -> None:
    """The seed 004 signing matches the curated KOR-THA agreement, which has events of its own."""
    store = EmbeddedStore(tmp_path / "store")
    ensure_bundle(store, PROJECT_ROOT)
    settings = Settings(store="memory", token=SecretStr(TOKEN))
    app = create_app(settings, store=store)
    app.state.store = store
    app.state.sparql = SparqlService(store, settings)
    try:
        client = TestClient(app)
        signed = extract(client)[0]
        curated = "https://w3id.org/pactgraph/id/agreement/kor-tha-intelligence-mou-2019"
        assert signed["matches"] == curated
        body = accept_body(signed)
        body["fact"] = body["fact"] | {"matches": curated}  # type: ignore[operator]
        response = client.post("/api/v1/extract/accept", json=body, headers=AUTH)
        assert response.status_code == 201, response.text
        assert response.json()["agreement"] == curated
    finally:
        app.state.sparql.close()
        store.close()
