"""The graph builder every importer writes through, and the dataset's own description.

Importers turn rows into triples with :class:`GraphBuilder`; the driver
(:mod:`app.ingest.datasets.driver`) writes them as one named graph per dataset in one atomic
replacement. Every agreement an importer makes gets the same provenance shape:
``pg:datasetRecord [ pg:dataset <source> ; pg:recordId "…" ]``, ``pg:citation [ pg:source
<source> ; pg:quote "<file> row <n>: <the row as written>" ]`` and ``prov:wasDerivedFrom``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence

from pyoxigraph import Literal, NamedNode, Triple

from app.ingest.datasets.crosswalk import StateRef, UnknownStateCode
from app.ingest.datasets.dates import PartialDate, Spell, state_segments
from app.ingest.datasets.naming import AGREEMENT_PREFIX
from app.ingest.datasets.rows import Row
from app.ingest.datasets.summary import DatasetInfo, ImportSummary
from app.ontology import PG
from app.vocab import DCT, PROV, RDF, RDFS, SCHEMA, XSD


class GraphBuilder:
    """Collects the triples of one dataset's graph."""

    def __init__(self, info: DatasetInfo) -> None:
        self.info = info
        self.triples: list[Triple] = []
        self.states: dict[str, StateRef] = {}

    def add(self, subject: NamedNode, predicate: NamedNode, obj: NamedNode | Literal) -> None:
        """Add one triple."""
        self.triples.append(Triple(subject, predicate, obj))

    def text(self, subject: NamedNode, predicate: NamedNode, value: str) -> None:
        """Add a plain string literal."""
        self.add(subject, predicate, Literal(value))

    def label(self, subject: NamedNode, value: str) -> None:
        """Add an English ``rdfs:label``."""
        self.add(subject, RDFS.label, Literal(value, language="en"))

    def provenance(self, node: NamedNode, record_id: str, quote: str) -> None:
        """Tie ``node`` to the dataset row it came from (record, citation, derivation)."""
        record = NamedNode(node.value + "#record")
        citation = NamedNode(node.value + "#citation")
        source = self.info.source
        self.add(node, PG.datasetRecord, record)
        self.add(record, RDF.type, PG.DatasetRecord)
        self.add(record, PG.dataset, source)
        self.text(record, PG.recordId, record_id)
        self.add(node, PG.citation, citation)
        self.add(citation, RDF.type, PG.Citation)
        self.add(citation, PG.source, source)
        self.text(citation, PG.quote, quote)
        self.add(node, PROV.wasDerivedFrom, source)

    def dates(self, node: NamedNode, start: PartialDate, end: PartialDate | None) -> None:
        """``pg:inForceFrom``, and ``pg:inForceUntil`` or the right-censoring year."""
        self.add(node, PG.inForceFrom, start.literal)
        if end is not None:
            self.add(node, PG.inForceUntil, end.literal)
        else:
            self.add(node, PG.censoredAt, self.info.censored_at)

    def party(self, node: NamedNode, ref: StateRef) -> None:
        """A state party of an agreement (remembered for the former-state descriptions)."""
        self.add(node, PG.party, ref.iri)
        self.states[ref.key] = ref

    def alliance(
        self,
        node: NamedNode,
        label: str,
        members: list[StateRef],
        types: list[NamedNode],
        treaty: Spell,
        rows: list[Row],
    ) -> None:
        """A treaty as a whole (``pg:Alliance``): members, types, dates, its rows as citation."""
        self.add(node, RDF.type, PG.Alliance)
        self.label(node, label)
        for ref in dict.fromkeys(members):
            self.add(node, PG.member, ref.iri)
            self.states[ref.key] = ref
        for concept in dict.fromkeys(types):
            self.add(node, PG.agreementType, concept)
        self.add(node, PG.legalForm, PG.Treaty)
        self.dates(node, treaty.start, treaty.end)
        record_id = node.value.removeprefix(AGREEMENT_PREFIX).split("/", 1)[1]
        self.provenance(node, record_id, "\n".join(r.quote for r in rows))

    def former_states(self) -> None:
        """Describe the former states this graph names, which no curated file knows."""
        for ref in self.states.values():
            if ref.former:
                describe_former_state(self, ref)


def describe_former_state(builder: GraphBuilder, ref: StateRef) -> None:
    """Type, label and identifiers of a former state (modern states are curated elsewhere)."""
    node = ref.iri
    builder.add(node, RDF.type, PG.State)
    builder.add(node, RDF.type, PG.FormerState)
    builder.add(node, NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), _en(ref.name))
    if ref.iso3 is not None:
        builder.text(node, PG.iso3, ref.iso3)
    if ref.iso2 is not None:
        builder.text(node, PG.iso2, ref.iso2)
    if ref.wikidata is not None:
        builder.add(
            node,
            NamedNode("http://www.w3.org/2002/07/owl#sameAs"),
            NamedNode("http://www.wikidata.org/entity/" + ref.wikidata),
        )


def _en(text: str) -> Literal:
    return Literal(text, language="en")


def resolve_members(
    summary: ImportSummary, rows: Sequence[tuple[Row, int, Spell]]
) -> Iterator[tuple[Row, StateRef, PartialDate, PartialDate | None]]:
    """Crosswalk each (row, ccode, spell); unknown codes become skips with their reason."""
    for row, ccode, spell in rows:
        try:
            parts = state_segments(ccode, spell)
        except UnknownStateCode as exc:
            summary.skip(row.ref, str(exc))
            continue
        for ref, start, end in parts:
            yield row, ref, start, end


def overlap(
    a: tuple[PartialDate, PartialDate | None], b: tuple[PartialDate, PartialDate | None]
) -> tuple[PartialDate, PartialDate | None] | None:
    """The common part of two spells (later start, earlier end), or ``None`` when disjoint."""
    start = max(a[0], b[0], key=lambda d: d.first_day)
    ends = [e for e in (a[1], b[1]) if e is not None]
    end = min(ends, key=lambda d: d.first_day) if ends else None
    if end is not None and end.first_day < start.first_day:
        return None
    return start, end


def describe_dataset(builder: GraphBuilder, summary: ImportSummary, imported: dt.datetime) -> None:
    """The dataset as a source and its graph as a PROV bundle, with import time and rows."""
    info = builder.info
    source, graph = info.source, info.graph
    builder.add(source, RDF.type, SCHEMA.Dataset)
    builder.text(source, SCHEMA.name, info.title)
    builder.text(source, SCHEMA.version, info.version)
    builder.text(source, SCHEMA.publisher, info.publisher)
    builder.text(source, SCHEMA.citation, info.citation)
    builder.text(source, DCT.rights, info.rights)
    builder.add(source, SCHEMA.url, NamedNode(info.url))
    builder.text(source, SCHEMA.temporalCoverage, info.coverage)
    builder.add(graph, RDF.type, PROV.Bundle)
    builder.add(graph, RDF.type, SCHEMA.Dataset)
    builder.text(graph, SCHEMA.name, f"{info.title} {info.version}, as imported by pactgraph")
    builder.add(graph, PROV.wasDerivedFrom, source)
    builder.add(graph, DCT.source, source)
    builder.add(
        graph,
        PROV.generatedAtTime,
        Literal(imported.isoformat(timespec="seconds"), datatype=XSD.dateTime),
    )
    builder.add(graph, PG.rowsRead, Literal(str(summary.rows_read), datatype=XSD.integer))
