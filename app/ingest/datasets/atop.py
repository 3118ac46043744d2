"""ATOP 5.1 member-level file (``pactgraph import atop FILE``, FILE = ``atop5_1m.csv``).

One row per member per alliance phase (CRLF line endings). Same representation as COW
(:mod:`app.ingest.datasets.cow_alliances`):

* ``.../agreement/atop/<atopid>`` is the alliance as a whole (``a pg:Alliance``), labelled by
  :func:`alliance_label` (the curated graph names known treaties through ``pg:sameTreatyAs``
  instead): every member, the obligation types any member took on, the earliest entry and the
  latest exit, its rows as citation, and ``pg:sameTreatyAs`` the COW alliance named in
  ``cow4id`` (COW's version4id).
* ``.../agreement/atop/<atopid>/<ccode1>-<ccode2>`` (``/p<phase>`` added for alliances with
  phases) is one ``pg:Agreement`` per pair of members of one phase whose spells overlap, from
  the later entry to the earlier exit, so members that join, leave or change obligations in a
  later phase are answered correctly as of any date.
* Types: ``defense``, ``offense``, ``neutral``, ``nonagg``, ``consul`` → pg:DefenseObligation,
  pg:OffenseObligation, pg:NeutralityObligation, pg:NonAggressionObligation,
  pg:ConsultationObligation. A pair's agreement carries every type either member took on;
  when the two members' obligations differ (ATOP 3220: the United States promised defense,
  Japan only consultation), each obligation is also a ``pg:obligation`` node with its
  ``pg:obligor``, ``pg:beneficiary`` and ``pg:conditional`` (from defcon/offcon/neucon/concon).
* ``yrexit = 0`` means still in force at the end of the data (2018): no ``pg:inForceUntil``,
  ``pg:censoredAt "2018"^^xsd:gYear``.
* A member code that is no COW state (``8152`` in alliance 1320) is reported, and so is the
  partner left without anyone to pair with.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from pathlib import Path

from pyoxigraph import Literal, NamedNode

from app.ingest.datasets.builder import GraphBuilder, overlap, resolve_members
from app.ingest.datasets.crosswalk import StateRef
from app.ingest.datasets.dates import PartialDate, Spell
from app.ingest.datasets.naming import AGREEMENT_PREFIX, alliance_iri
from app.ingest.datasets.rows import Row, read_rows
from app.ingest.datasets.summary import DatasetInfo, ImportSummary, ProgressFn
from app.ontology import PG
from app.vocab import DCT, RDF, XSD

INFO = DatasetInfo(
    name="atop-5.1",
    title="Alliance Treaty Obligations and Provisions (ATOP), member-level file",
    version="5.1",
    publisher="ATOP project (Brett Ashley Leeds et al.)",
    citation="Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. "
    "Long. 2002. Alliance Treaty Obligations and Provisions, 1815-1944. International "
    "Interactions 28: 237-260; with the ATOP 5.1 codebook.",
    rights="No licence file. ATOP data are free to download from atopdata.org and must be cited.",
    url="http://www.atopdata.org/",
    data_start=1815,
    data_end=2018,
)
FILES = ("atop5_1m.csv",)

#: Obligation columns in words, strongest first, for the alliance's fallback label.
KIND_WORDS = {
    "defense": "defense",
    "offense": "offense",
    "neutral": "neutrality",
    "nonagg": "non-aggression",
    "consul": "consultation",
}

#: Obligation column → (concept, column saying the obligation is conditional).
OBLIGATIONS: dict[str, tuple[NamedNode, str | None]] = {
    "defense": (PG.DefenseObligation, "defcon"),
    "offense": (PG.OffenseObligation, "offcon"),
    "neutral": (PG.NeutralityObligation, "neucon"),
    "nonagg": (PG.NonAggressionObligation, None),
    "consul": (PG.ConsultationObligation, "concon"),
}

Member = tuple[Row, StateRef, PartialDate, PartialDate | None]


def _spell(row: Row) -> Spell:
    start = PartialDate.of(row.int("yrent"), row.int("moent"), row.int("dayent"))
    if start is None:
        raise ValueError(f"{row.ref} has no entry year")
    # yrexit = 0: still a member at the end of the data.
    return Spell(start, PartialDate.of(row.int("yrexit"), row.int("moexit"), row.int("dayexit")))


def _obligations(row: Row) -> dict[str, bool]:
    """Obligation columns set to 1 → conditional or not."""
    return {
        column: bool(cond and row.int(cond))
        for column, (_, cond) in OBLIGATIONS.items()
        if row.int(column) == 1
    }


def build(path: Path, builder: GraphBuilder, summary: ImportSummary, progress: ProgressFn) -> None:
    """Map ``atop5_1m.csv`` (in directory ``path``) into ``builder``."""
    rows = read_rows(path / FILES[0])
    summary.rows_read = len(rows)
    by_alliance: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        atopid = row.int("atopid")
        assert atopid is not None, f"{row.ref} has no atopid"
        by_alliance[atopid].append(row)
    done = 0
    for atopid, alliance_rows in sorted(by_alliance.items()):
        _alliance(atopid, alliance_rows, builder, summary)
        done += len(alliance_rows)
        progress("ATOP", done, len(rows))
    summary.groups = len(by_alliance)


def alliance_label(atopid: int, rows: list[Row]) -> str:
    """The fallback label of an alliance, for when the curated graph does not name the treaty.

    Obligation kinds in words, the number of members, the first entry and the last exit; the
    range is open ("1976\N{EN DASH}") when a member was still in at the end of the data, as in
    "ATOP 3755 (non-aggression, 34 members, 1976\N{EN DASH})".
    """
    kinds = [word for column, word in KIND_WORDS.items() if any(r.int(column) == 1 for r in rows)]
    members = len({r.values["member"] for r in rows})
    spells = [_spell(r) for r in rows]
    first = min(s.start.year for s in spells)
    ends = [s.end for s in spells]
    last = "" if None in ends else str(max(e.year for e in ends if e))
    return f"ATOP {atopid} ({', '.join([*kinds, f'{members} members'])}, {first}\N{EN DASH}{last})"


def _alliance(atopid: int, rows: list[Row], builder: GraphBuilder, summary: ImportSummary) -> None:
    node = NamedNode(f"{AGREEMENT_PREFIX}atop/{atopid}")
    label = alliance_label(atopid, rows)
    resolved = list(
        resolve_members(summary, [(r, int(r.values["member"]), _spell(r)) for r in rows])
    )
    used: set[int] = set()
    by_phase: dict[int, list[Member]] = defaultdict(list)
    for member in resolved:
        by_phase[member[0].int("phase") or 0].append(member)
    for phase, members in sorted(by_phase.items()):
        used |= _pairs(label, atopid, phase, members, node, builder, summary)
    for row in rows:
        if id(row) in used:
            summary.rows_used += 1
        elif any(member[0] is row for member in resolved):
            summary.skip(row.ref, "no other member of the alliance phase overlaps its spell")
    refs = [ref for _, ref, _, _ in resolved]
    spells = [_spell(r) for r in rows]
    start = min((s.start for s in spells), key=lambda d: d.first_day)
    ends = [s.end for s in spells]
    end = None if None in ends else max((e for e in ends if e), key=lambda d: d.first_day)
    builder.alliance(
        node,
        label,
        refs,
        [OBLIGATIONS[c][0] for r in rows for c in _obligations(r)],
        Spell(start, end),
        rows,
    )
    cow = rows[0].int("cow4id")
    if cow is not None:
        builder.add(node, PG.sameTreatyAs, alliance_iri(cow))
        builder.add(alliance_iri(cow), PG.sameTreatyAs, node)


def _pairs(
    label: str,
    atopid: int,
    phase: int,
    members: list[Member],
    alliance: NamedNode,
    builder: GraphBuilder,
    summary: ImportSummary,
) -> set[int]:
    """One agreement per overlapping pair of members; returns the ids of the rows used."""
    used: set[int] = set()
    seen: dict[str, int] = defaultdict(int)
    ordered = sorted(members, key=lambda m: int(m[0].values["member"]))
    for first, second in combinations(ordered, 2):
        (row_a, a, a_start, a_end), (row_b, b, b_start, b_end) = first, second
        if row_a is row_b or a.key == b.key:
            continue  # one member's own spells (a re-entry, or a crosswalk split)
        common = overlap((a_start, a_end), (b_start, b_end))
        if common is None:
            continue
        c1, c2 = row_a.values["member"], row_b.values["member"]
        slug = f"{AGREEMENT_PREFIX}atop/{atopid}/{c1}-{c2}" + (f"/p{phase}" if phase else "")
        seen[slug] += 1
        node = NamedNode(slug if seen[slug] == 1 else f"{slug}/{seen[slug]}")
        _agreement(node, label, (row_a, a), (row_b, b), common, alliance, builder)
        summary.agreements += 1
        used |= {id(row_a), id(row_b)}
    return used


def _agreement(
    node: NamedNode,
    label: str,
    first: tuple[Row, StateRef],
    second: tuple[Row, StateRef],
    period: tuple[PartialDate, PartialDate | None],
    alliance: NamedNode,
    builder: GraphBuilder,
) -> None:
    (row_a, a), (row_b, b) = first, second
    builder.add(node, RDF.type, PG.Agreement)
    builder.label(node, f"{label}: {a.name} \N{EN DASH} {b.name}")
    builder.party(node, a)
    builder.party(node, b)
    duties_a, duties_b = _obligations(row_a), _obligations(row_b)
    for column in OBLIGATIONS:
        if column in duties_a or column in duties_b:
            builder.add(node, PG.agreementType, OBLIGATIONS[column][0])
    if duties_a != duties_b:
        for (obligor, duties), beneficiary in (((a, duties_a), b), ((b, duties_b), a)):
            for column, conditional in duties.items():
                duty = NamedNode(f"{node.value}#{column}-{obligor.key}")
                builder.add(node, PG.obligation, duty)
                builder.add(duty, RDF.type, PG.Obligation)
                builder.add(duty, PG.obligationType, OBLIGATIONS[column][0])
                builder.add(duty, PG.obligor, obligor.iri)
                builder.add(duty, PG.beneficiary, beneficiary.iri)
                if OBLIGATIONS[column][1] is not None:
                    builder.add(
                        duty,
                        PG.conditional,
                        Literal(str(conditional).lower(), datatype=XSD.boolean),
                    )
    builder.add(node, PG.legalForm, PG.Treaty)
    builder.dates(node, *period)
    builder.add(node, DCT.isPartOf, alliance)
    builder.add(alliance, DCT.hasPart, node)
    builder.provenance(
        node,
        node.value.removeprefix(AGREEMENT_PREFIX + "atop/"),
        f"{row_a.quote}\n{row_b.quote}",
    )
