"""What a network view shows (:class:`View`) and how it is read from request parameters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.analytics.projection import Scope
from app.errors import InvalidParameter
from app.ontology import BeyondCoverage, Status
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

    def params(self) -> dict[str, str]:
        """Query parameters of this view, for links and exports (empty values left out)."""
        values = {
            "focus": ",".join(local_id(i) for i in self.focus),
            "types": ",".join(self.types),
            "as_of": self.as_of.isoformat(),
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
    scope: Scope,
    focus: str | None = None,
    hops: int = 1,
    expand: str | None = None,
    treaty: str | None = None,
) -> View:
    """The view of ``scope`` (parsed by :meth:`Scope.parse`, as the analytics read it; the
    view's own relations when it names none) around states named by code or name (``CHN``,
    ``China``).

    ``treaty`` (an id or a name: ``NATO``) restricts the view to the treaty's members on the
    view's date (:func:`app.queries.treaties.treaty_members`).

    :raises InvalidParameter: hops outside 1 to 3.
    :raises NotFound: a state or a treaty nobody knows.
    """
    if not 1 <= hops <= MAX_HOPS:
        raise InvalidParameter(
            f"hops={hops} is out of range; use 1 to {MAX_HOPS}", parameter="hops"
        )
    statuses = tuple(scope.statuses)
    within: tuple[str, ...] = ()
    if treaty:
        within = treaty_members(store, treaty, scope.as_of, statuses, scope.beyond_coverage).members
    return View(
        as_of=scope.as_of,
        focus=tuple(dict.fromkeys(resolve_state(store, f, "focus").iri for f in _split(focus))),
        types=tuple(scope.relations or DEFAULT_TYPES),
        hops=hops,
        statuses=statuses,
        expand=tuple(dict.fromkeys(resolve_state(store, e, "expand").iri for e in _split(expand))),
        beyond_coverage=scope.beyond_coverage,
        treaty=treaty or "",
        within=within,
    )
