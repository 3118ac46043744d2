"""Response models of the REST API, and their construction from the query layer's results.

The query layer (:mod:`app.queries`) returns labelled, typed records (every state a
:class:`~app.queries.refs.StateRef`); the models here are the envelopes REST wraps them in
(pages, agreements by id, evidence inline) with their OpenAPI examples, and the ``*_out``
builders only rearrange, never look anything up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from app.ingest.batch import Batch
from app.ontology import RELATIONS, Status
from app.queries.agreements import AgreementDetail, DatasetRow, Event, Obligation, StatusSpan
from app.queries.evidence import AgreementSummary, SourceRef, observed_until
from app.queries.paging import Page as QueryPage
from app.queries.paths import EmptyStep, PathAnswer, PathResult as QueryPathResult, Step
from app.queries.refs import StateRef, local_id
from app.queries.relations import Edge, Partner
from app.queries.sources import SourceDetail, SourceSummary
from app.queries.states import StateRecord

T = TypeVar("T")

_KOR = "https://w3id.org/pactgraph/id/state/KOR"


#: The flag of an answer past a dataset's horizon (:func:`app.queries.evidence.observed_until`).
_OBSERVED_UNTIL = Field(
    default=None,
    description="Set when the answer rests only on agreements past the coverage of the "
    "dataset they are known from: the dataset's last year ('in force at last observation').",
)


class State(BaseModel):
    """A state with its codes, names and identifiers in other datasets."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "KOR",
                    "iri": _KOR,
                    "label": "South Korea",
                    "iso2": "KR",
                    "iso3": "KOR",
                    "cow_code": 732,
                    "cow_abbrev": "ROK",
                    "aliases": ["Korea", "ROK", "Republic of Korea"],
                    "same_as": ["http://www.wikidata.org/entity/Q884"],
                    "kinds": ["State", "UNMemberState"],
                }
            ]
        }
    )

    id: str
    iri: str
    label: str
    iso2: str | None
    iso3: str
    cow_code: int | None = Field(description="Correlates of War state code.")
    cow_abbrev: str | None
    aliases: list[str]
    same_as: list[str] = Field(description="owl:sameAs links (Wikidata and others).")
    kinds: list[str] = Field(description="pg: classes of the state (UNMemberState, ...).")


class Source(BaseModel):
    """A document or dataset, with the quote that supports the fact it is attached to."""

    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": "yonhap-2016-gsomia",
                    "iri": "https://w3id.org/pactgraph/id/source/yonhap-2016-gsomia",
                    "kind": "NewsArticle",
                    "title": "S. Korea, Japan sign military intelligence pact",
                    "url": "https://example.org/article",
                    "publisher": "Yonhap",
                    "published": "2016-11-23",
                    "seed_file": None,
                    "quote": "South Korea and Japan signed the GSOMIA on Wednesday",
                }
            ]
        },
    )

    id: str
    iri: str
    kind: str | None = Field(description="NewsArticle, Dataset, WebPage or Legislation.")
    title: str | None
    url: str | None
    publisher: str | None
    published: str | None = Field(description="Publication date at the precision known.")
    seed_file: str | None = Field(description="The seed article file the fact was read from.")
    quote: str | None = Field(description="The words of the source that support the fact.")


class Agreement(BaseModel):
    """An agreement behind an answer: parties, types, dates, status on the date asked, sources."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    iri: str
    label: str | None
    treaty: str | None = Field(
        default=None,
        description="Name of the treaty a dataset's pair of members belongs to: the curated name "
        "when known, otherwise the dataset's description (ATOP 3755 (non-aggression, ...)).",
    )
    types: list[str] = Field(description="Agreement-type concepts (GSOMIA, DefenseObligation...).")
    obligation_kinds: list[str] = Field(
        default_factory=list,
        description="Formal alliance obligation kinds, strongest first: defense, offense, "
        "neutrality, non-aggression, consultation.",
    )
    legal_form: str | None = Field(description="Treaty or NonBindingInstrument.")
    parties: list[StateRef]
    intermediaries: list[StateRef]
    signed: str | None = Field(description="Signing date at the precision known (YYYY[-MM[-DD]]).")
    in_force_from: str | None
    in_force_until: str | None
    status: str | None = Field(description="Status on the as_of date; null before any status.")
    observed_until: str | None = _OBSERVED_UNTIL
    sources: list[Source]


class AgreementDetailOut(Agreement):
    """One agreement in full: timeline, obligations, status history, links, dataset rows."""

    events: list[Event]
    obligations: list[Obligation]
    status_history: list[StatusSpan]
    same_treaty_as: list[str] = Field(description="The same treaty in other datasets.")
    dataset_records: list[DatasetRow]


class Page(BaseModel, Generic[T]):
    """One page of a listing: ``items`` from ``offset``, at most ``limit``, of ``total``."""

    items: list[T]
    total: int
    limit: int
    offset: int


class RelationPartner(BaseModel):
    """A related state and the agreements that relate it."""

    state: StateRef
    agreements: list[Agreement]
    observed_until: str | None = _OBSERVED_UNTIL


class StateRelations(BaseModel):
    """The partners of one state by one relation on one date."""

    state: StateRef
    relation: str
    as_of: dt.date
    status: Status
    partners: list[RelationPartner]


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


class EdgeOut(BaseModel):
    """Two related states and the ids of the agreements relating them."""

    source: StateRef
    target: StateRef
    agreements: list[str]
    observed_until: str | None = _OBSERVED_UNTIL


class EdgePage(Page[EdgeOut]):
    """The edge list of one relation on one date (each unordered pair once)."""

    relation: str
    as_of: dt.date
    status: Status


class PathStep(BaseModel):
    """One step of a path."""

    relation: str
    inverse: bool


class Hop(BaseModel):
    """One link of a chain, with the agreements (and their sources) that make it."""

    relation: str
    inverse: bool
    source: StateRef
    target: StateRef
    obligation_kinds: list[str] = Field(
        default_factory=list,
        description="Formal alliance obligation kinds the hop's agreements carry, strongest "
        "first (empty for relations that are not alliance obligations).",
    )
    agreements: list[Agreement]
    observed_until: str | None = _OBSERVED_UNTIL


class Chain(BaseModel):
    """A way from the start state to the end state."""

    states: list[StateRef]
    hops: list[Hop]


class PathResult(BaseModel):
    """An end state, with every chain that reaches it."""

    state: StateRef
    chains: list[Chain]


class WiderGroup(BaseModel):
    """End states reached when the widened hop's strongest obligation is ``obligation``."""

    obligation: str
    items: list[PathResult]


class WiderReading(BaseModel):
    """The same question over any formal alliance obligation instead of allies."""

    path: str
    step: int = Field(description="1-based number of the widened step.")
    groups: list[WiderGroup] = Field(
        description="Grouped by the strongest obligation of the widened hop: defense > offense "
        "> neutrality > non-aggression > consultation."
    )


class PathAnswerOut(Page[PathResult]):
    """End states of a path from a start state, the evidence, and the SPARQL that found them."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "start": {
                        "id": "CHN",
                        "label": "China",
                        "iri": "https://w3id.org/pactgraph/id/state/CHN",
                    },
                    "path": "allied_with/shares_intelligence_with",
                    "steps": [
                        {"relation": "allied_with", "inverse": False},
                        {"relation": "shares_intelligence_with", "inverse": False},
                    ],
                    "as_of": "2024-01-01",
                    "status": "in_force",
                    "items": [],
                    "total": 1,
                    "limit": 100,
                    "offset": 0,
                    "sparql": "PREFIX pg: <https://w3id.org/pactgraph/ontology#> SELECT ...",
                }
            ]
        }
    )

    start: StateRef
    path: str
    steps: list[PathStep]
    as_of: dt.date
    status: Status
    sparql: str = Field(description="The query that found the answer; POST it to /sparql.")
    note: EmptyStep | None = Field(
        default=None,
        description="Set on an empty answer: the first step that reached no state, and the "
        "states reached before it.",
    )
    wider: WiderReading | None = Field(
        default=None,
        description="Set on an empty answer through allies (allied_with, pledged_to_defend): "
        "the same question over any formal alliance obligation (has_alliance_with), grouped by "
        "the strongest obligation of the widened hop.",
    )


class SourceSummaryOut(Source):
    """A source and how many facts it supports."""

    supports: int


class SourcePage(Page[SourceSummaryOut]):
    """One page of the documents and datasets, plus every ingest batch (each one the source
    of the facts it added, with its author, time and declared source)."""

    batches: list[BatchOut]


class Supported(BaseModel):
    """A fact (agreement, event, reported count ...) a source supports."""

    id: str
    iri: str
    kind: str | None
    label: str
    quote: str | None


class SourceDetailOut(Source):
    """A source with one page of the facts it supports."""

    supports: Page[Supported]


# Builders -----------------------------------------------------------------------------------


def page_fields(found: QueryPage[Any]) -> dict[str, int]:
    """``total``, ``limit`` and ``offset`` of a query-layer page, for a page model."""
    return {"total": found.total, "limit": found.limit, "offset": found.offset}


def source_out(ref: SourceRef) -> Source:
    """A source model from the query layer's reference."""
    return Source.model_validate(ref)


def state_out(record: StateRecord) -> State:
    """A state model from its record."""
    return State.model_validate({**asdict(record), "iso3": record.id})


def state_ref(record: StateRecord) -> StateRef:
    """The short reference to a resolved state."""
    return StateRef(record.iri, record.id, record.label)


def agreements_out(summaries: Iterable[AgreementSummary]) -> list[Agreement]:
    """Agreement models of the query layer's summaries."""
    return [Agreement.model_validate(s) for s in summaries]


def agreement_detail_out(detail: AgreementDetail) -> AgreementDetailOut:
    """The full agreement model."""
    return AgreementDetailOut.model_validate(
        {**Agreement.model_validate(detail.summary).model_dump(), **asdict(detail)}
    )


def partners_out(found: list[Partner]) -> list[RelationPartner]:
    """Partners with their agreements."""
    return [
        RelationPartner(
            state=p.state, agreements=agreements_out(p.agreements), observed_until=p.observed_until
        )
        for p in found
    ]


def edges_out(found: list[Edge]) -> list[EdgeOut]:
    """Edges as REST lists them: agreements by id."""
    return [
        EdgeOut(
            source=e.source,
            target=e.target,
            agreements=[local_id(a) for a in e.agreements],
            observed_until=e.observed_until,
        )
        for e in found
    ]


def _step_text(steps: list[Step]) -> str:
    return "/".join(str(s) for s in steps)


def path_out(answer: PathAnswer) -> PathAnswerOut:
    """The path answer with every state named and every agreement's evidence inline."""
    evidence = {iri: Agreement.model_validate(s) for iri, s in answer.agreements.items()}

    def result_out(r: QueryPathResult) -> PathResult:
        return PathResult(
            state=r.state,
            chains=[
                Chain(
                    states=list(c.states),
                    hops=[
                        Hop(
                            relation=h.step.relation.name,
                            inverse=h.step.inverse,
                            source=h.source,
                            target=h.target,
                            obligation_kinds=list(h.obligation_kinds),
                            agreements=[evidence[a] for a in h.agreements],
                            observed_until=observed_until(
                                answer.agreements[a].observed_until for a in h.agreements
                            ),
                        )
                        for h in c.hops
                    ],
                )
                for c in r.chains
            ],
        )

    wider = answer.wider
    return PathAnswerOut(
        start=answer.start,
        path=_step_text(answer.steps),
        steps=[PathStep(relation=s.relation.name, inverse=s.inverse) for s in answer.steps],
        as_of=answer.as_of,
        status=answer.status,
        items=[result_out(r) for r in answer.results.items],
        **page_fields(answer.results),
        sparql=answer.sparql,
        note=answer.note,
        wider=None
        if wider is None
        else WiderReading(
            path=wider.path,
            step=wider.step,
            groups=[
                WiderGroup(obligation=g.obligation, items=[result_out(r) for r in g.results])
                for g in wider.groups
            ],
        ),
    )


def source_summary_out(item: SourceSummary) -> SourceSummaryOut:
    """A listed source with its support count."""
    return SourceSummaryOut(**source_out(item.source).model_dump(), supports=item.supports)


def source_detail_out(detail: SourceDetail) -> SourceDetailOut:
    """A source with one page of what it supports."""
    supports = detail.supports
    return SourceDetailOut(
        **source_out(detail.source).model_dump(),
        supports=Page[Supported](
            items=[
                Supported(id=local_id(s.iri), iri=s.iri, kind=s.kind, label=s.label, quote=s.quote)
                for s in supports.items
            ],
            **page_fields(supports),
        ),
    )


#: Relation names and what each means, for the OpenAPI description of ``type``/``path``.
RELATION_TABLE = "\n".join(
    ["| relation | meaning |", "|---|---|"]
    + [f"| `{r.name}` | {r.description} |" for r in RELATIONS.values()]
)
