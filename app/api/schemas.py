"""The envelopes REST wraps the query layer's records in.

The routes serve the query layer's records (:mod:`app.queries`) as they are: a state is a
:class:`~app.queries.states.StateRecord`, an agreement an
:class:`~app.queries.evidence.AgreementSummary`, a listing a :class:`~app.queries.paging.Page`.
What is left here only wraps them for one route: the question echoed beside its answer
(relation, date, status), the ingest batches beside the sources, and an edge naming its
agreements by id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from app.ingest.batch import Batch
from app.ontology import Status
from app.queries.evidence import OBSERVED_UNTIL
from app.queries.paging import Page
from app.queries.refs import Served, StateRef, local_id
from app.queries.relations import Edge, Partner
from app.queries.sources import SourceSummary


def page_fields(found: Page[Any]) -> dict[str, int]:
    """``total``, ``limit`` and ``offset`` of a query-layer page, for an envelope around it."""
    return {"total": found.total, "limit": found.limit, "offset": found.offset}


@dataclass
class StateRelations:
    """The partners of one state by one relation on one date."""

    state: StateRef
    relation: str
    as_of: dt.date
    status: Status
    partners: list[Partner]


@dataclass
class EdgeOut(Served):
    """Two related states and the ids of the agreements relating them.

    :class:`~app.queries.relations.Edge` keeps the agreements' IRIs, which the views and
    analytics look evidence up by; the edge list names them by id, as every REST link does.
    """

    source: StateRef
    target: StateRef
    agreements: list[str]
    observed_until: str | None = field(default=None, metadata=OBSERVED_UNTIL)

    @classmethod
    def of(cls, edge: Edge) -> EdgeOut:
        return cls(
            edge.source, edge.target, [local_id(a) for a in edge.agreements], edge.observed_until
        )


@dataclass(frozen=True, kw_only=True)
class EdgePage(Page[EdgeOut]):
    """The edge list of one relation on one date (each unordered pair once)."""

    #: Declared again with its type: pydantic does not carry ``T`` into a subclass of a
    #: parametrised stdlib dataclass, so the OpenAPI document would lose the item schema.
    items: list[EdgeOut]
    relation: str
    as_of: dt.date
    status: Status


class BatchOut(BaseModel):
    """An ingest batch: its named graph and how it came in."""

    id: str
    graph: str
    href: str
    content_hash: str
    author: str
    generated_at: str
    triples: int
    source: str | None
    label: str | None

    @classmethod
    def of(cls, batch: Batch) -> BatchOut:
        return cls(href=f"/api/v1/ingest/{batch.id}", **batch.__dict__)


@dataclass(frozen=True, kw_only=True)
class SourcePage(Page[SourceSummary]):
    """One page of the documents and datasets, plus every ingest batch (each one the source
    of the facts it added, with its author, time and declared source)."""

    #: Declared again with its type, as on :class:`EdgePage`.
    items: list[SourceSummary]
    batches: list[BatchOut]
