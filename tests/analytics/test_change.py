"""Partners per year, the SVG chart, and what changed between two dates."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from pyoxigraph import NamedNode, RdfFormat

from app import rules
from app.analytics.change import diff, partners_by_year
from app.errors import InvalidParameter
from app.store import Store
from app.views.charts import partners_chart
from tests.analytics.conftest import AG, ST

INTEL = ["shares_intelligence_with"]
SVG = "{http://www.w3.org/2000/svg}"


def test_south_korea_intelligence_partners_grow_between_2012_and_2019(mini: Store) -> None:
    series = partners_by_year(mini, "South Korea", INTEL, 2012, 2019)
    assert series.state == ST + "KOR" and series.label == "South Korea"
    assert series.years == list(range(2012, 2020)) and series.unit == "partners"
    # Russia since 2001; the United States (trilateral, December 2014); Japan (GSOMIA, 2016).
    assert series.series["shares_intelligence_with"] == [1, 1, 2, 2, 3, 3, 3, 3]


def test_whole_graph_counts_tied_pairs(mini: Store) -> None:
    series = partners_by_year(mini, None, INTEL, 2013, 2016)
    assert series.unit == "pairs" and series.state is None
    assert series.series["shares_intelligence_with"] == [1, 3, 3, 4]


def test_year_range_is_checked(mini: Store) -> None:
    with pytest.raises(InvalidParameter, match="after end year"):
        partners_by_year(mini, "KOR", INTEL, 2020, 2019)
    with pytest.raises(InvalidParameter, match="between 1 and 9999"):
        partners_by_year(mini, "KOR", INTEL, 0, 50)
    with pytest.raises(InvalidParameter, match="at most 100 years"):
        partners_by_year(mini, "KOR", INTEL, 1800, 2019)


def test_chart_is_well_formed_svg_with_one_line_per_relation_ever_tied(mini: Store) -> None:
    series = partners_by_year(mini, "KOR", ["shares_intelligence_with", "allied_with"], 2012, 2019)
    root = ET.fromstring(str(partners_chart(series)))
    assert root.tag == SVG + "svg"
    assert "South Korea" in root.findtext(SVG + "title", "")
    [line] = root.findall(SVG + "polyline")  # no alliance: only intelligence is drawn
    assert line.findtext(SVG + "title") == "shares intelligence"


def test_diff_lists_ties_added_with_the_events_behind_them(mini: Store) -> None:
    changes = diff(mini, dt.date(2012, 12, 31), dt.date(2019, 12, 31), INTEL)
    added = {(c.source, c.target): c for c in changes.added}
    assert set(added) == {
        (ST + "JPN", ST + "KOR"),
        (ST + "JPN", ST + "USA"),
        (ST + "KOR", ST + "USA"),
    }
    gsomia = added[ST + "JPN", ST + "KOR"]
    assert [a.iri for a in gsomia.agreements] == [AG + "mini-kor-jpn"]
    assert gsomia.agreements[0].signed == "2016-11-23"
    assert [(e.type, e.date) for e in gsomia.events] == [
        ("TerminationAnnouncedEvent", "2019-08-22"),
        ("TerminationSuspendedEvent", "2019-11-22"),
    ]
    assert changes.removed == []


def test_diff_lists_ties_removed_when_an_agreement_ended(mini: Store) -> None:
    ended = b"""
        @prefix pg: <https://w3id.org/pactgraph/ontology#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix st: <https://w3id.org/pactgraph/id/state/> .
        <https://w3id.org/pactgraph/id/agreement/test-jpn-rus> a pg:Agreement ;
          pg:party st:JPN, st:RUS ;
          pg:agreementType pg:GSOMIA ; pg:signed "2010-01-01"^^xsd:date ;
          pg:inForceUntil "2015-06-30"^^xsd:date .
    """
    mini.replace_graph(NamedNode(ST + "test-graph"), ended, RdfFormat.TURTLE)
    rules.refresh(mini)
    mini.bump_data_version()
    changes = diff(mini, dt.date(2012, 12, 31), dt.date(2019, 12, 31), INTEL)
    [removed] = changes.removed
    assert (removed.source, removed.target) == (ST + "JPN", ST + "RUS")
    assert removed.agreements[0].in_force_until == "2015-06-30"
    assert removed.agreements[0].status == "in_force"  # its status on the earlier date


def test_diff_of_a_date_with_itself_is_empty_and_dates_must_be_in_order(
    mini: Store,
) -> None:
    changes = diff(mini, dt.date(2019, 12, 31), dt.date(2019, 12, 31), INTEL)
    assert changes.added == changes.removed == []
    with pytest.raises(InvalidParameter):
        diff(mini, dt.date(2019, 1, 1), dt.date(2012, 1, 1), INTEL)
