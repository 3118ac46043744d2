"""What a network view shows (:class:`View`) and how it is read from request parameters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.errors import InvalidParameter
from app.ontology import BeyondCoverage, Status, parse_as_of, relation
from app.queries.refs import local_id
from app.queries.states import resolve_state
from app.queries.treaties import treaty_members
from app.store import Store

__all__ = ["DEFAULT_TYPES", "MAX_HOPS", "View", "parse_view"]

MAX_HOPS = 3


#: Relations drawn when the view names none: the specific ones, not their parents; allies
#: (defense or offense obligations), not every formal alliance obligation, which would bury
#: them under non-aggression and consultation pacts.
DEFAULT_TYPES: tuple[str, ...] = (
    "shares_intelligence_with",
    "allied_with",
    "logistics_partner_of",
    "defense_cooperation_with",
    "strategic_partner_of",
)


@dataclass(frozen=True)
class View:
    """What a network view shows; its query string reproduces it (:meth:`params`)."""

    as_of: dt.date
    focus: tuple[str, ...] = ()
    types: tuple[str, ...] = DEFAULT_TYPES
    hops: int = 1
    statuses: tuple[Status, ...] = (Status.in_force,)
    expand: tuple[str, ...] = ()
    beyond_coverage: BeyondCoverage = BeyondCoverage.include
    #: A named treaty (``treaty=NATO``): the view is its members on the date (``within``) and
    #: the ties among them.
    treaty: str = ""
    within: tuple[str, ...] = ()
    #: The date as the user gave it (``2015``), echoed in links; empty means today.
    as_of_text: str = field(default="", compare=False)

    def params(self) -> dict[str, str]:
        """Query parameters of this view, for links and exports (empty values left out)."""
        values = {
            "focus": ",".join(local_id(i) for i in self.focus),
            "types": ",".join(self.types),
            "as_of": self.as_of_text,
            "hops": str(self.hops) if self.focus else "",
            "status": ",".join(s.value for s in self.statuses),
            "expand": ",".join(local_id(i) for i in self.expand),
            "beyond_coverage": "" if self.beyond_coverage is BeyondCoverage.include else "exclude",
            "treaty": self.treaty,
        }
        return {k: v for k, v in values.items() if v}


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def parse_view(
    store: Store,
    focus: str | None = None,
    types: str | None = None,
    as_of: str | None = None,
    hops: int = 1,
    status: str | None = None,
    expand: str | None = None,
    beyond_coverage: BeyondCoverage = BeyondCoverage.include,
    treaty: str | None = None,
) -> View:
    """Validate view parameters; states may be named by code or name (``CHN``, ``China``).

    ``treaty`` (an id or a name: ``NATO``) restricts the view to the treaty's members on the
    view's date (:func:`app.queries.treaties.treaty_members`).

    :raises InvalidParameter: an unknown relation or status, a bad date, hops outside 1 to 3.
    :raises NotFound: a state or a treaty nobody knows.
    """
    if not 1 <= hops <= MAX_HOPS:
        raise InvalidParameter(
            f"hops={hops} is out of range; use 1 to {MAX_HOPS}", parameter="hops"
        )
    names = _split(types)
    chosen = tuple(relation(n).name for n in names) if names else DEFAULT_TYPES
    try:
        statuses = tuple(Status(s) for s in _split(status)) or (Status.in_force,)
    except ValueError as exc:
        raise InvalidParameter(
            f"status={status!r} is not valid; use a comma list of {', '.join(Status)}",
            parameter="status",
            valid=list(Status),
        ) from exc
    day = parse_as_of(as_of)
    coverage = BeyondCoverage(beyond_coverage)
    within: tuple[str, ...] = ()
    if treaty:
        within = treaty_members(store, treaty, day, statuses, coverage).members
    return View(
        as_of=day,
        focus=tuple(dict.fromkeys(resolve_state(store, f, "focus").iri for f in _split(focus))),
        types=tuple(dict.fromkeys(chosen)),
        hops=hops,
        statuses=statuses,
        expand=tuple(dict.fromkeys(resolve_state(store, e, "expand").iri for e in _split(expand))),
        beyond_coverage=coverage,
        treaty=treaty or "",
        within=within,
        as_of_text=as_of or "",
    )
