"""From news to facts: candidate lifecycle events extracted from article text, offline.

:func:`extract_article` is what the CLI (``pactgraph extract``), the API (``POST
/api/v1/extract``) and the review page call: the article's text (HTML through trafilatura),
the candidates the rules find in it (:mod:`app.extract.extractor`) with the agreement each
would update (:mod:`app.extract.matching`), less those a reviewer rejected
(:mod:`app.extract.review`).
"""

from __future__ import annotations

from app.extract.dates import PartialDate, parse_partial
from app.extract.extractor import Candidate, Extraction, extractor_for
from app.extract.lexicon import Lexicon, lexicon_for
from app.extract.matching import match_candidates
from app.extract.review import Accepted, Article, Rejection, accept, reject, rejected_keys
from app.extract.text import article_text
from app.store import Store


def extract_article(
    store: Store, body: str, published: str | None = None, html: bool | None = None
) -> Extraction:
    """Candidates of one article, matched to the store's agreements, rejected ones left out.

    :raises InvalidParameter: ``published`` is not YYYY-MM-DD, YYYY-MM or YYYY.
    :raises PayloadTooLarge: the article is too long.
    """
    reference = parse_partial(published) if published else None
    text = article_text(body, html)
    lexicon = lexicon_for(store)
    found = extractor_for(lexicon).extract(text, reference)
    rejected = rejected_keys(store)
    kept = match_candidates(store, [c for c in found if c.key not in rejected], lexicon)
    return Extraction(text=text, published=reference.iso() if reference else None, candidates=kept)


__all__ = [
    "Accepted",
    "Article",
    "Candidate",
    "Extraction",
    "Lexicon",
    "PartialDate",
    "Rejection",
    "accept",
    "extract_article",
    "lexicon_for",
    "reject",
]
