"""Status periods from an agreement's dates and lifecycle events (app.rules.history/periods)."""

from __future__ import annotations

import datetime as dt

import pytest
from pyoxigraph import NamedNode, RdfFormat, parse, serialize

from app.bundle import BUNDLE_ROOT
from app.ingest.bundle import ensure_bundle
from app.ontology import (
    ID_NS,
    PG,
    RELATIONS,
    SPARQL_PREFIXES,
    BeyondCoverage,
    Status,
    date_literal,
    period_bounds,
    relation_pattern,
)
from app.rules import history, periods, refresh, split_at_horizon
from app.store import EmbeddedStore, render
from tests.one_rule import derived_shortcuts, shortcuts_read_on_the_store

D = dt.date


def _periods(
    signed: str | None = None,
    in_force_from: str | None = None,
    in_force_until: str | None = None,
    events: list[tuple[str, str]] | None = None,
    in_force_by: str | None = None,
) -> list[tuple[dt.date, dt.date | None, Status]]:
    return periods(history(signed, in_force_from, in_force_until, events or [], in_force_by))


def _event(kind: NamedNode, date: str) -> tuple[str, str]:
    return (kind.value, date)


def test_a_signing_year_alone_means_in_force_from_the_end_of_that_year() -> None:
    assert _periods(signed="2001") == [(D(2001, 12, 31), None, Status.in_force)]


def test_a_signing_month_counts_from_the_end_of_the_month() -> None:
    assert _periods(signed="2014-12") == [(D(2014, 12, 31), None, Status.in_force)]
    assert _periods(signed="2016-02") == [(D(2016, 2, 29), None, Status.in_force)]


def test_signed_then_in_force_then_ended() -> None:
    assert _periods("2001-07-16", "2002-02-28", "2010") == [
        (D(2001, 7, 16), D(2002, 2, 28), Status.signed),
        (D(2002, 2, 28), D(2010, 12, 31), Status.in_force),
        (D(2010, 12, 31), None, Status.ended),
    ]


def test_termination_announced_changes_nothing_and_suspending_it_keeps_it_in_force() -> None:
    events = [
        _event(PG.SignedEvent, "2016-11-23"),
        _event(PG.TerminationAnnouncedEvent, "2019-08-22"),
        _event(PG.TerminationSuspendedEvent, "2019-11-22"),
    ]
    assert _periods(signed="2016-11-23", events=events) == [
        (D(2016, 11, 23), None, Status.in_force)
    ]


def test_a_proposal_without_an_answer_stays_proposed() -> None:
    events = [
        _event(PG.ProposedEvent, "2012"),
        _event(PG.NoResponseEvent, "2012"),
        _event(PG.ProposedEvent, "2016"),
        _event(PG.NoResponseEvent, "2016"),
    ]
    assert _periods(events=events) == [(D(2012, 12, 31), None, Status.proposed)]


def test_a_plan_gives_no_status() -> None:
    assert _periods(events=[_event(PG.PlannedEvent, "2016")]) == []


def test_a_rejected_proposal() -> None:
    events = [_event(PG.ProposedEvent, "2012-05"), _event(PG.RejectedEvent, "2012-08-01")]
    assert _periods(events=events) == [
        (D(2012, 5, 31), D(2012, 8, 1), Status.proposed),
        (D(2012, 8, 1), None, Status.rejected),
    ]


def test_talks_dated_to_a_year_do_not_reopen_negotiation_after_a_signing_that_year() -> None:
    events = [_event(PG.NegotiatingEvent, "2016"), _event(PG.SignedEvent, "2016-11-23")]
    assert _periods(signed="2016-11-23", events=events) == [
        (D(2016, 11, 23), None, Status.in_force)
    ]


def test_talks_dated_to_a_year_end_with_a_collapse_dated_to_a_month_of_it() -> None:
    events = [_event(PG.NegotiatingEvent, "2012"), _event(PG.TerminatedEvent, "2012-06")]
    assert _periods(events=events) == [(D(2012, 6, 30), None, Status.ended)]


def test_talks_before_a_signing_in_a_later_year_keep_their_own_period() -> None:
    events = [_event(PG.NegotiatingEvent, "2015"), _event(PG.SignedEvent, "2016-11-23")]
    assert _periods(events=events) == [
        (D(2015, 12, 31), D(2016, 11, 23), Status.negotiating),
        (D(2016, 11, 23), None, Status.in_force),
    ]


def test_suspension_and_renewal() -> None:
    events = [_event(PG.SuspendedEvent, "2005-03-01"), _event(PG.RenewedEvent, "2007-01-01")]
    assert _periods(signed="2000-01-01", events=events) == [
        (D(2000, 1, 1), D(2005, 3, 1), Status.in_force),
        (D(2005, 3, 1), D(2007, 1, 1), Status.suspended),
        (D(2007, 1, 1), None, Status.in_force),
    ]


def test_in_force_by_counts_only_when_the_signature_is_undated() -> None:
    assert _periods(in_force_by="2012-05-21") == [(D(2012, 5, 21), None, Status.in_force)]
    assert _periods(signed="1990", in_force_by="2012-05-21") == [
        (D(1990, 12, 31), None, Status.in_force)
    ]


def test_a_malformed_date_is_skipped_rather_than_guessed() -> None:
    assert _periods(signed="around 2001") == []


@pytest.mark.parametrize(
    ("lexical", "bounds"),
    [
        ("2016-11-23", (D(2016, 11, 23), D(2016, 11, 23))),
        ("2012-06", (D(2012, 6, 1), D(2012, 6, 30))),
        ("2012-12", (D(2012, 12, 1), D(2012, 12, 31))),
        ("2012", (D(2012, 1, 1), D(2012, 12, 31))),
        ("2012Z", (D(2012, 1, 1), D(2012, 12, 31))),
    ],
)
def test_period_bounds(lexical: str, bounds: tuple[dt.date, dt.date]) -> None:
    assert period_bounds(lexical) == bounds


def test_an_open_period_is_split_at_the_horizon_and_the_rest_is_flagged() -> None:
    items, beyond = split_at_horizon(_periods("1995-03-01"), 2010)
    assert beyond
    assert items == [
        (D(1995, 3, 1), D(2011, 1, 1), Status.in_force),
        (D(2011, 1, 1), None, Status.in_force),
    ]


def test_a_history_that_ended_within_coverage_is_left_alone() -> None:
    items = _periods("1995-03-01", in_force_until="2004")
    assert split_at_horizon(items, 2010) == (items, False)


def test_a_period_opening_after_the_horizon_is_flagged_whole() -> None:
    items = _periods("2012-05-01")
    assert split_at_horizon(items, 2010) == (items, True)


_HORIZON_DATA = """
@prefix pg: <https://w3id.org/pactgraph/ontology#> .
@prefix pgid: <https://w3id.org/pactgraph/id/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
pgid:agreement\\/test\\/dataset a pg:Agreement ; pg:agreementType pg:DefenseCooperation ;
    pg:party pgid:state\\/KOR, pgid:state\\/CHL ;
    pg:signed "1995-03-01"^^xsd:date ; pg:censoredAt "2010"^^xsd:gYear .
pgid:agreement\\/test\\/curated a pg:Agreement ; pg:agreementType pg:DefenseCooperation ;
    pg:party pgid:state\\/KOR, pgid:state\\/USA ; pg:signed "1995-03-01"^^xsd:date .
"""


@pytest.mark.parametrize(
    ("as_of", "coverage", "expected"),
    [
        ("2010-12-31", BeyondCoverage.include, {"CHL": None, "USA": None}),
        ("2011-01-01", BeyondCoverage.include, {"CHL": "2010", "USA": None}),
        ("2010-12-31", BeyondCoverage.exclude, {"CHL": None, "USA": None}),
        ("2011-01-01", BeyondCoverage.exclude, {"USA": None}),
    ],
)
def test_a_censored_agreement_is_flagged_past_its_horizon_and_a_curated_one_never(
    as_of: str, coverage: BeyondCoverage, expected: dict[str, str | None]
) -> None:
    store = EmbeddedStore(None)
    store.update(f"INSERT DATA {{ GRAPH <urn:test> {{ {_turtle_triples(_HORIZON_DATA)} }} }}")
    refresh(store, today=D(2025, 1, 1))
    pattern = relation_pattern(
        RELATIONS["defense_cooperation_with"],
        "$kor",
        "?partner",
        "?a",
        [Status.in_force],
        beyond_coverage=coverage,
        observed_var="?horizon",
    )
    query = f"{SPARQL_PREFIXES} SELECT ?partner ?horizon WHERE {{ {pattern} }}"
    rows = store.select(
        render(
            query,
            {"kor": NamedNode(ID_NS + "state/KOR"), "as_of": date_literal(D.fromisoformat(as_of))},
        )
    )
    found = {
        r["partner"].value.rsplit("/", 1)[-1]: (r["horizon"].value if "horizon" in r else None)
        for r in rows
    }
    assert found == expected


def _turtle_triples(turtle: str) -> str:
    return (
        serialize(parse(turtle, format=RdfFormat.TURTLE), format=RdfFormat.N_TRIPLES) or b""
    ).decode()


def test_the_bundles_shortcuts_are_the_rule_read_on_the_store_itself() -> None:
    store = EmbeddedStore(None)
    ensure_bundle(store, BUNDLE_ROOT)
    shortcuts = derived_shortcuts(store)
    assert shortcuts
    assert shortcuts == shortcuts_read_on_the_store(store, dt.date.today())
