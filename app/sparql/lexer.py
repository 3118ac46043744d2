"""A SPARQL tokenizer, enough to inspect a request before any engine sees it.

The safety checks must not be fooled by text: ``SERVICE`` inside a string, an IRI, a comment,
a variable (``?service``) or a prefixed name (``ex:SERVICE``) is not the keyword. The scanner
follows the terminals of the SPARQL 1.1 grammar (strings with their escapes, IRIREF, PNAME,
VAR, LANGTAG, comments) and reports every bare word as a keyword candidate, with its offset.
Syntax errors are left to the engine, which reports them with a position; this module never
rejects a request for its syntax.

>>> [t.text for t in keywords('SELECT * { ?s ex:SERVICE "SERVICE" } # SERVICE')]
['SELECT']
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from app.errors import Forbidden, InvalidParameter

_PN = r"\w\-\u00B7\u00C0-\uFFFF"  # PN_CHARS of the grammar, roughly
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u00C0-\uFFFF]+)
  | (?P<bnode>_:[PN.]*)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][PN.]*)?:(?:[PN.:]|%[0-9A-Fa-f]{2}|\\.)*)
  | (?P<word>[A-Za-z\u00C0-\uFFFF][PN]*)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<other>.)
    """.replace("PN", _PN),
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """A significant token: its kind (``word``, ``iri``, ``string``, ...), text and offset."""

    kind: str
    text: str
    start: int

    def is_keyword(self, *names: str) -> bool:
        """True for a bare word equal (ignoring case) to one of ``names``."""
        return self.kind == "word" and self.text.upper() in names


def tokens(text: str) -> Iterator[Token]:
    """Significant tokens of ``text`` (whitespace and comments dropped)."""
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        assert kind is not None
        if kind not in ("ws", "comment"):
            yield Token(kind, match.group(), match.start())


def keywords(text: str) -> list[Token]:
    """The bare words of ``text``: keywords, function names, ``a``, ``true``..."""
    return [t for t in tokens(text) if t.kind == "word"]


def check_no_remote_access(text: str, allow_service: bool) -> None:
    """Refuse ``SERVICE`` (federation) and ``LOAD`` unless the configuration allows them.

    Either makes the server fetch a URL chosen by the caller, which could be an internal
    address: they are refused by default.

    :raises Forbidden: the text uses one of them and ``allow_service`` is false.
    """
    if allow_service:
        return
    for token in keywords(text):
        if token.is_keyword("SERVICE", "LOAD"):
            raise Forbidden(
                f"{token.text.upper()} is disabled on this server (at offset {token.start}): "
                "it would make the server fetch remote URLs. Query the local data only, or "
                "ask the operator to set PACTGRAPH_ALLOW_SERVICE=true.",
                keyword=token.text.upper(),
            )


def add_using(update: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """Apply the protocol's ``using-graph-uri``/``using-named-graph-uri`` to an update.

    The protocol defines them as ``USING``/``USING NAMED`` clauses on every operation that has
    a ``WHERE`` clause; an update that names its own dataset (``USING``, ``WITH``) cannot take
    them as well (SPARQL 1.1 Protocol, 2.2.3).

    :raises InvalidParameter: the update has its own ``USING`` or ``WITH``.
    """
    if not using and not using_named:
        return update
    clause = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named])
    depth = 0
    previous: Token | None = None
    inserts: list[int] = []
    for token in tokens(update):
        if token.is_keyword("USING", "WITH"):
            raise InvalidParameter(
                f"the update has its own {token.text.upper()} clause: it cannot also take "
                "using-graph-uri or using-named-graph-uri",
                parameter="using-graph-uri",
            )
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif (
            depth == 0
            and token.is_keyword("WHERE")
            # DELETE WHERE has no dataset clause in the grammar.
            and (previous is None or not previous.is_keyword("DELETE"))
        ):
            inserts.append(token.start)
        previous = token
    for offset in reversed(inserts):
        update = f"{update[:offset]}{clause} {update[offset:]}"
    return update
