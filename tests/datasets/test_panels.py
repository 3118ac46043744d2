"""Panels on the real datasets: known cells, ATOP's own coding, coverage, formats, REST = CLI.

Here rather than under tests/panels because they need the session's imported store
(:mod:`tests.datasets.conftest`), which takes a minute to build and must be built once.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterator
from itertools import permutations
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from app.api import create_app
from app.config import Settings
from app.ontology import RELATIONS
from app.panels import SOURCES, Kind, Panel, PanelRequest, Universe, build, parse_sources
from app.panels.files import Format, chunks, write
from app.queries.relations import edges
from app.store import Store
from tests.datasets.conftest import PATHS

ATOP_KINDS = ("defense", "offense", "neutral", "nonagg", "consul")


@pytest.fixture(scope="module")
def directed(data_store: Store) -> Panel:
    """All sources, directed, over years that cross every coverage edge (1950-2024)."""
    return build(
        data_store, PanelRequest(Kind.dyad_year, tuple(SOURCES.values()), 1950, 2024, directed=True)
    )


@pytest.fixture(scope="module")
def atop_directed(data_store: Store) -> Panel:
    """ATOP alone, directed, over all of its years (for the comparison with the member file)."""
    return build(
        data_store, PanelRequest(Kind.dyad_year, (SOURCES["atop"],), 1816, 2018, directed=True)
    )


def cell(panel: Panel, c1: int, c2: int, year: int, column: str) -> object:
    rows = (
        _with(panel.table)
        .execute(f"SELECT {column} FROM t WHERE ccode1 = {c1} AND ccode2 = {c2} AND year = {year}")
        .fetchall()
    )
    assert len(rows) == 1, f"({c1}, {c2}, {year}) is not one row of the panel"
    return rows[0][0]


def _with(table: pa.Table) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.register("t", table)
    return con


def test_france_belgium_1832_is_one_way_as_atop_codes_each_member(atop_directed: Panel) -> None:
    # ATOP 1060: France promised to defend Belgium; Belgium took on no obligation.
    assert cell(atop_directed, 220, 211, 1832, "atop_defense") == 1
    assert cell(atop_directed, 211, 220, 1832, "atop_defense") == 0
    assert cell(atop_directed, 211, 220, 1832, "atop_any") == 0
    assert cell(atop_directed, 220, 211, 1831, "atop_defense") == 0


def test_us_japan_defense_is_american_only_from_1952_and_consultation_both_ways(
    directed: Panel, atop_directed: Panel
) -> None:
    # ATOP 3220 (1951) and 3375 (1960): the United States defends Japan, Japan consults.
    for year in (1952, 1959, 1960, 2018):
        assert cell(atop_directed, 2, 740, year, "atop_defense") == 1
        assert cell(atop_directed, 740, 2, year, "atop_defense") == 0
        assert cell(atop_directed, 740, 2, year, "atop_consul") == 1
    # Japan is a COW system member again from 1952 only: no 1951 row.
    rows = (
        _with(atop_directed.table)
        .execute("SELECT count(*) FROM t WHERE ccode1 = 740 AND year = 1951")
        .fetchone()
    )
    assert rows == (0,)
    # pactgraph's own relation is symmetric and carries on past ATOP's horizon.
    assert cell(directed, 740, 2, 2020, "pg_allied") == 1
    assert cell(directed, 740, 2, 2020, "atop_defense") is None


def test_ussr_north_korea_defense_1961_to_1996(atop_directed: Panel) -> None:
    # ATOP 3440: 1961-07-06 to 1996, both members with a defense obligation.
    for year, expected in ((1960, 0), (1961, 1), (1980, 1), (1996, 1), (1997, 0)):
        assert cell(atop_directed, 365, 731, year, "atop_defense") == expected
        assert cell(atop_directed, 731, 365, year, "atop_defense") == expected


def test_a_late_joiner_is_allied_only_from_its_entry(atop_directed: Panel) -> None:
    # NATO (ATOP 3180): Greece and Turkey enter on 1951-10-22, Spain on 1981-12-10 (ATOP's
    # dates), West Germany (260) on 1954-10-23 but joins COW's system only in 1955.
    assert cell(atop_directed, 211, 640, 1950, "atop_defense") == 0
    assert cell(atop_directed, 211, 640, 1951, "atop_defense") == 1
    assert cell(atop_directed, 211, 230, 1980, "atop_defense") == 0
    assert cell(atop_directed, 211, 230, 1981, "atop_defense") == 1
    assert cell(atop_directed, 230, 211, 1981, "atop_defense") == 1
    assert cell(atop_directed, 260, 211, 1955, "atop_defense") == 1


def test_cells_outside_a_sources_coverage_are_missing_not_zero(directed: Panel) -> None:
    con = _with(directed.table)
    checks = {
        "atop_defense": (1950, 2018),
        "cow_defense": (1950, 2012),
        "dcad_dca": (1980, 2010),
        "dcad_signed": (1980, 2010),
    }
    for column, (first, last) in checks.items():
        inside, outside = con.execute(
            f"SELECT count(*) FILTER (WHERE {column} IS NULL AND year BETWEEN {first} AND {last}),"
            f" count(*) FILTER (WHERE {column} IS NOT NULL AND year NOT BETWEEN {first} AND "
            f"{last}) FROM t"
        ).fetchone() or (None, None)
        assert (inside, outside) == (0, 0), column
    assert con.execute("SELECT count(*) FROM t WHERE pg_allied IS NULL").fetchone() == (0,)


def test_provenance_names_the_agreements_behind_the_cells(directed: Panel) -> None:
    provenance = cell(directed, 365, 731, 1961, "provenance")
    assert isinstance(provenance, str)
    assert set(provenance.split()) >= {
        "atop/3440/365-731",
        "cow/264/365-731",
    }
    assert cell(directed, 365, 731, 1960, "provenance") is None


def test_pg_allied_agrees_with_the_relation_every_answer_gives(
    directed: Panel, data_store: Store
) -> None:
    day = dt.date(2000, 6, 30)
    found = edges(data_store, RELATIONS["allied_with"], day)
    con = _with(directed.table)
    held = {
        (a, b)
        for a, b in con.execute(
            "SELECT iso3_1, iso3_2 FROM t WHERE year = 2000 AND pg_allied_days = 366"
        ).fetchall()
    }
    some = {
        (a, b)
        for a, b in con.execute(
            "SELECT iso3_1, iso3_2 FROM t WHERE year = 2000 AND pg_allied = 1"
        ).fetchall()
    }
    on_day = {(e.source.id, e.target.id) for e in found}
    assert held <= on_day | {(b, a) for a, b in on_day}
    assert {p for p in on_day if all(len(x) == 3 for x in p)} <= some


def test_undirected_takes_the_maximum_of_both_directions(
    data_store: Store, atop_directed: Panel
) -> None:
    both = build(data_store, PanelRequest(Kind.dyad_year, (SOURCES["atop"],), 1816, 2018))
    con = duckdb.connect()
    con.register("d", atop_directed.table)
    con.register("u", both.table)
    columns = [c.name for c in SOURCES["atop"].columns]
    maxima = ", ".join(f"max({c}) AS {c}" for c in columns)
    derived = con.execute(
        f"SELECT least(ccode1, ccode2) AS c1, greatest(ccode1, ccode2) AS c2, year, {maxima} "
        "FROM d GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    given = con.execute(f"SELECT ccode1, ccode2, year, {', '.join(columns)} FROM u ORDER BY ALL")
    assert derived == given.fetchall()
    assert atop_directed.table.num_rows == 2 * both.table.num_rows


def _member_file_dyad_years() -> set[tuple[int, int, int, str]]:
    """ATOP 5.1's directed dyad-years, derived here from its member file on its own terms.

    Within one alliance phase, member A owes member B each obligation A's row codes, in every
    year from the later entry to the earlier exit (still in force: 2018), when the two spells
    overlap at all (entry and exit dates to the day where ATOP gives them). Codes 260 and 255
    are one state (Germany), as in COW's own continuity and pactgraph's crosswalk.
    """
    rows = list(csv.DictReader(io.StringIO(PATHS["atop"].read_text(encoding="utf-8-sig"))))
    phases: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        phases[(row["atopid"], row["phase"])].append(row)

    def number(text: str) -> int:
        return int(text) if text.strip() else 0

    def entry(row: dict[str, str]) -> tuple[int, int, int]:
        return (number(row["yrent"]), number(row["moent"]) or 1, number(row["dayent"]) or 1)

    def exit_(row: dict[str, str]) -> tuple[int, int, int]:
        if number(row["yrexit"]) == 0:
            return (9999, 12, 31)
        return (number(row["yrexit"]), number(row["moexit"]) or 12, number(row["dayexit"]) or 31)

    found: set[tuple[int, int, int, str]] = set()
    for members in phases.values():
        for a, b in permutations(members, 2):
            if _one(int(a["member"])) == _one(int(b["member"])):
                continue  # one state: a member's own rows, or Germany as 260 and 255 in 1990
            first, last = max(entry(a), entry(b)), min(exit_(a), exit_(b))
            if last < first:
                continue
            for year in range(first[0], min(last[0], 2018) + 1):
                for kind in ATOP_KINDS:
                    if a[kind] == "1":
                        found.add((_one(int(a["member"])), _one(int(b["member"])), year, kind))
    return found


def _one(ccode: int) -> int:
    return 255 if ccode == 260 else ccode


def test_directed_atop_columns_agree_with_atop_member_file(atop_directed: Panel) -> None:
    con = _with(atop_directed.table)
    keys = {
        (_one(a), _one(b), y)
        for a, b, y in con.execute("SELECT ccode1, ccode2, year FROM t").fetchall()
    }
    panel = {
        (_one(a), _one(b), y, kind)
        for kind in ATOP_KINDS
        for a, b, y in con.execute(
            f"SELECT ccode1, ccode2, year FROM t WHERE atop_{kind} = 1"
        ).fetchall()
    }
    panel.discard(None)  # type: ignore[arg-type]
    derived = {cell for cell in _member_file_dyad_years() if cell[:3] in keys}
    assert panel - derived == set()
    assert derived - panel == set()


def test_state_year_counts_partners_and_keeps_missing(data_store: Store) -> None:
    sources = tuple(parse_sources("atop,dcad"))
    states = build(data_store, PanelRequest(Kind.state_year, sources, 2009, 2012))
    con = _with(states.table)
    (usa_2010,) = con.execute(
        "SELECT atop_defense FROM t WHERE ccode = 2 AND year = 2010"
    ).fetchone() or (None,)
    assert isinstance(usa_2010, int) and usa_2010 > 40  # NATO, Rio, ANZUS, Japan, Korea...
    assert con.execute(
        "SELECT count(*) FROM t WHERE year = 2011 AND dcad_dca IS NOT NULL"
    ).fetchone() == (0,)


@pytest.fixture(scope="module")
def small(data_store: Store) -> Panel:
    return build(
        data_store,
        PanelRequest(
            Kind.dyad_year, tuple(SOURCES.values()), 2008, 2012, universe=Universe.related
        ),
    )


def test_parquet_round_trip_keeps_nulls(small: Panel, tmp_path: Path) -> None:
    path = tmp_path / "p.parquet"
    write(small, Format.parquet, path)
    assert pq.read_table(path).equals(small.table)


def test_stata_round_trip_codes_missing_as_dot(small: Panel, tmp_path: Path) -> None:
    path = tmp_path / "p.dta"
    write(small, Format.dta, path)
    frame = pd.read_stata(path)
    assert len(frame) == small.table.num_rows
    expected = small.table.column("dcad_dca").to_pylist()
    got = [None if pd.isna(v) else int(v) for v in frame["dcad_dca"]]
    assert got == expected
    assert None in got  # 2011 and 2012 are past DCAD's coverage


def test_rest_stream_is_the_cli_file(small: Panel, data_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    write(small, Format.csv, path)
    with TestClient(create_app(Settings(store="memory", datasets=""), store=data_store)) as c:
        got = c.get(
            "/api/v1/panels/dyad-year", params={"start": 2008, "end": 2012, "universe": "related"}
        )
        book = c.get(
            "/api/v1/panels/dyad-year/datapackage.json",
            params={"start": 2008, "end": 2012, "universe": "related"},
        )
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("text/csv")
    assert got.content == path.read_bytes()
    assert book.status_code == 200
    fields = [f["name"] for f in book.json()["resources"][0]["schema"]["fields"]]
    assert fields == small.table.column_names
    header = next(csv.reader(io.StringIO(got.text)))
    assert header == fields


def _chunks(panel: Panel) -> Iterator[bytes]:
    return chunks(panel, Format.csv)


def test_csv_leaves_missing_cells_empty(small: Panel) -> None:
    text = b"".join(_chunks(small)).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["dcad_dca"] for r in rows if r["year"] == "2012"} == {""}
    assert {r["dcad_dca"] for r in rows if r["year"] == "2009"} <= {"0", "1"}


def test_dataset_ties_read_obligations_as_the_directed_relation_does(data_store: Store) -> None:
    # dataset_ties spells out the directed branch of relation_pattern with the type left open
    # (for speed); on ATOP's defense obligations both must give the same (obligor,
    # beneficiary, agreement) triples.
    from app.ontology import PG, SPARQL_PREFIXES, Status, obligation_relation, relation_pattern
    from app.panels.extract import agreement_id, dataset_ties
    from app.store import render

    source = SOURCES["atop"]
    assert source.dataset is not None
    pattern = relation_pattern(
        obligation_relation(PG.DefenseObligation), "?a", "?b", "?ag", [Status.any]
    )
    query = (
        SPARQL_PREFIXES
        + "SELECT ?a ?b ?ag WHERE { ?ag pg:datasetRecord/pg:dataset $source . "
        + pattern
        + "}"
    )
    expected = {
        (r["a"].value, r["b"].value, agreement_id(r["ag"].value))
        for r in data_store.select(render(query, {"source": source.dataset.source}))
    }
    ties = dataset_ties(data_store, source).to_pylist()
    got = {(t["a"], t["b"], t["agreement"]) for t in ties if t["col"] == "atop_defense"}
    assert got == expected
    assert len(got) > 5000
