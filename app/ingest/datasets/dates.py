"""Partial dates with honest precision, and membership spells cut where a state changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pyoxigraph import Literal

from app.ingest.datasets.crosswalk import StateRef, segments
from app.vocab import XSD


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or the year only."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def of(cls, year: int | None, month: int | None, day: int | None) -> PartialDate | None:
        """From split columns; zero or missing parts lower the precision, invalid days too."""
        if not year:
            return None
        if not month or not 1 <= month <= 12:
            return cls(year)
        if not day:
            return cls(year, month)
        try:
            dt.date(year, month, day)
        except ValueError:
            return cls(year, month)
        return cls(year, month, day)

    @classmethod
    def from_date(cls, day: dt.date) -> PartialDate:
        """A date known to the day."""
        return cls(day.year, day.month, day.day)

    @property
    def literal(self) -> Literal:
        """``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``: the precision the source gives."""
        if self.day is not None and self.month is not None:
            return Literal(self.first_day.isoformat(), datatype=XSD.date)
        if self.month is not None:
            return Literal(f"{self.year:04d}-{self.month:02d}", datatype=XSD.gYearMonth)
        return Literal(f"{self.year:04d}", datatype=XSD.gYear)

    @property
    def first_day(self) -> dt.date:
        """The first day the value can mean (for ordering and splitting spells)."""
        return dt.date(self.year, self.month or 1, self.day or 1)


@dataclass(frozen=True)
class Spell:
    """A member's time in an agreement: start, and end (``None``: open at the end of data)."""

    start: PartialDate
    end: PartialDate | None


def state_segments(
    ccode: int, spell: Spell
) -> list[tuple[StateRef, PartialDate, PartialDate | None]]:
    """The crosswalk's states for a code over a spell, split where the state changes.

    Cut points introduced by the crosswalk (Yugoslavia's start and end) are exact dates.

    :raises UnknownStateCode: the code is not a COW state code.
    """
    end_day = spell.end.first_day if spell.end is not None else None
    parts = segments(ccode, spell.start.first_day, end_day)
    result: list[tuple[StateRef, PartialDate, PartialDate | None]] = []
    for index, (ref, start, end) in enumerate(parts):
        first = spell.start if index == 0 else PartialDate.from_date(start)
        last = spell.end if index == len(parts) - 1 else None
        if last is None and end is not None:
            last = PartialDate.from_date(end)
        result.append((ref, first, last))
    return result
