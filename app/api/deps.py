"""FastAPI dependencies: the store and the settings the app was built with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request

from app.api.links import mark_paged
from app.config import Settings
from app.ontology import RELATIONS, BeyondCoverage, Relation, Status, parse_as_of, relation
from app.store import Store


def get_store(request: Request) -> Store:
    """The store opened by the app's lifespan."""
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


# Query parameters shared by the resource routers: declared once, documented once.

_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def as_of_param(
    as_of: Annotated[
        str | None,
        Query(
            description="The date the question is asked for: YYYY-MM-DD, YYYY-MM or YYYY "
            "(the end of that month or year). Default: today.",
            pattern=_DATE_PATTERN,
            examples=["2019-12-01"],
        ),
    ] = None,
) -> dt.date:
    """``as_of`` as a date, through the ontology's one parser."""
    return parse_as_of(as_of)


def status_param(
    status: Annotated[
        Status,
        Query(
            description="Agreement status on the as_of date. `any`: whatever the status, "
            "including proposals never signed and agreements ended."
        ),
    ] = Status.in_force,
) -> Status:
    """``status``; in_force unless asked otherwise."""
    return status


def beyond_coverage_param(
    beyond_coverage: Annotated[
        BeyondCoverage,
        Query(
            description="Agreements known only from a dataset that was still running when the "
            "dataset ends (COW alliances 2012, ATOP 2018, DCAD 2010) are 'in force at last "
            "observation' after that year. `include` (default) counts them and flags every "
            "answer resting only on them with `observed_until` (the dataset's last year); "
            "`exclude` leaves them out.",
        ),
    ] = BeyondCoverage.include,
) -> BeyondCoverage:
    """``beyond_coverage``; include unless asked otherwise."""
    return beyond_coverage


#: Relation names and what each means: the table the API description shows for ``type``.
RELATION_TABLE = "\n".join(
    ["| relation | meaning |", "|---|---|"]
    + [f"| `{r.name}` | {r.description} |" for r in RELATIONS.values()]
)


def relation_param(
    type: Annotated[
        str,
        Query(
            description="Relation name (see the table in the API description).",
            json_schema_extra={"enum": list(RELATIONS)},
        ),
    ] = "cooperates_militarily_with",
) -> Relation:
    """The relation named by ``type``; an unknown name lists the valid ones."""
    return relation(type)


@dataclass(frozen=True)
class Paging:
    """``limit`` and ``offset`` of a listing."""

    limit: int
    offset: int


def paging_param(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=1000, description="Most items returned.")] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Items skipped.")] = 0,
) -> Paging:
    """Pagination parameters; the answer also gets ``Link`` headers (:mod:`app.api.links`)."""
    mark_paged(request)
    return Paging(limit, offset)


AsOfDep = Annotated[dt.date, Depends(as_of_param)]
StatusDep = Annotated[Status, Depends(status_param)]
BeyondCoverageDep = Annotated[BeyondCoverage, Depends(beyond_coverage_param)]
RelationDep = Annotated[Relation, Depends(relation_param)]
PagingDep = Annotated[Paging, Depends(paging_param)]
