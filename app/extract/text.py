"""Article text from what a user pastes or uploads: plain text as it is, HTML through trafilatura.

trafilatura keeps the article's main text and drops scripts, navigation and markup; the
extractor then works on that text, and every candidate's offsets point into it (the API returns
it beside the candidates, so a page can highlight them). Nothing here fetches a URL.
"""

from __future__ import annotations

import re

from app.errors import PayloadTooLarge

#: Longest text extracted (characters): ten times a long feature article.
MAX_CHARS = 200_000

_HTML = re.compile(r"<(?:!doctype|html|head|body|article|p|div|span|br|h[1-6])\b", re.I)


def looks_like_html(body: str) -> bool:
    """True when ``body`` is an HTML document or fragment rather than plain text."""
    return _HTML.search(body[:4096]) is not None


def article_text(body: str, html: bool | None = None) -> str:
    """The plain text of an article; ``html=None`` decides by looking at ``body``.

    :raises PayloadTooLarge: the text is longer than :data:`MAX_CHARS`.
    """
    if len(body) > MAX_CHARS * 5:
        raise PayloadTooLarge(f"the article is longer than {MAX_CHARS * 5} characters")
    if html is None:
        html = looks_like_html(body)
    text = _html_text(body) if html else body
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if len(text) > MAX_CHARS:
        raise PayloadTooLarge(f"the article text is longer than {MAX_CHARS} characters")
    return text


def _html_text(body: str) -> str:
    import trafilatura

    extracted = trafilatura.extract(
        body, include_comments=False, include_tables=False, favor_recall=True
    )
    if extracted:
        return str(extracted)
    # Too short for trafilatura's main-text heuristics (a pasted fragment): all its text.
    return str(trafilatura.html2txt(body) or "")


__all__ = ["MAX_CHARS", "article_text", "looks_like_html"]
