"""Where a page may link an IRI to: our own page, an http(s) URL, or nowhere.

IRIs come from the store, and a token holder can store any IRI (``<javascript:alert(1)//>``
parses as Turtle). Every ``href`` a template writes goes through :func:`href` (the ``href``
filter of :data:`app.views.templating.TEMPLATES`), so a scheme that runs code or carries a
document (``javascript:``, ``data:``, ``vbscript:``, anything but http(s)) is shown as text
and never becomes a link. The explore panel's script applies the same rule (``safeHref``).
"""

from __future__ import annotations

from app.ontology import ID_NS

__all__ = ["href", "local_href"]

_WEB = ("http://", "https://")


def local_href(iri: str) -> str | None:
    """The path this service dereferences an IRI at, or None for IRIs of other sites."""
    return "/id/" + iri.removeprefix(ID_NS) if iri.startswith(ID_NS) else None


def href(target: str) -> str | None:
    """The link for ``target``: our page for our IRIs, http(s) URLs as they are, else None.

    Relative links (``/path``, ``#fragment``) pass: they stay on this site. A browser reads a
    scheme after stripping leading spaces and control characters and ignoring tabs and line
    breaks anywhere, so only a target whose first characters are literally ``http://`` or
    ``https://`` (any case) counts as a web link; ``//host`` and everything else is refused.

    Examples
    --------
    >>> href("https://w3id.org/pactgraph/id/state/KOR")
    '/id/state/KOR'
    >>> href("https://example.org/a"), href("#b-1")
    ('https://example.org/a', '#b-1')
    >>> href("javascript:alert(1)//") is None, href(" java\\tscript:x") is None
    (True, True)
    """
    local = local_href(target)
    if local is not None:
        return local
    if target[:1] == "#" or (target[:1] == "/" and target[1:2] not in ("/", "\\")):
        return target
    return target if target[:8].lower().startswith(_WEB) else None
