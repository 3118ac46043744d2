"""A SPARQL tokenizer, enough to write the protocol's USING graphs into an update.

It serves the protocol only (``using-graph-uri`` becomes ``USING`` before each ``WHERE``), never
a security decision: those are taken on the parsed text (:mod:`app.sparql.guard`), since a
tokenizer that sees escapes differently from the engine can be fooled. The scanner follows the
terminals of the SPARQL 1.1 grammar (strings with their escapes, IRIREF, PNAME, VAR, LANGTAG,
comments) and reports every bare word as a keyword candidate, with its offset. Syntax errors
are left to the engine, which reports them with a position.

>>> [t.text for t in keywords('SELECT * { ?s ex:SERVICE "SERVICE" } # SERVICE')]
['SELECT']
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from app.errors import InvalidParameter

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


def check_dataset_conflict(update: str, using: Sequence[str], using_named: Sequence[str]) -> None:
    """Refuse protocol USING graphs for an update that names its own dataset.

    An update with its own ``USING``/``WITH`` cannot also take ``using-graph-uri`` or
    ``using-named-graph-uri`` (SPARQL 1.1 Protocol, 2.2.3).

    :raises InvalidParameter: both are given.
    """
    if not using and not using_named:
        return
    for token in keywords(update):
        if token.is_keyword("USING", "WITH"):
            raise InvalidParameter(
                f"the update has its own {token.text.upper()} clause: it cannot also take "
                "using-graph-uri or using-named-graph-uri",
                parameter="using-graph-uri",
            )


def add_using(update: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """Apply the protocol's ``using-graph-uri``/``using-named-graph-uri`` to an update text.

    The protocol defines them as ``USING``/``USING NAMED`` clauses on every operation that has
    a ``WHERE`` clause, which is where they are written (for engines without the parameters).

    :raises InvalidParameter: the update has its own ``USING`` or ``WITH``.
    """
    check_dataset_conflict(update, using, using_named)
    if not using and not using_named:
        return update
    clause = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named])
    depth = 0
    previous: Token | None = None
    inserts: list[int] = []
    for token in tokens(update):
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
