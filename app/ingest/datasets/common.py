"""What every dataset importer shares: reading CSV, partial dates, the summary, the graph builder.

Importers turn rows into triples with :class:`GraphBuilder`; the driver
(:mod:`app.ingest.datasets.driver`) writes them as one named graph per dataset in one atomic
replacement. Every agreement an importer makes gets the same provenance shape:
``pg:datasetRecord [ pg:dataset <source> ; pg:recordId "…" ]``, ``pg:citation [ pg:source
<source> ; pg:quote "<file> row <n>: <the row as written>" ]`` and ``prov:wasDerivedFrom``.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Triple

from app.graphs import DATASET_GRAPH_PREFIX
from app.ingest.datasets.crosswalk import StateRef, UnknownStateCode, segments
from app.ontology import ID_NS, PG
from app.vocab import DCT, PROV, RDF, RDFS, SCHEMA, XSD

SOURCE_PREFIX = ID_NS + "source/dataset/"
AGREEMENT_PREFIX = ID_NS + "agreement/"


#: Called with (what, done, total) while rows are processed.
ProgressFn = Callable[[str, int, int], None]


@dataclass(frozen=True)
class DatasetInfo:
    """How a dataset describes itself in the graph (values from its SOURCE.md)."""

    name: str
    title: str
    version: str
    publisher: str
    citation: str
    rights: str
    url: str
    #: First year the data cover.
    data_start: int
    #: Last year the data cover (the horizon): spells open at the end are right-censored
    #: there, and what holds later is "in force at last observation" (:mod:`app.rules`).
    data_end: int

    @property
    def coverage(self) -> str:
        """The years covered as an ISO 8601 interval (``"1980/2010"``), as schema.org has it."""
        return f"{self.data_start:04d}/{self.data_end:04d}"

    @property
    def graph(self) -> NamedNode:
        """The named graph holding the import (``.../id/graph/dataset/<name>``)."""
        return NamedNode(DATASET_GRAPH_PREFIX + self.name)

    @property
    def source(self) -> NamedNode:
        """The dataset as a source (``.../id/source/dataset/<name>``), cited by every record."""
        return NamedNode(SOURCE_PREFIX + self.name)

    @property
    def censored_at(self) -> Literal:
        """``"<data_end>"^^xsd:gYear``."""
        return Literal(str(self.data_end), datatype=XSD.gYear)


@dataclass(frozen=True)
class Skip:
    """A row that produced nothing, and why."""

    row: str
    reason: str


@dataclass
class ImportSummary:
    """What one import did. ``rows_read == rows_used + len(skipped)`` always holds."""

    dataset: str
    graph: str
    rows_read: int = 0
    rows_used: int = 0
    agreements: int = 0
    groups: int = 0
    triples: int = 0
    seconds: float = 0.0
    skipped: list[Skip] = field(default_factory=list)

    def skip(self, row: str, reason: str) -> None:
        """Record a row that is not imported."""
        self.skipped.append(Skip(row, reason))

    @property
    def reasons(self) -> Counter[str]:
        """Skipped rows counted by reason."""
        return Counter(s.reason for s in self.skipped)

    def lines(self) -> list[str]:
        """The summary as printable lines."""
        out = [
            f"{self.dataset}: {self.rows_read} rows read, {self.rows_used} used, "
            f"{len(self.skipped)} skipped; {self.agreements} agreements, {self.groups} treaties, "
            f"{self.triples} triples in <{self.graph}> ({self.seconds:.1f} s)"
        ]
        out += [f"  skipped {n}: {reason}" for reason, n in sorted(self.reasons.items())]
        return out


@dataclass(frozen=True)
class Row:
    """One CSV row: its line number (header is line 1), the line as written, and its fields."""

    file: str
    line: int
    raw: str
    values: dict[str, str]

    @property
    def ref(self) -> str:
        """``<file> row <line>``, as skips and quotes name it."""
        return f"{self.file} row {self.line}"

    @property
    def quote(self) -> str:
        """The row as written in the file, for ``pg:quote``."""
        return f"{self.ref}: {self.raw}"

    def int(self, column: str) -> int | None:
        """A whole number; empty cells and negative missing-value codes give ``None``.

        Negative numbers are codebook sentinels in these datasets (DCAD's -88, -77, -66,
        -99, -56, -57, -58, -44, -55), never quantities.
        """
        text = self.values[column].strip()
        if not text:
            return None
        value = int(float(text))
        return None if value < 0 else value


def read_rows(path: Path) -> list[Row]:
    """Every data row of a CSV file, whatever its line endings.

    ``str.splitlines`` ends lines at LF, CRLF and bare CR alike: COW's country-code file uses
    classic-Mac CR only, ATOP and the COW state files CRLF, the rest LF.
    """
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header = next(csv.reader(lines[:1]))
    rows = []
    for index, (raw, fields) in enumerate(zip(lines[1:], csv.reader(lines[1:]), strict=True)):
        if not raw.strip():
            continue
        rows.append(Row(path.name, index + 2, raw, dict(zip(header, fields, strict=True))))
    return rows


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
