"""Correlates of War Formal Interstate Alliances v4.1 (``pactgraph import cow-alliances DIR``).

Reads ``alliance_v4.1_by_member.csv`` (one row per member spell) and
``alliance_v4.1_by_dyad.csv`` (one row per pair of members and period) from DIR.

Representation (the same for ATOP, see :mod:`app.ingest.datasets.atop`):

* ``.../agreement/cow/<version4id>`` is the alliance as a whole, ``a pg:Alliance``: every
  member (``pg:member``), the obligation types, the treaty's own dates (``all_st_*``, which can
  precede 1816: alliance 1 starts 1386-05-09) and its by_member rows as citation.
* ``.../agreement/cow/<version4id>/<ccode1>-<ccode2>`` is one ``pg:Agreement`` per dyad row,
  ``dct:isPartOf`` the alliance, with the two states as ``pg:party`` and the dyad's own dates
  and obligation flags. Relations and as-of questions read these: a member that joined late
  or left early is related to the others only while both belonged. A pair that appears twice
  in one alliance gets ``/2``, ``/3``…; a spell split by the crosswalk (COW 345 before and after
  Yugoslavia) gets ``/s1``, ``/s2``.
* Obligation types come from the 0/1 columns (defense → pg:DefenseObligation, neutrality →
  pg:NeutralityObligation, nonaggression → pg:NonAggressionObligation, entente →
  pg:ConsultationObligation), never from the ``ss_type`` label, whose "IIa"/"IIb" names
  disagree with the release notes.
* Dates keep their precision. An alliance in force at the end of 2012 has empty end columns and
  ``right_censor=1``: no ``pg:inForceUntil``, and ``pg:censoredAt "2012"^^xsd:gYear``. Dyad
  starts of ``left_censor=1`` rows are COW's 1816-01-01 (the start of the state system); the
  alliance node carries the real treaty date.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pyoxigraph import NamedNode

from app.ingest.datasets.builder import GraphBuilder, overlap, resolve_members
from app.ingest.datasets.dates import PartialDate, Spell
from app.ingest.datasets.naming import AGREEMENT_PREFIX, alliance_iri
from app.ingest.datasets.rows import Row, read_rows
from app.ingest.datasets.summary import DatasetInfo, ImportSummary, ProgressFn
from app.ontology import PG
from app.vocab import DCT, RDF

INFO = DatasetInfo(
    name="cow-alliances-4.1",
    title="Correlates of War Formal Interstate Alliance Dataset",
    version="4.1",
    publisher="Correlates of War Project (dataset by Douglas M. Gibler)",
    citation="Gibler, Douglas M. 2009. International Military Alliances, 1648-2008. CQ Press.",
    rights="No licence file. COW distributes its data free of charge and asks users to cite "
    "it; check the terms at correlatesofwar.org before redistributing.",
    url="https://correlatesofwar.org/",
    data_start=1816,
    data_end=2012,
)
FILES = ("alliance_v4.1_by_member.csv", "alliance_v4.1_by_dyad.csv")

#: Obligation columns of the COW files and the concepts they map to.
OBLIGATIONS = {
    "defense": PG.DefenseObligation,
    "neutrality": PG.NeutralityObligation,
    "nonaggression": PG.NonAggressionObligation,
    "entente": PG.ConsultationObligation,
}


#: COW's type names, strongest first: an alliance is of the strongest type any row has.
TYPE_NAMES = {
    "defense": "defense pact",
    "neutrality": "neutrality pact",
    "nonaggression": "non-aggression pact",
    "entente": "entente",
}


def alliance_label(version4id: int, rows: list[Row]) -> str:
    """The fallback label of an alliance, for when the curated graph does not name the treaty.

    COW's type, the number of members and the treaty's years, open ("2002\N{EN DASH}") when it
    was in force at the end of the data, as in "COW alliance 402 (entente, 3 members,
    2002\N{EN DASH})".
    """
    kind = next(
        (name for column, name in TYPE_NAMES.items() if any(r.int(column) == 1 for r in rows)),
        "no obligation coded",
    )
    members = len({r.values["ccode"] for r in rows})
    treaty = _spell(rows[0], "all")
    last = "" if treaty.end is None else str(treaty.end.year)
    return (
        f"COW alliance {version4id} ({kind}, {members} members, "
        f"{treaty.start.year}\N{EN DASH}{last})"
    )


def _spell(row: Row, prefix: str) -> Spell:
    start = PartialDate.of(
        row.int(f"{prefix}_st_year"), row.int(f"{prefix}_st_month"), row.int(f"{prefix}_st_day")
    )
    end = PartialDate.of(
        row.int(f"{prefix}_end_year"), row.int(f"{prefix}_end_month"), row.int(f"{prefix}_end_day")
    )
    if start is None:
        raise ValueError(f"{row.ref} has no start year")
    return Spell(start, end)


def _types(row: Row) -> list[NamedNode]:
    return [concept for column, concept in OBLIGATIONS.items() if row.int(column) == 1]


def build(
    directory: Path, builder: GraphBuilder, summary: ImportSummary, progress: ProgressFn
) -> None:
    """Map both files of DIR into ``builder``."""
    members = read_rows(directory / FILES[0])
    dyads = read_rows(directory / FILES[1])
    summary.rows_read = len(members) + len(dyads)
    total = summary.rows_read
    alliances = _alliances(members, builder, summary)
    progress("COW members", len(members), total)
    seen: dict[str, int] = defaultdict(int)
    for done, row in enumerate(dyads, start=len(members) + 1):
        if _dyad(row, builder, summary, seen, alliances):
            summary.rows_used += 1
        if done % 500 == 0 or done == total:
            progress("COW dyads", done, total)
    summary.groups = len(alliances)


def _alliances(members: list[Row], builder: GraphBuilder, summary: ImportSummary) -> dict[int, str]:
    """Build every alliance node; returns each alliance's label by version4id."""
    by_alliance: dict[int, list[Row]] = defaultdict(list)
    for row in members:
        vid = row.int("version4id")
        assert vid is not None, f"{row.ref} has no version4id"
        by_alliance[vid].append(row)
    labels = {vid: alliance_label(vid, rows) for vid, rows in by_alliance.items()}
    for vid, rows in sorted(by_alliance.items()):
        node = alliance_iri(vid)
        resolved = list(
            resolve_members(summary, [(r, int(r.values["ccode"]), _spell(r, "mem")) for r in rows])
        )
        summary.rows_used += len({id(r) for r, *_ in resolved})
        refs = [ref for _, ref, _, _ in resolved]
        builder.alliance(
            node,
            labels[vid],
            refs,
            [c for r in rows for c in _types(r)],
            _spell(rows[0], "all"),
            rows,
        )
    return labels


def _dyad(
    row: Row,
    builder: GraphBuilder,
    summary: ImportSummary,
    seen: dict[str, int],
    alliances: dict[int, str],
) -> bool:
    vid = row.int("version4id")
    assert vid is not None, f"{row.ref} has no version4id"
    if vid not in alliances:
        summary.skip(row.ref, "alliance missing from the by_member file")
        return False
    c1, c2 = sorted((int(row.values["ccode1"]), int(row.values["ccode2"])))
    spell = _spell(row, "dyad")
    if spell.end is not None and spell.end.first_day < spell.start.first_day:
        summary.skip(row.ref, "the dyad ends before it starts (a state-transition artefact)")
        return False
    first = list(resolve_members(summary, [(row, c1, spell)]))
    second = list(resolve_members(summary, [(row, c2, spell)])) if first else []
    if not first or not second:
        return False  # the unknown code was recorded as the skip reason
    types = _types(row)
    if not types:
        summary.skip(row.ref, "no obligation flag set")
        return False
    base = f"{AGREEMENT_PREFIX}cow/{vid}/{c1}-{c2}"
    seen[base] += 1
    if seen[base] > 1:
        base += f"/{seen[base]}"
    parts = [
        (a, b, common)
        for _, a, a_start, a_end in first
        for _, b, b_start, b_end in second
        if a.key != b.key and (common := overlap((a_start, a_end), (b_start, b_end)))
    ]
    if not parts:
        summary.skip(row.ref, "both codes denote the same state in the crosswalk")
        return False
    for index, (a, b, (start, end)) in enumerate(parts, start=1):
        node = NamedNode(base if len(parts) == 1 else f"{base}/s{index}")
        builder.add(node, RDF.type, PG.Agreement)
        builder.label(node, f"{alliances[vid]}: {a.name} \N{EN DASH} {b.name}")
        builder.party(node, a)
        builder.party(node, b)
        for concept in types:
            builder.add(node, PG.agreementType, concept)
        builder.add(node, PG.legalForm, PG.Treaty)
        builder.dates(node, start, end)
        builder.add(node, DCT.isPartOf, alliance_iri(vid))
        builder.add(alliance_iri(vid), DCT.hasPart, node)
        builder.provenance(node, f"{vid}/{c1}-{c2}", row.quote)
        summary.agreements += 1
    return True
