"""Dyad-year and state-year panels, built by DuckDB from the readings of :mod:`app.panels.extract`.

Every step is a set operation over years (interval joins), never a Python loop:

1. state-years: each COW system spell expanded to its years inside the panel window;
2. dyad-years: state-years paired within a year (ordered pairs when directed, ``ccode1 <
   ccode2`` otherwise), keys ``ccode1, ccode2, year, iso3_1, iso3_2``;
3. dataset ties expanded to the years they cover, capped at the dataset's coverage;
   pactgraph's relations merged into islands of consecutive days per pair, then cut by year
   for the ``_days`` columns;
4. a left join of the pivoted ties onto the dyad-years: inside a source's coverage a cell is
   1 or 0, outside it is missing (null), never 0.

Undirected panels key ties on the unordered pair, so a cell is the maximum of both directions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import duckdb
import pyarrow as pa

from app.errors import InvalidParameter
from app.ingest.datasets.naming import AGREEMENT_PREFIX
from app.panels.extract import dataset_ties, relation_periods, system_spells
from app.panels.sources import SYSTEM, Column, Coverage, PanelSource, coverage
from app.store import Store

__all__ = [
    "FIRST_YEAR",
    "KEYS",
    "Kind",
    "Layout",
    "Panel",
    "PanelRequest",
    "Universe",
    "build",
    "layout",
]

#: The first year of COW's state system, and so of every panel.
FIRST_YEAR = 1816


class Kind(StrEnum):
    """The unit of observation."""

    dyad_year = "dyad-year"
    state_year = "state-year"


class Universe(StrEnum):
    """Which dyads a dyad-year panel has rows for."""

    #: Every pair of COW system members in each year (as peacesciencer's create_dyadyears).
    system = "system"
    #: Only pairs with a non-zero cell in some year of the panel (all their system years).
    related = "related"


@dataclass(frozen=True)
class PanelRequest:
    """What to build; :meth:`check` validates it whoever asks (CLI, REST, tests)."""

    kind: Kind
    sources: tuple[PanelSource, ...]
    start: int = FIRST_YEAR
    end: int = field(default_factory=lambda: dt.date.today().year - 1)
    directed: bool = False
    universe: Universe = Universe.system

    def check(self) -> PanelRequest:
        """The request itself, once its years are known to make sense.

        :raises InvalidParameter: a year before 1816 or after this year, or start after end.
        """
        this_year = dt.date.today().year
        for name, year in (("start", self.start), ("end", self.end)):
            if not FIRST_YEAR <= year <= this_year:
                raise InvalidParameter(
                    f"{name}={year} is outside {FIRST_YEAR}-{this_year} (COW's state system "
                    "starts in 1816)",
                    parameter=name,
                )
        if self.start > self.end:
            raise InvalidParameter(f"start={self.start} is after end={self.end}", parameter="start")
        return self


#: Key columns of a dyad-year panel, then of a state-year panel.
KEYS: dict[Kind, tuple[Column, ...]] = {
    Kind.dyad_year: (
        Column("ccode1", "integer", "COW state code of the first state."),
        Column("ccode2", "integer", "COW state code of the second state."),
        Column("year", "integer", "Year."),
        Column(
            "iso3_1",
            "string",
            "ISO 3166-1 alpha-3 code of the first state (3166-3 for "
            "former states that have one; empty for the others).",
        ),
        Column("iso3_2", "string", "ISO 3166-1 alpha-3 code of the second state."),
    ),
    Kind.state_year: (
        Column("ccode", "integer", "COW state code."),
        Column("year", "integer", "Year."),
        Column(
            "iso3",
            "string",
            "ISO 3166-1 alpha-3 code (3166-3 for former states that have "
            "one; empty for the others).",
        ),
    ),
}
PROVENANCE = Column(
    "provenance",
    "string",
    "The agreements behind the row's non-zero cells, space-separated, as IRIs relative to "
    f"{AGREEMENT_PREFIX} (atop/3440/365-731: ATOP alliance 3440, members 365 and 731; cow/..., "
    "dcad/...; other names are curated agreements, described at that IRI).",
)


@dataclass(frozen=True)
class Layout:
    """What a panel holds, known before it is built: its columns and each source's coverage."""

    request: PanelRequest
    columns: tuple[Column, ...]
    coverage: dict[str, Coverage]


@dataclass(frozen=True)
class Panel:
    """A built panel: its layout and its rows."""

    layout: Layout
    table: pa.Table

    @property
    def request(self) -> PanelRequest:
        """What was asked for."""
        return self.layout.request


def layout(store: Store, request: PanelRequest) -> Layout:
    """The columns and coverage of the panel ``request`` describes (the codebook's content).

    :raises InvalidParameter: bad years (:meth:`PanelRequest.check`).
    :raises Conflict: a source the store does not hold.
    """
    request.check()
    coverage(store, SYSTEM)  # no universe, no panel: refused rather than an empty file
    cover = {s.key: coverage(store, s) for s in request.sources}
    columns = [c for s in request.sources for c in s.columns]
    if request.kind is Kind.dyad_year:
        described = (*KEYS[Kind.dyad_year], *columns, PROVENANCE)
    else:
        described = (*KEYS[Kind.state_year], *(c for c in columns if not c.name.endswith("_days")))
    return Layout(request, tuple(described), cover)


def _window(cov: Coverage, request: PanelRequest) -> tuple[int, int]:
    lo = max(request.start, cov.start if cov.start is not None else request.start)
    hi = min(request.end, cov.end if cov.end is not None else request.end)
    return lo, hi


def _cell(name: str, value: str, window: tuple[int, int]) -> str:
    """A source cell: ``value`` inside the source's coverage, null outside."""
    lo, hi = window
    return f"CASE WHEN d.year BETWEEN {lo} AND {hi} THEN {value} END AS {name}"


def build(store: Store, request: PanelRequest) -> Panel:
    """Build the panel ``request`` describes from ``store``.

    :raises InvalidParameter: bad years (:meth:`PanelRequest.check`).
    :raises Conflict: a source the store does not hold.
    """
    plan = layout(store, request)
    con = duckdb.connect(config={"threads": 2})
    try:
        table = _dyad_years(con, store, request, plan.coverage)
        if request.kind is Kind.state_year:
            table = _state_years(con, table, request)
    finally:
        con.close()
    return Panel(plan, table)


def _dyad_years(
    con: duckdb.DuckDBPyConnection,
    store: Store,
    request: PanelRequest,
    cover: dict[str, Coverage],
) -> pa.Table:
    directed = request.directed or request.kind is Kind.state_year
    start, end = request.start, request.end
    con.register("spells", system_spells(store))
    # States are numbered (their IRIs are long): pairs become one BIGINT key, which keeps the
    # 2.2 million dyad-years of a full directed panel small and their joins fast.
    con.execute(
        "CREATE TEMP TABLE ids AS SELECT state, row_number() OVER (ORDER BY state) AS id "
        "FROM (SELECT DISTINCT state FROM spells)"
    )
    con.execute(
        f"""
        CREATE TEMP TABLE sy AS
        SELECT id AS state, ccode, iso3, y AS year, max(y0) AS since
        FROM spells JOIN ids USING (state),
             range(greatest(y0, {start}), least(coalesce(y1, {end}), {end}) + 1) t(y)
        GROUP BY ALL
        """
    )
    # One row per COW code and year. Two states share a code in a year only when the code
    # changes hands (345: Yugoslavia, then Serbia, in 2006): the code carries the ties of both,
    # and the ISO code of the state that holds it last.
    con.execute(
        """
        CREATE TEMP TABLE sc AS
        SELECT ccode, year, arg_max(iso3, since) AS iso3 FROM sy GROUP BY ccode, year
        """
    )
    pair = "a.ccode <> b.ccode" if directed else "a.ccode < b.ccode"
    con.execute(
        f"""
        CREATE TEMP TABLE dy AS
        SELECT a.ccode AS ccode1, b.ccode AS ccode2, a.year, a.iso3 AS iso3_1, b.iso3 AS iso3_2
        FROM sc a JOIN sc b ON a.year = b.year AND {pair}
        """
    )
    # Ties between states never in the system (no id) cannot meet a dyad-year: dropped here.
    key = (
        "ia.id * 100000 + ib.id"
        if directed
        else "least(ia.id, ib.id) * 100000 + greatest(ia.id, ib.id)"
    )
    ids = "JOIN ids ia ON ia.state = a JOIN ids ib ON ib.state = b"
    windows = {c.name: _window(cover[s.key], request) for s in request.sources for c in s.columns}
    flag_columns = [n for n in windows if not n.endswith("_days") and n != "atop_any"]
    datasets = [s for s in request.sources if s.dataset is not None]
    ties = pa.concat_tables([dataset_ties(store, s) for s in datasets]) if datasets else None
    periods = relation_periods(store) if any(s.dataset is None for s in request.sources) else None
    parts = []
    if ties is not None:
        bounds = " ".join(
            f"WHEN '{name}' THEN {windows[name][1]}" for name in windows if name in flag_columns
        )
        lows = " ".join(
            f"WHEN '{name}' THEN {windows[name][0]}" for name in windows if name in flag_columns
        )
        con.register("ties", ties)
        con.execute(
            f"""
            CREATE TEMP TABLE ty AS
            SELECT col, {key} AS k, y AS year, agreement, NULL::INTEGER AS days
            FROM ties {ids}, range(
                greatest(y0, CASE col {lows} END),
                least(coalesce(y1, 9999), CASE col {bounds} END) + 1) t(y)
            """
        )
        parts.append("SELECT * FROM ty")
    if periods is not None:
        con.register("periods", periods)
        first, after = dt.date(start, 1, 1).isoformat(), dt.date(end + 1, 1, 1).isoformat()
        con.execute(
            f"""
            CREATE TEMP TABLE iv AS
            SELECT col, {key} AS k, agreement,
                   greatest(f, DATE '{first}') AS f,
                   least(coalesce(u, DATE '{after}'), DATE '{after}') AS u
            FROM periods {ids}
            WHERE greatest(f, DATE '{first}') < least(coalesce(u, DATE '{after}'), DATE '{after}')
            """
        )
        # Islands: periods of one pair and relation merged where they touch or overlap, so a
        # day held by two agreements counts once.
        con.execute(
            """
            CREATE TEMP TABLE pd AS
            WITH ordered AS (
                SELECT col, k, f, u, max(u) OVER (
                    PARTITION BY col, k ORDER BY f, u
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
                FROM iv),
            numbered AS (
                SELECT col, k, f, u, sum(CASE WHEN reach IS NULL OR f > reach THEN 1 ELSE 0 END)
                    OVER (PARTITION BY col, k ORDER BY f, u ROWS UNBOUNDED PRECEDING) AS island
                FROM ordered),
            islands AS (
                SELECT col, k, min(f) AS f, max(u) AS u FROM numbered GROUP BY col, k, island)
            SELECT col, k, y AS year, agreement,
                   date_diff('day', greatest(f, make_date(y, 1, 1)),
                                    least(u, make_date(y + 1, 1, 1))) AS days
            FROM (SELECT col, k, f, u, NULL AS agreement FROM islands),
                 range(year(f), year(u - INTERVAL 1 DAY) + 1) t(y)
            UNION ALL
            SELECT DISTINCT col, k, y AS year, agreement, NULL AS days
            FROM iv, range(year(f), year(u - INTERVAL 1 DAY) + 1) t(y)
            """
        )
        parts.append("SELECT col, k, year, agreement, days FROM pd")
    cells = []
    for name in flag_columns:
        cells.append(f"max(CASE WHEN col = '{name}' AND held THEN 1 END) AS {name}")
        if name.startswith("pg_"):
            cells.append(f"max(CASE WHEN col = '{name}' THEN days END) AS {name}_days")
    if parts:
        ties_sql = " UNION ALL ".join(parts)
        # Flags pivoted from one row per pair, year and column; provenance as the list of
        # distinct agreements per pair and year (faster than string_agg with DISTINCT).
        con.execute(
            f"""
            CREATE TEMP TABLE agg AS
            WITH per_column AS (
                SELECT k, year, col, bool_or(agreement IS NOT NULL) AS held, sum(days) AS days
                FROM ({ties_sql}) GROUP BY k, year, col),
            flags AS (SELECT k, year, {", ".join(cells)} FROM per_column GROUP BY k, year),
            sources AS (
                SELECT k, year,
                       list(DISTINCT agreement) AS provenance
                FROM ({ties_sql}) WHERE agreement IS NOT NULL GROUP BY k, year)
            SELECT * FROM flags LEFT JOIN sources USING (k, year)
            """
        )
        # From pairs of states to pairs of COW codes, through the codes each state held that
        # year (Germany is 255 and 260 in 1990: its ties go to both).
        ccodes = (
            "a.ccode::BIGINT * 1000 + b.ccode"
            if directed
            else "least(a.ccode, b.ccode)::BIGINT * 1000 + greatest(a.ccode, b.ccode)"
        )
        merged = ", ".join(f"max({c.split(' AS ')[1]}) AS {c.split(' AS ')[1]}" for c in cells)
        con.execute(
            f"""
            CREATE TEMP TABLE agc AS
            SELECT {ccodes} AS k, g.year, {merged},
                   array_to_string(list_sort(list_distinct(flatten(list(g.provenance)))), ' ')
                       AS provenance
            FROM agg g
            JOIN sy a ON a.state = g.k // 100000 AND a.year = g.year
            JOIN sy b ON b.state = g.k % 100000 AND b.year = g.year
            WHERE a.ccode <> b.ccode
            GROUP BY ALL
            """
        )
    else:
        con.execute(
            "CREATE TEMP TABLE agc AS SELECT NULL::BIGINT AS k, NULL::INTEGER AS year, "
            "NULL::VARCHAR AS provenance WHERE false"
        )
    selected = []
    for name, window in windows.items():
        if name == "atop_any":
            kinds = [f"g.{n}" for n in flag_columns if n.startswith("atop_")]
            value = f"coalesce(greatest({', '.join(kinds)}), 0)::TINYINT"
        elif name.endswith("_days"):
            value = f"coalesce(g.{name}, 0)::SMALLINT"
        else:
            value = f"coalesce(g.{name}, 0)::TINYINT"
        selected.append(_cell(name, value, window))
    related = (
        "SEMI JOIN (SELECT DISTINCT k FROM agc) r ON r.k = d.ccode1::BIGINT * 1000 + d.ccode2"
        if request.universe is Universe.related and request.kind is Kind.dyad_year
        else ""
    )
    return con.sql(
        f"""
        SELECT d.ccode1::SMALLINT AS ccode1, d.ccode2::SMALLINT AS ccode2,
               d.year::SMALLINT AS year, d.iso3_1, d.iso3_2,
               {"".join(c + ", " for c in selected)} g.provenance
        FROM dy d LEFT JOIN agc g ON g.k = d.ccode1::BIGINT * 1000 + d.ccode2 AND g.year = d.year
        {related}
        ORDER BY d.ccode1, d.ccode2, d.year
        """
    ).to_arrow_table()


def _state_years(
    con: duckdb.DuckDBPyConnection, dyads: pa.Table, request: PanelRequest
) -> pa.Table:
    """Per state and year, the number of partners with each tie (directed: the state's own
    obligations towards them); missing outside a source's coverage."""
    names: Sequence[str] = [
        c.name for s in request.sources for c in s.columns if not c.name.endswith("_days")
    ]
    con.register("dyads", dyads)
    counts = ", ".join(f"sum({n})::SMALLINT AS {n}" for n in names)
    return con.sql(
        f"""
        SELECT ccode1 AS ccode, year, any_value(iso3_1) AS iso3{", " + counts if counts else ""}
        FROM dyads GROUP BY ccode1, year ORDER BY ccode1, year
        """
    ).to_arrow_table()
