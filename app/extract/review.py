"""The review queue's writes: an accepted candidate becomes an ingest batch, a rejection a record.

Accepting goes through :func:`app.ingest.batch.ingest`, the write path of ``POST
/api/v1/ingest``: references and SHACL are checked, the batch lands in its own named graph with
its author and source, and the rules run. The batch holds the event (type, date, actors,
citation), the agreement (the matched one gains the event; a new one gets parties, type and
label), the article as a ``schema:NewsArticle`` and the quote as a ``pg:Citation``. A signing
of an agreement with no signing date also sets ``pg:signed`` (an entry into force
``pg:inForceFrom``), so the agreement's status follows from it as for curated facts.

Rejecting writes a small record into :data:`~app.graphs.REJECTIONS_GRAPH` (who, when,
why, and the candidate's key); :func:`rejected_keys` is read by every extraction, so a rejected
candidate is not proposed again. Rejections change no facts, so the rules are not re-run: only
the data version moves (caches and ETags follow it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from app.errors import InvalidParameter
from app.extract.dates import PartialDate, parse_partial
from app.extract.extractor import Candidate
from app.extract.lexicon import Lexicon
from app.graphs import REJECTIONS_GRAPH
from app.ingest.batch import Batch, agent_iri, ingest
from app.ingest.writes import write_lock
from app.ontology import ID_NS, PG, PG_NS, XSD_NS
from app.store import Store, iri, render
from app.vocab import DCT, PROV, RDF, RDFS, SCHEMA, XSD

_ISO3 = re.compile(r"[A-Z]{3}")
_KEY = re.compile(r"[0-9a-f]{32}")
_LOCAL = re.compile(r"[A-Za-z][A-Za-z0-9]{0,80}")
_MAX_QUOTE = 2000
_MAX_FIELD = 500

_TYPE = RDF.type
_LABEL = RDFS.label
_COMMENT = RDFS.comment
_DERIVED = PROV.wasDerivedFrom

_REJECT = """INSERT DATA { GRAPH $g {
  $r a <http://www.w3.org/ns/prov#Activity> ; <http://purl.org/dc/terms/identifier> $key ;
     <http://www.w3.org/2000/01/rdf-schema#label> $summary ;
     <http://www.w3.org/2000/01/rdf-schema#comment> $reason ;
     <http://www.w3.org/ns/prov#atTime> $at ; <http://www.w3.org/ns/prov#wasAssociatedWith> $agent .
  $agent a <http://www.w3.org/ns/prov#Agent> ; <http://www.w3.org/2000/01/rdf-schema#label> $name .
} }"""
_REJECTED = "SELECT ?key WHERE { GRAPH $g { ?r <" + DCT.identifier.value + "> ?key } }"
_HAS_DATE = "ASK { $a $p ?d }"


@dataclass(frozen=True)
class Article:
    """The source a reviewer names for the text: headline, publisher, date, URL."""

    headline: str
    publisher: str | None = None
    published: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Accepted:
    """What an accepted candidate wrote: the batch, and the event and agreement it holds."""

    batch: Batch
    created: bool
    event: str
    agreement: str
    source: str


@dataclass(frozen=True)
class Rejection:
    """A recorded rejection."""

    key: str
    rejected_by: str
    rejected_at: str
    reason: str


def check_fact(candidate: Candidate, lexicon: Lexicon) -> None:
    """Refuse a candidate whose fields a reviewer left malformed (400, naming the field)."""
    if len(set(candidate.parties)) < 2 or not all(_ISO3.fullmatch(p) for p in candidate.parties):
        raise InvalidParameter(
            "parties: give two or more ISO 3166-1 alpha-3 codes", parameter="parties"
        )
    if not all(_ISO3.fullmatch(p) for p in candidate.actors):
        raise InvalidParameter("actors: ISO 3166-1 alpha-3 codes only", parameter="actors")
    if candidate.event_type not in lexicon.event_types:
        raise InvalidParameter(
            f"event_type: {candidate.event_type!r} is not a concept of pg:EventTypes",
            parameter="event_type",
            valid=sorted(lexicon.event_types),
        )
    if not _LOCAL.fullmatch(candidate.agreement_type):
        raise InvalidParameter(
            "agreement_type: a local name of pg:AgreementTypes", parameter="agreement_type"
        )
    parse_partial(candidate.date, "date")
    if not candidate.quote.strip() or len(candidate.quote) > _MAX_QUOTE:
        raise InvalidParameter(
            f"quote: the sentence stating the fact (1 to {_MAX_QUOTE} characters)",
            parameter="quote",
        )


def accept(
    store: Store,
    candidate: Candidate,
    article: Article,
    author: str,
    lexicon: Lexicon,
) -> Accepted:
    """Ingest ``candidate`` (as the reviewer left it) with its article, as one batch.

    :raises InvalidParameter: a field is malformed.
    :raises ValidationFailed: the batch fails the ingest checks (unknown state or type, SHACL).
    """
    check_fact(candidate, lexicon)
    if not article.headline.strip() or len(article.headline) > _MAX_FIELD:
        raise InvalidParameter("headline: the article's title is required", parameter="headline")
    if article.publisher is not None and len(article.publisher) > _MAX_FIELD:
        raise InvalidParameter("publisher: too long", parameter="publisher")
    published = parse_partial(article.published) if article.published else None
    url = iri(article.url) if article.url else None
    if url is not None and not url.value.startswith(("http://", "https://")):
        raise InvalidParameter("url: an http(s) URL", parameter="url")
    source = _source_iri(article)
    event = NamedNode(f"{ID_NS}event/extract-{candidate_digest(candidate)}")
    agreement = (
        iri(candidate.matches)
        if candidate.matches
        else NamedNode(f"{ID_NS}agreement/extract-{_agreement_digest(candidate)}")
    )
    triples = _source_triples(source, article, published, url)
    triples += _event_triples(event, candidate, source, lexicon)
    triples += _agreement_triples(store, agreement, event, candidate, source, lexicon)
    data = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
    label = f"review: {candidate.event_type} {'-'.join(candidate.parties)} {candidate.date}"
    result = ingest(store, data, RdfFormat.N_TRIPLES, author, source=url or source, label=label)
    return Accepted(result.batch, result.created, event.value, agreement.value, source.value)


def reject(store: Store, key: str, summary: str, reason: str, author: str) -> Rejection:
    """Record that ``key``'s candidate is wrong, so no extraction proposes it again.

    :raises InvalidParameter: ``key`` is not a candidate key, or a text is too long.
    """
    if not _KEY.fullmatch(key):
        raise InvalidParameter("key: the candidate's key (32 hex digits)", parameter="key")
    if len(reason) > _MAX_QUOTE or len(summary) > _MAX_QUOTE:
        raise InvalidParameter("reason: at most 2000 characters", parameter="reason")
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    with write_lock(store):
        store.update(
            render(
                _REJECT,
                {
                    "g": REJECTIONS_GRAPH,
                    "r": NamedNode(f"{ID_NS}rejection/{key}"),
                    "key": Literal(key),
                    "summary": Literal(summary),
                    "reason": Literal(reason),
                    "at": Literal(at, datatype=XSD.dateTime),
                    "agent": agent_iri(author),
                    "name": Literal(author),
                },
            )
        )
        store.bump_data_version()
    return Rejection(key, author, at, reason)


def rejected_keys(store: Store) -> frozenset[str]:
    """Keys of every rejected candidate."""
    return frozenset(
        row["key"].value for row in store.select(render(_REJECTED, {"g": REJECTIONS_GRAPH}))
    )


def candidate_digest(candidate: Candidate) -> str:
    """A short stable id of the fact (the same fact accepted twice is the same event)."""
    fact = "|".join(
        [
            ",".join(candidate.parties),
            candidate.agreement_type,
            candidate.event_type,
            candidate.date,
        ]
    )
    return hashlib.sha256(fact.encode()).hexdigest()[:16]


def _agreement_digest(candidate: Candidate) -> str:
    fact = "|".join([",".join(candidate.parties), candidate.agreement_type])
    return hashlib.sha256(fact.encode()).hexdigest()[:16]


def _source_iri(article: Article) -> NamedNode:
    basis = article.url or f"{article.headline}|{article.publisher}|{article.published}"
    return NamedNode(f"{ID_NS}source/article-{hashlib.sha256(basis.encode()).hexdigest()[:16]}")


def _date_literal(value: PartialDate) -> Literal:
    kind = {3: "date", 2: "gYearMonth", 1: "gYear"}[
        1 + (value.month is not None) + (value.day is not None)
    ]
    return Literal(value.iso(), datatype=NamedNode(XSD_NS + kind))


def _state(code: str) -> NamedNode:
    return NamedNode(f"{ID_NS}state/{code}")


def _citation(subject: NamedNode, source: NamedNode, text: str) -> list[Triple]:
    node = BlankNode()
    return [
        Triple(subject, PG.citation, node),
        Triple(node, _TYPE, PG.Citation),
        Triple(node, PG.source, source),
        Triple(node, PG.quote, Literal(text)),
        Triple(subject, _DERIVED, source),
    ]


def _source_triples(
    source: NamedNode, article: Article, published: PartialDate | None, url: NamedNode | None
) -> list[Triple]:
    triples = [
        Triple(source, _TYPE, SCHEMA.NewsArticle),
        Triple(source, SCHEMA.headline, Literal(article.headline.strip())),
    ]
    if article.publisher:
        triples.append(Triple(source, SCHEMA.publisher, Literal(article.publisher.strip())))
    if published is not None:
        triples.append(Triple(source, SCHEMA.datePublished, _date_literal(published)))
    if url is not None:
        triples.append(Triple(source, SCHEMA.url, url))
    return triples


def _event_triples(
    event: NamedNode, candidate: Candidate, source: NamedNode, lexicon: Lexicon
) -> list[Triple]:
    names = [lexicon.state_names.get(p, p) for p in candidate.parties]
    label = f"{' and '.join(names)}: {candidate.event_type} ({candidate.date})"
    triples = [
        Triple(event, _TYPE, PG.LifecycleEvent),
        Triple(event, _LABEL, Literal(label, language="en")),
        Triple(event, PG.eventType, NamedNode(PG_NS + candidate.event_type)),
        Triple(event, PG.date, _date_literal(parse_partial(candidate.date, "date"))),
        Triple(event, _COMMENT, Literal("Accepted from the review queue.", language="en")),
    ]
    triples += [Triple(event, PG.actor, _state(a)) for a in candidate.actors or candidate.parties]
    return triples + _citation(event, source, candidate.quote)


def _agreement_triples(
    store: Store,
    agreement: NamedNode,
    event: NamedNode,
    candidate: Candidate,
    source: NamedNode,
    lexicon: Lexicon,
) -> list[Triple]:
    triples = [Triple(agreement, PG.event, event)]
    if not candidate.matches:
        names = [lexicon.state_names.get(p, p) for p in candidate.parties]
        triples += [
            Triple(agreement, _TYPE, PG.Agreement),
            Triple(
                agreement,
                _LABEL,
                Literal(f"{' / '.join(names)} {candidate.agreement_type}", language="en"),
            ),
            Triple(agreement, PG.agreementType, NamedNode(PG_NS + candidate.agreement_type)),
        ]
        triples += [Triple(agreement, PG.party, _state(p)) for p in candidate.parties]
    dated = {"SignedEvent": PG.signed, "EnteredIntoForceEvent": PG.inForceFrom}
    if candidate.event_type in dated:
        prop = dated[candidate.event_type]
        if not store.ask(render(_HAS_DATE, {"a": agreement, "p": prop})):
            triples.append(
                Triple(agreement, prop, _date_literal(parse_partial(candidate.date, "date")))
            )
    return triples + _citation(agreement, source, candidate.quote)


__all__ = [
    "Accepted",
    "Article",
    "Rejection",
    "accept",
    "candidate_digest",
    "check_fact",
    "reject",
    "rejected_keys",
]
