"""What an import says about itself: the dataset's description, the rows it skipped and why,
and the summary the CLI prints and the store keeps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from app.graphs import DATASET_GRAPH_PREFIX
from app.ingest.datasets.naming import SOURCE_PREFIX
from app.vocab import XSD

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
