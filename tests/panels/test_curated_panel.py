"""A curated-only panel: exact days from dated news facts, REST problems, the CLI."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.cli import main
from app.config import Settings
from app.panels import Kind, PanelRequest, build, parse_sources
from app.store import Store


@pytest.fixture(scope="module")
def client(curated_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store="memory", datasets=""), store=curated_store)) as c:
        yield c


def _cells(store: Store, start: int, end: int) -> dict[int, tuple[object, object]]:
    panel = build(store, PanelRequest(Kind.dyad_year, tuple(parse_sources("curated")), start, end))
    rows = panel.table.to_pylist()
    return {
        r["year"]: (r["pg_shares_intelligence"], r["pg_shares_intelligence_days"])
        for r in rows
        if (r["ccode1"], r["ccode2"]) == (732, 740)
    }


def test_korea_japan_gsomia_counts_days_from_its_signature(curated_store: Store) -> None:
    # Signed and in force on 2016-11-23 ("effective immediately"): 39 days of 2016. The 2019
    # termination notice was suspended, so 2019 is a full year.
    cells = _cells(curated_store, 2015, 2019)
    assert cells[2015] == (0, 0)
    assert cells[2016] == (1, 39)
    assert cells[2019] == (1, 365)


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"sources": "curated,bogus"}, "sources"),
        ({"start": 2000, "end": 1990}, "start"),
        ({"start": 1700}, "start"),
        ({"format": "xlsx"}, None),
        ({"universe": "world"}, None),
    ],
)
def test_bad_parameters_answer_400_problem_json(
    client: TestClient, params: dict[str, object], parameter: str | None
) -> None:
    got = client.get("/api/v1/panels/dyad-year", params=params)
    assert got.status_code == 400
    assert got.headers["content-type"] == "application/problem+json"
    if parameter is not None:
        assert got.json()["parameter"] == parameter


def test_a_source_the_store_lacks_answers_409(client: TestClient) -> None:
    got = client.get("/api/v1/panels/state-year", params={"sources": "atop", "start": 2000})
    assert got.status_code == 409
    assert got.headers["content-type"] == "application/problem+json"
    assert "atop" in got.json()["detail"]


def test_state_year_streams_counts_of_partners(client: TestClient) -> None:
    got = client.get(
        "/api/v1/panels/state-year", params={"sources": "curated", "start": 2016, "end": 2016}
    )
    assert got.status_code == 200
    rows = {r["ccode"]: r for r in csv.DictReader(io.StringIO(got.text))}
    assert int(rows["732"]["pg_shares_intelligence"]) >= 1
    assert "pg_shares_intelligence_days" not in rows["732"]
    assert 'rel="describedby"' in got.headers["link"]


def test_cli_writes_the_file_and_its_codebook(
    curated_store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The CLI opens its own store: give it a copy of the fixture on disk.
    store_dir = tmp_path / "store"
    from app.store import EmbeddedStore

    disk = EmbeddedStore(store_dir)
    disk.add_quads(curated_store.quads())
    disk.close()
    monkeypatch.setenv("PACTGRAPH_STORE", str(store_dir))
    out = tmp_path / "panel.csv"
    argv = [
        "panel",
        "dyad-year",
        "--directed",
        "--start",
        "2016",
        "--end",
        "2016",
        "--sources",
        "curated",
        "-o",
        str(out),
    ]
    assert main(argv) == 0
    book = json.loads((tmp_path / "panel.datapackage.json").read_text())
    resource = book["resources"][0]
    assert resource["path"] == "panel.csv"
    assert resource["schema"]["primaryKey"] == ["ccode1", "ccode2", "year"]
    header = out.read_text().splitlines()[0].split(",")
    assert header == [f["name"] for f in resource["schema"]["fields"]]
    assert book["pactgraph"]["directed"] is True
    assert main(["cite", "--sources", "curated"]) == 0
    assert "@misc{pactgraph," in capsys.readouterr().out
