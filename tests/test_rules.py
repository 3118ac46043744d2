"""Status periods from an agreement's dates and lifecycle events (app.rules.history/periods)."""

from __future__ import annotations

import datetime as dt

import pytest
from pyoxigraph import NamedNode

from app.ontology import PG, Status, period_bounds
from app.rules import history, periods

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
