"""Source names, citations and the checks of a panel request: no store needed."""

from __future__ import annotations

import datetime as dt

import pytest

from app.errors import InvalidParameter
from app.panels import SOURCES, Kind, PanelRequest, bibtex, parse_sources


def test_sources_parse_in_column_order_whatever_the_order_given() -> None:
    assert [s.key for s in parse_sources(" curated, ATOP ")] == ["atop", "curated"]
    assert [s.key for s in parse_sources(None)] == list(SOURCES)


@pytest.mark.parametrize("text", ["atop,bogus", "", " , "])
def test_unknown_or_no_source_is_refused_with_the_valid_names(text: str) -> None:
    with pytest.raises(InvalidParameter) as caught:
        parse_sources(text)
    assert caught.value.extensions["valid"] == list(SOURCES)


@pytest.mark.parametrize(
    ("start", "end"), [(1900, 1899), (1815, 1900), (1900, dt.date.today().year + 1)]
)
def test_years_outside_the_system_or_reversed_are_refused(start: int, end: int) -> None:
    with pytest.raises(InvalidParameter):
        PanelRequest(Kind.dyad_year, (SOURCES["atop"],), start, end).check()


def test_bibtex_cites_each_source_and_the_state_system() -> None:
    text = bibtex(parse_sources("atop,dcad"))
    assert text.count("@") == 3
    assert "@article{leeds2002atop," in text
    assert "@article{kinne2020dcad," in text
    assert "@misc{cow2017states," in text
    assert "gibler" not in text


def test_column_names_are_unique_and_peacesciencer_style() -> None:
    names = [c.name for s in SOURCES.values() for c in s.columns]
    assert len(names) == len(set(names))
    assert {"atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"} <= set(
        names
    )
    assert {"cow_defense", "cow_neutral", "cow_nonagg", "cow_entente"} <= set(names)
