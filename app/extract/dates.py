"""Dates in article text, resolved against the publication date at the precision they have.

"on Monday" is the last Monday on or before the publication day, and only when that day is
known; "in 2012" is a year; "June 2012" a month; "last year" the year before publication.
A date the text does not pin down is never made more precise than it is: with a publication
known to the year only, "on Monday" gives nothing, and the caller falls back to the year.
Weekdays and relative words go through :mod:`dateutil.relativedelta`, calendar dates through
:func:`datetime.date`; the regular expressions are anchored on word boundaries and bounded,
so no input makes them backtrack for long.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from app.errors import InvalidParameter


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, the month or the year (``month``/``day`` ``None`` when not)."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``: the lexical form of pg:PartialDate."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> dt.date | None:
        """The day, when known to the day."""
        if self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)


def parse_partial(value: str, parameter: str = "published") -> PartialDate:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` as a :class:`PartialDate`.

    :raises InvalidParameter: anything else, or a day that does not exist.
    """
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if match is None:
        raise InvalidParameter(
            f"{parameter}={value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY",
            parameter=parameter,
        )
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise InvalidParameter(f"{parameter}={value!r}: {exc}", parameter=parameter) from exc
    return PartialDate(year, month, day)


_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAYS = {"monday": MO, "tuesday": TU, "wednesday": WE, "thursday": TH, "friday": FR}
_WEEKDAYS |= {"saturday": SA, "sunday": SU}
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"

_RELATIVE = (
    r"\b(?P<rel>last year|this year|last month|this month|yesterday|today|recently"
    r"|earlier this (?:year|month))\b"
)
_RELATIVE = (
    r"\b(?P<rel>last year|this year|last month|this month|yesterday|today|recently"
    r"|earlier this (?:year|month))\b"
)
# Most precise first: the first pattern to claim a span wins it.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<mm>\d{2})-(?P<day>\d{2})\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,\s*{_YEAR}\b", re.I)),
    ("dmy", re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}\s+{_YEAR}\b", re.I)),
    ("my", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b", re.I)),
    ("md", re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d)", re.I)),
    ("y", re.compile(rf"\b(?:in|of|since|by|from|until)\s+(?:early\s+|late\s+|mid-)?{_YEAR}\b")),
    ("ybare", re.compile(rf"(?<![\d-]){_YEAR}(?![\d-])")),
    ("weekday", re.compile(r"\b(?P<weekday>" + "|".join(_WEEKDAYS) + r")\b", re.I)),
    ("rel", re.compile(_RELATIVE, re.I)),
]


@dataclass(frozen=True)
class DateMention:
    """A date expression of the text, ``start``/``end`` character offsets, resolved or not.

    ``value`` is ``None`` when the publication date is too coarse to resolve it (a weekday
    in an article known to the year). ``recent`` marks "recently": a past the text leaves
    vague, resolved to the publication year.
    """

    start: int
    end: int
    text: str
    value: PartialDate | None
    recent: bool = False


def find_dates(text: str, published: PartialDate | None) -> list[DateMention]:
    """Every date expression of ``text``, in order, resolved against ``published``."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            value = _resolve(kind, match, published)
            if kind == "ybare" and value is None:
                continue
            taken.append(span)
            found.append(
                DateMention(
                    span[0],
                    span[1],
                    match.group(0),
                    value,
                    recent=kind == "rel" and match.group("rel").lower() == "recently",
                )
            )
    return sorted(found, key=lambda d: d.start)


def _resolve(kind: str, match: re.Match[str], published: PartialDate | None) -> PartialDate | None:
    groups = match.groupdict()
    try:
        if kind == "iso":
            return _checked(int(groups["year"]), int(groups["mm"]), int(groups["day"]))
        if kind in ("mdy", "dmy"):
            month = _MONTHS[groups["month"].lower().rstrip(".")]
            return _checked(int(groups["year"]), month, int(groups["day"]))
        if kind == "my":
            return PartialDate(int(groups["year"]), _MONTHS[groups["month"].lower().rstrip(".")])
        if kind in ("y", "ybare"):
            return PartialDate(int(groups["year"]))
    except ValueError:
        return None
    if published is None:
        return None
    if kind == "md":
        month = _MONTHS[groups["month"].lower().rstrip(".")]
        if published.month is None:
            return None
        # A month after the publication month is last year's ("on Dec. 30" in January).
        year = published.year if month <= published.month else published.year - 1
        try:
            return _checked(year, month, int(groups["day"]))
        except ValueError:
            return None
    if kind == "weekday":
        day = published.as_date()
        if day is None:
            return None
        resolved = day + relativedelta(weekday=_WEEKDAYS[groups["weekday"].lower()](-1))
        return PartialDate(resolved.year, resolved.month, resolved.day)
    return _relative(groups["rel"].lower(), published)


def _relative(word: str, published: PartialDate) -> PartialDate | None:
    if word == "last year":
        return PartialDate(published.year - 1)
    if word in ("this year", "earlier this year", "recently"):
        return PartialDate(published.year)
    if published.month is None:
        return None
    if word in ("this month", "earlier this month"):
        return PartialDate(published.year, published.month)
    if word == "last month":
        previous = dt.date(published.year, published.month, 1) - relativedelta(months=1)
        return PartialDate(previous.year, previous.month)
    day = published.as_date()
    if day is None:
        return None
    if word == "yesterday":
        day -= dt.timedelta(days=1)
    return PartialDate(day.year, day.month, day.day)


def _checked(year: int, month: int, day: int) -> PartialDate:
    dt.date(year, month, day)  # raises ValueError for 31 June
    return PartialDate(year, month, day)


__all__ = ["DateMention", "PartialDate", "find_dates", "parse_partial"]
