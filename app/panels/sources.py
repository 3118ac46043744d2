"""The sources a panel can draw on, their columns, citations, and coverage as the store says.

One entry per ``--sources`` name. Each dataset source is tied to the :class:`DatasetInfo` of
its importer (name, version, citation), and its coverage is read from the store, from the
``schema:temporalCoverage`` the import wrote on the dataset's source node: a panel describes
the data actually imported, and a source the store does not hold is refused rather than
coded 0. The universe of every panel is COW's state system (:data:`SYSTEM`), which is cited
with whatever sources are chosen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.errors import Conflict, InvalidParameter
from app.ingest.datasets import atop, cow_alliances, cow_states, dcad
from app.ingest.datasets.summary import DatasetInfo
from app.ontology import SPARQL_PREFIXES
from app.store import Store, render

__all__ = [
    "SOURCES",
    "SYSTEM",
    "Column",
    "Coverage",
    "PanelSource",
    "bibtex",
    "coverage",
    "parse_sources",
]


@dataclass(frozen=True)
class Column:
    """A column of a panel: its name, Frictionless type and meaning."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Coverage:
    """The years a source covers, as imported, with its version and citation from the store."""

    start: int | None
    end: int | None
    version: str | None
    citation: str | None

    def covers(self, year: int) -> bool:
        """Whether a cell of ``year`` can be coded from this source (else it is missing)."""
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass(frozen=True)
class PanelSource:
    """A ``--sources`` name: the dataset behind it (``None``: pactgraph's own relations)."""

    key: str
    title: str
    dataset: DatasetInfo | None
    columns: tuple[Column, ...]
    bibtex: str


def _flag(name: str, description: str) -> Column:
    return Column(name, "integer", description)


_ATOP_DIRECTED = (
    "1 if ccode1 took on {what} towards ccode2 in an ATOP 5.1 alliance in force in any part of "
    "the year, as ATOP codes each member's obligations; undirected: in either direction."
)
_PG = (
    "1 if pactgraph's relation {rel} ({label}) held on at least one day of the year, by the "
    "as-of rule every answer uses, from every agreement in the graph (curated news facts, ATOP, "
    "COW, DCAD); 0 means no such agreement is known to pactgraph."
)

#: COW's state system: the universe of every panel, always cited.
SYSTEM = PanelSource(
    "cow-states",
    "COW State System Membership",
    cow_states.INFO,
    (),
    """@misc{cow2017states,
  author = {{Correlates of War Project}},
  title = {State System Membership List, v2016},
  year = {2017},
  url = {https://correlatesofwar.org/}
}""",
)

#: The panel sources by ``--sources`` name, in column order.
SOURCES: dict[str, PanelSource] = {
    s.key: s
    for s in (
        PanelSource(
            "atop",
            "ATOP 5.1",
            atop.INFO,
            (
                _flag("atop_defense", _ATOP_DIRECTED.format(what="a defense obligation")),
                _flag("atop_offense", _ATOP_DIRECTED.format(what="an offense obligation")),
                _flag("atop_neutral", _ATOP_DIRECTED.format(what="a neutrality obligation")),
                _flag("atop_nonagg", _ATOP_DIRECTED.format(what="a non-aggression obligation")),
                _flag("atop_consul", _ATOP_DIRECTED.format(what="a consultation obligation")),
                _flag("atop_any", "1 if any of the five ATOP obligation columns is 1."),
            ),
            """@article{leeds2002atop,
  author = {Leeds, Brett Ashley and Ritter, Jeffrey M. and Mitchell, Sara McLaughlin and Long, Andrew G.},
  title = {Alliance Treaty Obligations and Provisions, 1815--1944},
  journal = {International Interactions},
  volume = {28},
  pages = {237--260},
  year = {2002},
  note = {ATOP version 5.1 data, http://www.atopdata.org/}
}""",  # noqa: E501 - BibTeX fields stay on one line
        ),
        PanelSource(
            "cow",
            "COW Formal Interstate Alliances 4.1",
            cow_alliances.INFO,
            (
                _flag("cow_defense", "1 if the two states shared a COW defense pact (Type I)."),
                _flag("cow_neutral", "1 if they shared a COW neutrality pact."),
                _flag("cow_nonagg", "1 if they shared a COW non-aggression pact."),
                _flag("cow_entente", "1 if they shared a COW entente (consultation)."),
            ),
            """@book{gibler2009alliances,
  author = {Gibler, Douglas M.},
  title = {International Military Alliances, 1648--2008},
  publisher = {CQ Press},
  year = {2009},
  note = {Correlates of War Formal Interstate Alliance Dataset, version 4.1}
}""",
        ),
        PanelSource(
            "dcad",
            "DCAD 1.0",
            dcad.INFO,
            (
                _flag(
                    "dcad_dca",
                    "1 if a DCAD defense cooperation agreement between the two was in force in "
                    "the year (from entry into force, or signature when DCAD gives no entry "
                    "into force, to the end DCAD's duration columns give).",
                ),
                _flag("dcad_signed", "1 if the two signed a DCAD agreement that year."),
            ),
            """@article{kinne2020dcad,
  author = {Kinne, Brandon J.},
  title = {The Defense Cooperation Agreement Dataset ({DCAD})},
  journal = {Journal of Conflict Resolution},
  volume = {64},
  number = {4},
  pages = {729--755},
  year = {2020}
}""",
        ),
        PanelSource(
            "curated",
            "pactgraph relations",
            None,
            tuple(
                column
                for rel, name, label in (
                    ("shares_intelligence_with", "pg_shares_intelligence", "shares intelligence"),
                    ("logistics_partner_of", "pg_logistics", "logistics"),
                    ("defense_cooperation_with", "pg_defense_cooperation", "defense cooperation"),
                    ("strategic_partner_of", "pg_strategic_partner", "strategic partnership"),
                    ("allied_with", "pg_allied", "allies: a defense or offense obligation"),
                )
                for column in (
                    _flag(name, _PG.format(rel=rel, label=label)),
                    Column(
                        f"{name}_days",
                        "integer",
                        f"Days of the year on which {rel} held (the union of the periods of "
                        "every agreement behind it).",
                    ),
                )
            ),
            """@misc{pactgraph,
  title = {pactgraph: a knowledge graph of defense diplomacy},
  note = {Curated agreements with dated sources, and relations derived from ATOP, COW and DCAD}
}""",
        ),
    )
}

#: The pactgraph relation behind each ``pg_`` column.
PG_RELATIONS: dict[str, str] = {
    "pg_shares_intelligence": "shares_intelligence_with",
    "pg_logistics": "logistics_partner_of",
    "pg_defense_cooperation": "defense_cooperation_with",
    "pg_strategic_partner": "strategic_partner_of",
    "pg_allied": "allied_with",
}


def parse_sources(text: str | Iterable[str] | None) -> list[PanelSource]:
    """``"atop,cow"`` (or a list of names) as sources in column order; ``None``: all.

    :raises InvalidParameter: an unknown name (the error lists the valid ones), or none at all.
    """
    if text is None:
        return list(SOURCES.values())
    names = text.split(",") if isinstance(text, str) else list(text)
    names = [n.strip().lower() for n in names if n.strip()]
    unknown = [n for n in names if n not in SOURCES]
    if unknown or not names:
        raise InvalidParameter(
            f"unknown source {unknown[0]!r}; valid sources: {', '.join(SOURCES)}"
            if unknown
            else f"no source named; valid sources: {', '.join(SOURCES)}",
            parameter="sources",
            valid=list(SOURCES),
        )
    return [s for key, s in SOURCES.items() if key in names]


_DESCRIPTION = (
    SPARQL_PREFIXES
    + """
SELECT ?coverage ?version ?citation WHERE {
  $source schema:temporalCoverage ?coverage .
  OPTIONAL { $source schema:version ?version }
  OPTIONAL { $source schema:citation ?citation }
}"""
)


def coverage(store: Store, source: PanelSource) -> Coverage:
    """The coverage of ``source`` as imported in ``store``.

    pactgraph's own relations have no horizon (``start`` and ``end`` are ``None``).

    :raises Conflict: the store holds no import of the source's dataset.
    """
    if source.dataset is None:
        return Coverage(None, None, None, None)
    rows = store.select(render(_DESCRIPTION, {"source": source.dataset.source}))
    if not rows and source is SYSTEM:
        raise Conflict(
            "COW's state system, the universe of every panel, is not imported in this store; "
            "import it with `pactgraph import cow-states DIR`",
            parameter="sources",
        )
    if not rows:
        raise Conflict(
            f"source {source.key!r} ({source.title}) is not imported in this store; import it "
            f"with `pactgraph import` or leave it out of sources",
            parameter="sources",
        )
    start, end = rows[0]["coverage"].value.split("/")
    version = rows[0]["version"].value if "version" in rows[0] else None
    citation = rows[0]["citation"].value if "citation" in rows[0] else None
    return Coverage(int(start), int(end), version, citation)


def bibtex(sources: Iterable[PanelSource]) -> str:
    """BibTeX for ``sources`` and for COW's state system, the universe of every panel."""
    return "\n\n".join(s.bibtex for s in (*sources, SYSTEM)) + "\n"
