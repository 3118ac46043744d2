"""The crosswalk covers every state code the datasets use, and keeps former states apart."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.ingest.datasets.crosswalk import CROSSWALK, UnknownStateCode, lookup, segments
from app.ingest.datasets.rows import read_rows
from tests.datasets.conftest import DATA

CODE_COLUMNS = {
    "cow-alliances-4.1/alliance_v4.1_by_member.csv": ["ccode"],
    "cow-alliances-4.1/alliance_v4.1_by_dyad.csv": ["ccode1", "ccode2"],
    "atop-5.1/atop5_1m.csv": ["member"],
    "dcad-1.0/DCAD-v1.0-main.csv": ["ccode1", "ccode2"],
    "cow-state-system-2016/states2016.csv": ["ccode"],
    "cow-state-system-2016/COW country codes.csv": ["CCode"],
}


@pytest.mark.parametrize("path", sorted(CODE_COLUMNS))
def test_every_code_in_the_datasets_is_in_the_crosswalk(path: str) -> None:
    codes = {int(row.values[c]) for row in read_rows(DATA / path) for c in CODE_COLUMNS[path]}
    # ATOP's 8152 (alliance 1320's non-member partner) is no COW state: reported, not mapped.
    assert codes - set(CROSSWALK) <= {8152}


def test_cow_letter_codes_agree_with_cow_country_codes_file() -> None:
    for row in read_rows(DATA / "cow-state-system-2016" / "COW country codes.csv"):
        assert lookup(int(row.values["CCode"])).abbrev == row.values["StateAbb"]


def test_keys_are_iso_alpha3_or_cow_prefixed() -> None:
    for entry in CROSSWALK.values():
        for _, ref in entry.spans:
            assert re.fullmatch(r"[A-Z]{3}|COW-[A-Z]{3}", ref.key), ref
            former = ref.key.startswith("COW-") or ref.key in {"DDR", "CSK", "YUG", "YMD"}
            assert ref.former == former, ref


def test_former_states_are_never_merged_with_modern_ones() -> None:
    assert lookup(265).state_on(None).key == "DDR"
    assert lookup(315).state_on(None).key == "CSK"
    assert lookup(680).state_on(None).key == "YMD"
    assert lookup(817).state_on(None).key == "COW-RVN"
    assert lookup(245).state_on(None).key == "COW-BAV"
    assert all(lookup(c).state_on(None).former for c in (265, 315, 680, 817, 245, 300, 678))


def test_continuing_states_follow_cow() -> None:
    assert lookup(365).state_on(dt.date(1961, 7, 6)).key == "RUS"
    assert lookup(732).state_on(None).key == "KOR" and lookup(731).state_on(None).key == "PRK"
    assert lookup(255).state_on(None).key == lookup(260).state_on(None).key == "DEU"


def test_cow_345_is_serbia_then_yugoslavia_then_serbia() -> None:
    keys = [ref.key for ref, _, _ in segments(345, dt.date(1913, 1, 1), None)]
    assert keys == ["SRB", "YUG", "SRB"]
    assert [ref.key for ref, _, _ in segments(345, dt.date(1950, 1, 1), dt.date(1960, 1, 1))] == [
        "YUG"
    ]


def test_unknown_code_raises_with_the_code() -> None:
    with pytest.raises(UnknownStateCode, match="8152"):
        lookup(8152)


def test_docstring_examples_run() -> None:
    import doctest

    from app.ingest.datasets import crosswalk, linking

    for module in (crosswalk, linking):
        assert doctest.testmod(module).failed == 0
