"""The analytics on the bundled, curated graph: answers a researcher can check in the sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from app.analytics.change import diff, partners_by_year
from app.analytics.measures import hubs
from app.analytics.paths import connection
from app.config import PROJECT_ROOT
from app.ingest.bundle import ensure_bundle
from app.store import EmbeddedStore, Store
from tests.analytics.conftest import AG, ST

INTEL = ["shares_intelligence_with"]
END_2019 = dt.date(2019, 12, 31)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The bundled graph, loaded once for the module (read-only here)."""
    store = EmbeddedStore(tmp_path_factory.mktemp("bundled") / "store")
    ensure_bundle(store, PROJECT_ROOT)
    yield store
    store.close()


def test_south_korea_intelligence_partners_grow_between_2012_and_2019(bundled: Store) -> None:
    series = partners_by_year(bundled, "South Korea", INTEL, 2012, 2019).series[INTEL[0]]
    assert series[0] < series[-1]
    assert series == sorted(series)


def test_south_korea_is_the_hub_of_intelligence_sharing_in_2019(bundled: Store) -> None:
    ranking = hubs(bundled, INTEL, END_2019, "degree", limit=3)
    assert ranking.scores[0].code == "KOR"
    assert ranking.scores[0].partners > ranking.scores[1].partners


def test_thailand_is_connected_to_japan_through_south_korea(bundled: Store) -> None:
    found = connection(bundled, "Thailand", "Japan", as_of=END_2019)
    assert found.hops == 2
    [chain] = found.chains
    assert chain.states == [ST + "THA", ST + "KOR", ST + "JPN"]
    thailand_korea, korea_japan = chain.links
    assert AG + "kor-tha-intelligence-mou-2019" in [a.iri for a in thailand_korea.agreements]
    assert AG + "kor-jpn-gsomia-2016" in [a.iri for a in korea_japan.agreements]
    for link in chain.links:
        assert all(a.sources and any(s.quote for s in a.sources) for a in link.agreements)


def test_diff_2012_to_2019_shows_the_gsomia_with_its_events(bundled: Store) -> None:
    changes = diff(bundled, dt.date(2012, 12, 31), END_2019, INTEL)
    added = {(c.source, c.target): c for c in changes.added}
    gsomia = added[ST + "JPN", ST + "KOR"]
    assert {"SignedEvent", "TerminationAnnouncedEvent", "TerminationSuspendedEvent"} <= {
        e.type for e in gsomia.events
    }
    # The events are the agreement record's: actors named, sources quoted.
    announced = next(e for e in gsomia.events if e.type == "TerminationAnnouncedEvent")
    assert announced.agreement == AG + "kor-jpn-gsomia-2016"
    assert [(a.id, a.label) for a in announced.actors] == [("KOR", "South Korea")]
    assert any(s.quote and "ditch a bilateral agreement" in s.quote for s in announced.sources)
    assert (ST + "KOR", ST + "THA") in added
