"""Talks, statements of intent and observations in the curated graph never become agreements in
force (issue 12, item 6).

A review found the 2013 JCS talks ("agreed to set up", "agreed to enhance") typed as a signing,
which made a hotline and a defense-cooperation agreement "in force" to this day. These tests read
the status periods the real rules derive (:func:`app.rules.refresh`, run by the bundle loader) on
an in-memory store, and the pure rule (:func:`app.rules.history`) over every mix of such events.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterator

import pytest

from app.config import PROJECT_ROOT
from app.ingest.bundle import ensure_bundle
from app.ontology import PG, SPARQL_PREFIXES, Status
from app.rules import history, periods
from app.store import EmbeddedStore, Store

#: Phrases that report the outcome of talks or an intent, not a concluded instrument.
TALK_OUTCOME = re.compile(
    r"\bagreed to (?!sign\b)(set|enhance|bolster|boost|strengthen|expand|deepen|continue|"
    r"work|pursue|promote|consider|discuss|establish)\b|\bagreement in principle\b",
    re.IGNORECASE,
)
#: Event types that (may) start an in-force period.
CONCLUDING = {
    PG.SignedEvent.value,
    PG.EnteredIntoForceEvent.value,
    PG.RatifiedEvent.value,
    PG.RenewedEvent.value,
}
#: Event types that stand for talks or intent only.
PRE_CONCLUSION = [PG.PlannedEvent, PG.ProposedEvent, PG.NegotiatingEvent, PG.NoResponseEvent]

_EVENT_QUOTES = (
    SPARQL_PREFIXES
    + "SELECT ?event ?type ?quote WHERE { ?event a pg:LifecycleEvent ; pg:eventType ?type ; "
    "pg:citation/pg:quote ?quote }"
)
_AGREEMENT_EVENTS = (
    SPARQL_PREFIXES
    + """
SELECT ?agreement ?type WHERE {
  ?agreement a pg:Agreement .
  FILTER NOT EXISTS { ?agreement pg:datasetRecord ?record }
  OPTIONAL { ?agreement pg:event/pg:eventType ?type }
  FILTER NOT EXISTS { ?agreement pg:signed ?s }
  FILTER NOT EXISTS { ?agreement pg:inForceFrom ?f }
  FILTER NOT EXISTS { ?agreement pg:inForceBy ?b }
}"""
)
_IN_FORCE_EVER = (
    SPARQL_PREFIXES
    + "SELECT DISTINCT ?agreement WHERE { ?agreement pg:statusPeriod/pg:status pg:InForce }"
)


@pytest.fixture(scope="module")
def bundled() -> Iterator[Store]:
    """The bundle in an in-memory store, status periods derived by the real rules."""
    store = EmbeddedStore()
    ensure_bundle(store, PROJECT_ROOT)
    yield store
    store.close()


def _in_force_ever(store: Store) -> set[str]:
    return {row["agreement"].value for row in store.select(_IN_FORCE_EVER)}


def test_an_event_quoting_a_talk_outcome_is_never_a_signature(bundled: Store) -> None:
    rows = bundled.select(_EVENT_QUOTES)
    talk_events = [row for row in rows if TALK_OUTCOME.search(row["quote"].value)]
    assert talk_events, "the 2013 JCS talks are in the bundle and quote 'agreed to ...'"
    assert [
        (row["event"].value, row["type"].value)
        for row in talk_events
        if row["type"].value in CONCLUDING
    ] == []


def test_agreements_with_only_talks_plans_or_proposals_are_never_in_force(
    bundled: Store,
) -> None:
    types: dict[str, set[str]] = defaultdict(set)
    for row in bundled.select(_AGREEMENT_EVENTS):
        types[row["agreement"].value] |= {row["type"].value} if "type" in row else set()
    only_talks = {
        agreement
        for agreement, found in types.items()
        if found <= {t.value for t in PRE_CONCLUSION}
    }
    assert PG.PlannedEvent.value in set().union(*types.values())
    assert only_talks & _in_force_ever(bundled) == set()


@pytest.mark.parametrize(
    "agreement",
    [
        "kor-chn-jcs-hotline-2013",
        "kor-chn-defense-cooperation-2013",
        "kor-chn-strategic-defense-dialogue",
        "kor-chn-mutual-drill-participation",
        "kor-chn-gsomia-proposal",
        "kor-chn-emergency-rescue-supply",
    ],
)
def test_south_korea_china_talks_never_produce_an_agreement_in_force(
    bundled: Store, agreement: str
) -> None:
    iri = "https://w3id.org/pactgraph/id/agreement/" + agreement
    assert iri not in _in_force_ever(bundled)


def test_the_status_rule_never_puts_talks_plans_or_proposals_in_force() -> None:
    dated = [(kind.value, day) for kind in PRE_CONCLUSION for day in ("2012", "2013-06-04")]
    mixes = [mix for size in (1, 2, 3) for mix in itertools.combinations(dated, size)]
    for mix in mixes:
        derived = periods(history(None, None, None, list(mix)))
        assert all(status is not Status.in_force for _, _, status in derived), mix
