"""Benchmark: the article extractor's quality on the gold set, and its speed.

Quality: every text of ``tests/extract/gold/`` (the five seeds, read from ``../shared/seeds``
or ``--seeds``, and the written texts) goes through the extractor; a candidate is correct when
parties, event type and date equal an expected fact's and its agreement type is the expected one
or narrower. Prints true/false positives, misses, precision and recall per event type and
overall, then every miss.

Speed: a 1,000-word article (the seeds and gold texts concatenated and cut at 1,000 words) is
extracted repeatedly; the baseline is spaCy's blank pipeline alone (tokenizer and sentencizer)
on the same text, measured in the same run, so the ratio says what the rules, lexicons and dates
cost on top of reading the text. Cold start (spaCy import and matcher build) is printed once.

    .venv/bin/python bench/extract.py [--seeds DIR] [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.extract.dates import parse_partial  # noqa: E402
from app.extract.extractor import extractor_for  # noqa: E402
from app.extract.lexicon import lexicon_for  # noqa: E402
from app.extract.scoring import Score, load_gold  # noqa: E402
from app.ingest.bundle import ensure_bundle  # noqa: E402
from app.store import EmbeddedStore  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    store = EmbeddedStore(None)
    ensure_bundle(store, ROOT)
    started = time.perf_counter()
    lexicon = lexicon_for(store)
    extractor = extractor_for(lexicon)
    cold = time.perf_counter() - started

    gold = load_gold(
        ROOT / "tests" / "extract" / "gold", args.seeds if args.seeds.is_dir() else None
    )
    score = Score()
    for text in gold:
        published = parse_partial(text.published) if text.published else None
        score.add(text.name, text.expected, extractor.extract(text.text, published), lexicon)
    seeds = sum(1 for t in gold if t.name.startswith("seed-"))
    print(
        f"gold set: {len(gold)} texts ({seeds} seeds), {sum(len(t.expected) for t in gold)} facts"
    )
    print(f"{'event type':<28} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>7}")
    for name, tp, fp, fn, precision, recall in score.rows():
        print(f"{name:<28} {tp:>4} {fp:>4} {fn:>4} {precision:>10.2f} {recall:>7.2f}")
    for name, miss in score.misses:
        print(f"  {name}: {miss}")

    words = " ".join(t.text for t in gold).split()
    article = " ".join((words * (1 + 1000 // max(1, len(words))))[:1000])
    published = parse_partial("2019-09-02")
    tokenize = [_time(lambda: list(extractor.nlp(article).sents)) for _ in range(args.repeat)]
    extract = [_time(lambda: extractor.extract(article, published)) for _ in range(args.repeat)]
    base, full = statistics.median(tokenize), statistics.median(extract)
    print(f"\ncold start (spaCy import, lexicon, matchers): {cold * 1000:.0f} ms")
    print(f"{'1,000-word article':<36} {'median ms':>10} {'ratio':>6}")
    print(f"{'spaCy blank pipeline (baseline)':<36} {base * 1000:>10.1f} {1.0:>6.1f}")
    print(f"{'extract (rules, lexicons, dates)':<36} {full * 1000:>10.1f} {full / base:>6.1f}")


def _time(run: object) -> float:
    started = time.perf_counter()
    run()  # type: ignore[operator]
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
