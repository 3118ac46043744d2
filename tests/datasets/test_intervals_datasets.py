"""On the real datasets, the relation interval table says what the SPARQL as-of rule says.

The miniature graph and the bundle (tests/queries/test_intervals.py) cover every branch of
the rule; here COW, ATOP and DCAD add per-member obligations, many-member treaties and
periods past the datasets' horizons, on dates inside and past every dataset's coverage.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.ontology import RELATIONS, BeyondCoverage, Status
from app.store import Store
from tests.one_rule import rule_links, table_links

# One case per branch the datasets exercise (each SPARQL evaluation takes seconds here):
# COW/ATOP alliances inside coverage, ATOP per-member obligations past it, the horizon flag
# dropped, DCAD inside its coverage.
CASES = [
    ("allied_with", dt.date(1962, 10, 1), BeyondCoverage.include),
    ("pledged_to_defend", dt.date(2024, 6, 30), BeyondCoverage.include),
    ("has_alliance_with", dt.date(2024, 6, 30), BeyondCoverage.exclude),
    ("defense_cooperation_with", dt.date(2005, 1, 1), BeyondCoverage.include),
]


@pytest.mark.parametrize("name,day,coverage", CASES)
def test_table_equals_rule_on_the_datasets(
    data_store: Store, name: str, day: dt.date, coverage: BeyondCoverage
) -> None:
    rel = RELATIONS[name]
    expected = rule_links(data_store, rel, day, [Status.in_force], coverage)
    assert expected  # the datasets do relate states on these days
    assert table_links(data_store, rel, day, [Status.in_force], coverage) == expected
