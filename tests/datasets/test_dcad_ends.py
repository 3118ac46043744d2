"""DCAD agreements end when DCAD's own columns say so, not never (app.ingest.datasets.dcad)."""

from __future__ import annotations

from collections import Counter

import pytest

from app.ingest.datasets.dcad import INFO, end_year
from app.ingest.datasets.rows import Row, read_rows
from tests.datasets.conftest import PATHS

HORIZON = INFO.data_end


@pytest.fixture(scope="module")
def rows() -> dict[str, Row]:
    return {r.values["DCAid"]: r for r in read_rows(PATHS["dcad"])}


def test_dcad_covers_signatures_1980_to_2010() -> None:
    assert INFO.coverage == "1980/2010"


def test_ends_split_into_running_at_the_horizon_ended_before_and_ended_after(
    rows: dict[str, Row],
) -> None:
    ends = [end_year(r, HORIZON) for r in rows.values()]
    kinds = Counter(
        "running" if e is None else "ended later" if e > HORIZON else "ended" for e in ends
    )
    assert kinds == {"running": 1183, "ended": 673, "ended later": 15}


def test_every_derived_end_agrees_with_dcads_own_estimate(rows: dict[str, Row]) -> None:
    for row in rows.values():
        end = end_year(row, HORIZON)
        estimate = row.int("endYearEstimate")
        if end is None:
            assert estimate == HORIZON, row.ref
        else:
            assert min(end, HORIZON) == estimate, row.ref


def test_no_derived_end_falls_before_the_entry_into_force(rows: dict[str, Row]) -> None:
    for row in rows.values():
        end, in_force = end_year(row, HORIZON), row.int("EIFYear")
        assert end is None or in_force is None or end >= in_force, row.ref


def test_the_estimate_of_unknown_ends_is_the_stated_term_or_six_years(
    rows: dict[str, Row],
) -> None:
    """What the module docstring says endYearEstimate is, row by row."""
    how: Counter[str] = Counter()
    for row in rows.values():
        signed, estimate = row.int("signYear"), row.int("endYearEstimate")
        span, renewal = row.int("span"), row.int("renewYears")
        if row.values["terminated"] in {"0", "1"} or estimate is None or estimate >= HORIZON:
            continue
        assert signed is not None
        if span is not None and estimate == signed + span:
            how["term"] += 1
        elif span is not None and renewal is not None and estimate == signed + span + renewal:
            how["term and one renewal"] += 1
        else:
            assert estimate == signed + 6, row.ref
            how["six years"] += 1
    assert how == {"term": 22, "term and one renewal": 16, "six years": 607}


@pytest.mark.parametrize(
    ("dcaid", "end"),
    [
        ("DCADv1.0-0008", None),  # not terminated: running in 2010, in force at last observation
        ("DCADv1.0-0002", None),  # no fixed term (span -77), not terminated
        ("DCADv1.0-0005", 2005),  # termination unknown, no term stated: signed 1999, + 6
        ("DCADv1.0-0117", 2001),  # termination unknown, a 10-year term from 1991
        ("DCADv1.0-0042", 2006),  # terminated after 10 years (1996)
        ("DCADv1.0-0009", 2012),  # signed 1983, terminated after 29 years: after the horizon
    ],
)
def test_known_rows(rows: dict[str, Row], dcaid: str, end: int | None) -> None:
    assert end_year(rows[dcaid], HORIZON) == end
