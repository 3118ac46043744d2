"""The extractor on the gold set: the issue's targets, and the curated facts of every seed."""

from __future__ import annotations

import os

import pytest

from app.extract.dates import parse_partial
from app.extract.extractor import Extractor
from app.extract.lexicon import Lexicon
from app.extract.scoring import Score, load_gold
from tests.extract.conftest import GOLD, SEEDS


def score_gold(extractor: Extractor, lexicon: Lexicon) -> Score:
    score = Score()
    for gold in load_gold(GOLD, SEEDS if SEEDS.is_dir() else None):
        published = parse_partial(gold.published) if gold.published else None
        score.add(gold.name, gold.expected, extractor.extract(gold.text, published), lexicon)
    return score


def test_gold_set_holds_the_seeds_and_at_least_25_written_texts() -> None:
    texts = list(GOLD.glob("*.yaml"))
    seeds = [p for p in texts if p.name.startswith("seed-")]
    assert len(seeds) == 5 and len(texts) - len(seeds) >= 25
    assert sum(1 for p in texts if p.name.startswith("none-")) >= 8


def test_precision_and_recall_meet_the_targets(extractor: Extractor, lexicon: Lexicon) -> None:
    score = score_gold(extractor, lexicon)
    assert score.precision >= 0.9, score.misses
    assert score.recall >= 0.8, score.misses


@pytest.mark.skipif(
    not SEEDS.is_dir() and os.environ.get("CI") != "true", reason="no ../shared/seeds"
)
def test_every_curated_seed_fact_is_found(extractor: Extractor, lexicon: Lexicon) -> None:
    score = Score()
    for gold in load_gold(GOLD, SEEDS):
        if gold.name.startswith("seed-"):
            published = parse_partial(gold.published) if gold.published else None
            score.add(gold.name, gold.expected, extractor.extract(gold.text, published), lexicon)
    assert sum(score.tp.values()) == 26  # every expectation of the five seed files
    assert not score.misses, score.misses
