"""Scoring the extractor against a gold set: precision and recall per event type.

A gold file (YAML) holds an article (``text``, or ``seed``: a file of the seed directory),
its ``published`` date and the ``expected`` candidates. A candidate is correct when its
parties, event type and date equal an expected one's and its agreement type is the expected
type or narrower (in its SKOS branch); each expected fact is matched once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.extract.extractor import Candidate
from app.extract.lexicon import Lexicon


@dataclass(frozen=True)
class Expected:
    """A fact a gold text states."""

    parties: tuple[str, ...]
    event_type: str
    agreement_type: str
    date: str


@dataclass(frozen=True)
class GoldText:
    """One text of the gold set and what the extractor should find in it."""

    name: str
    text: str
    published: str | None
    expected: list[Expected]


@dataclass
class Score:
    """Counts per event type: true positives, false positives, false negatives."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[str, str]] = field(default_factory=list)

    def add(
        self, name: str, expected: list[Expected], found: Iterable[Candidate], lexicon: Lexicon
    ) -> None:
        """Match ``found`` to ``expected`` one to one and count the outcome."""
        left = list(expected)
        for c in found:
            hit = next(
                (
                    e
                    for e in left
                    if e.parties == c.parties
                    and e.event_type == c.event_type
                    and e.date == c.date
                    and lexicon.within(c.agreement_type, e.agreement_type)
                ),
                None,
            )
            if hit is None:
                self.fp[c.event_type] += 1
                self.misses.append((name, f"false positive: {_show(c)}"))
            else:
                left.remove(hit)
                self.tp[c.event_type] += 1
        for e in left:
            self.fn[e.event_type] += 1
            self.misses.append((name, f"missed: {_show(e)}"))

    def rows(self) -> list[tuple[str, int, int, int, float, float]]:
        """``(event type, tp, fp, fn, precision, recall)`` per type, then ``overall``."""
        types = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        result = [self._row(t, self.tp[t], self.fp[t], self.fn[t]) for t in types]
        total = self._row(
            "overall", sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        )
        return [*result, total]

    @staticmethod
    def _row(name: str, tp: int, fp: int, fn: int) -> tuple[str, int, int, int, float, float]:
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        return (name, tp, fp, fn, precision, recall)

    @property
    def precision(self) -> float:
        """Overall precision."""
        return self.rows()[-1][4]

    @property
    def recall(self) -> float:
        """Overall recall."""
        return self.rows()[-1][5]


def _show(c: Candidate | Expected) -> str:
    return f"{c.event_type} {'-'.join(c.parties)} {c.agreement_type} {c.date}"


def load_gold(directory: Path, seeds: Path | None) -> list[GoldText]:
    """The gold texts of ``directory``; seed texts are read from ``seeds`` (skipped if None)."""
    import yaml

    texts = []
    for path in sorted(directory.glob("*.yaml")):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "seed" in data:
            if seeds is None or not (seeds / data["seed"]).is_file():
                continue
            text = (seeds / data["seed"]).read_text(encoding="utf-8")
        else:
            text = data["text"]
        expected = [
            Expected(
                tuple(sorted(e["parties"])), e["event_type"], e["agreement_type"], str(e["date"])
            )
            for e in data["expected"]
        ]
        published = str(data["published"]) if data.get("published") else None
        texts.append(GoldText(path.stem, text, published, expected))
    return texts


__all__ = ["Expected", "GoldText", "Score", "load_gold"]
