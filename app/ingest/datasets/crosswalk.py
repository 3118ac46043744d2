"""One crosswalk of state identifiers, used by every dataset importer.

The datasets name states by Correlates of War (COW) numeric codes (COW alliances, ATOP's
``member``, DCAD's ``ccode1/2``) and sometimes by COW letter codes, which are not ISO codes
(``SWZ`` is Switzerland in COW and Eswatini in ISO; DCAD even spells South Korea ``ROK`` and
``KOR``). Importers therefore key on the numeric code only and map it here to the state IRI
``.../id/state/<KEY>``.

How a key is chosen (the table, ``crosswalk.csv`` beside this module and shipped as package
data, is the maintainers' own knowledge, not copied data; ``tests/datasets/test_crosswalk.py``
checks it covers every code in the datasets):

1. A state that exists today gets its ISO 3166-1 alpha-3 code (``732`` → ``KOR``), also
   across COW's continuity decisions, which we follow and document: COW 365 is Russia
   throughout (the Russian Empire, the Soviet Union and the Russian Federation are one
   continuing state, as the Russian Federation claims and the UN accepted), COW 255 is
   Germany throughout (Prussia, the German Empire and Reich, and united Germany after 1990),
   COW 260 (the German Federal Republic, 1955-1990) is Germany too (ISO gave West Germany
   ``DEU``; united Germany is the same legal person), COW 816 (North Vietnam from 1954) is
   Vietnam, COW 341 is Montenegro (including the kingdom of 1912-1918).
2. A former state with an ISO 3166-3 code keeps it and is a ``pg:FormerState``: the German
   Democratic Republic (265 → ``DDR``), Czechoslovakia (315 → ``CSK``), Yugoslavia (345 from
   1 December 1918 to 5 June 2006, including the Federal Republic of Yugoslavia and Serbia and
   Montenegro → ``YUG``), South Yemen (680 → ``YMD``).
3. Any other former state gets ``COW-<COW letter code>``: the German and Italian states
   before unification (``COW-BAV`` Bavaria, ``COW-BAD`` Baden, ``COW-SAX``, ``COW-WRT``,
   ``COW-HAN``, ``COW-HSE``, ``COW-HSG``, ``COW-MEC``, ``COW-PAP``, ``COW-SIC``, ``COW-MOD``,
   ``COW-PMA``, ``COW-TUS``), Austria-Hungary (``COW-AUH``), Korea before 1905
   (``COW-KOR``), Zanzibar (``COW-ZAN``), North Yemen (``COW-YAR``) and South Vietnam
   (``COW-RVN``): none of them is merged with a modern state.
4. Kosovo (347) has no ISO code; it gets ``XKX``, the code the EU and IMF use.

COW 345 is the one code whose state changes with the date (Serbia, then Yugoslavia, then
Serbia again): :func:`segments` splits a dated spell at those dates. Codes not in the table
(ATOP's 8152, a non-member entity) raise :class:`UnknownStateCode`; importers report them.

Wikidata items are given where the maintainers are sure of them; ``None`` otherwise.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from importlib.resources import files

from pyoxigraph import NamedNode

from app.ontology import ID_NS

__all__ = [
    "CROSSWALK",
    "CowCode",
    "StateRef",
    "UnknownStateCode",
    "lookup",
    "segments",
]


@dataclass(frozen=True)
class StateRef:
    """A state as the graph names it."""

    key: str
    name: str
    iso2: str | None
    iso3: str | None
    wikidata: str | None
    former: bool

    @property
    def iri(self) -> NamedNode:
        """``.../id/state/<key>``."""
        return NamedNode(f"{ID_NS}state/{self.key}")


@dataclass(frozen=True)
class CowCode:
    """A COW state code and the state(s) it denotes, each until a date (exclusive)."""

    ccode: int
    abbrev: str
    spans: tuple[tuple[dt.date | None, StateRef], ...]

    def state_on(self, day: dt.date | None) -> StateRef:
        """The state the code denotes on ``day`` (``None``: its first state)."""
        for until, ref in self.spans:
            if day is None or until is None or day < until:
                return ref
        return self.spans[-1][1]


class UnknownStateCode(LookupError):
    """A dataset uses a code that is not a COW state code."""

    def __init__(self, ccode: int) -> None:
        super().__init__(f"ccode {ccode} is not a Correlates of War state code")
        self.ccode = ccode


_YUGOSLAVIA = StateRef("YUG", "Yugoslavia", "YU", "YUG", "Q36704", True)
#: Kingdom of Serbs, Croats and Slovenes proclaimed; Montenegro's independence took effect.
_YUG_FROM = dt.date(1918, 12, 1)
_YUG_UNTIL = dt.date(2006, 6, 5)


def _parse() -> dict[int, CowCode]:
    """Read ``crosswalk.csv`` (package data next to this module).

    Columns: ``ccode``, ``cow`` (COW letters), ``key``, ``iso2``, ``wikidata``, ``name`` and
    ``former`` (``F`` for a former state); an empty cell is "none".
    """
    table: dict[int, CowCode] = {}
    text = files("app.ingest.datasets").joinpath("crosswalk.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(io.StringIO(text)):
        ccode, abbrev, key = row["ccode"], row["cow"], row["key"]
        iso2, wikidata, name = row["iso2"], row["wikidata"], row["name"]
        former = row["former"] == "F"
        iso3 = None if key.startswith("COW-") or key == "XKX" else key
        ref = StateRef(key, name, iso2 or None, iso3, wikidata or None, former)
        spans: tuple[tuple[dt.date | None, StateRef], ...] = ((None, ref),)
        if ccode == "345":
            spans = ((_YUG_FROM, ref), (_YUG_UNTIL, _YUGOSLAVIA), (None, ref))
        table[int(ccode)] = CowCode(int(ccode), abbrev, spans)
    return table


#: COW numeric code → :class:`CowCode`.
CROSSWALK: dict[int, CowCode] = _parse()


def lookup(ccode: int) -> CowCode:
    """The crosswalk entry of a COW code.

    :raises UnknownStateCode: the code is not in the table.
    """
    try:
        return CROSSWALK[ccode]
    except KeyError:
        raise UnknownStateCode(ccode) from None


def segments(
    ccode: int, start: dt.date, end: dt.date | None
) -> list[tuple[StateRef, dt.date, dt.date | None]]:
    """Split the spell ``[start, end)`` of a code where the state it denotes changes.

    >>> [(ref.key, str(s), str(e)) for ref, s, e in segments(345, dt.date(1990, 1, 1), None)]
    [('YUG', '1990-01-01', '2006-06-05'), ('SRB', '2006-06-05', 'None')]
    """
    entry = lookup(ccode)
    result: list[tuple[StateRef, dt.date, dt.date | None]] = []
    lower = start
    for until, ref in entry.spans:
        if until is not None and until <= lower:
            continue
        upper = until if until is not None and (end is None or until < end) else end
        result.append((ref, lower, upper))
        if upper is None or upper == end:
            break
        lower = upper
    return result
