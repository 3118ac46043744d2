"""COW State System Membership v2016 (``pactgraph import cow-states DIR``).

Reads ``states2016.csv`` (one row per membership spell) and ``COW country codes.csv`` (which
COW ships with bare CR line endings) from DIR and adds, in the graph
``.../graph/dataset/cow-states-2016``:

* ``pg:cowCode`` and ``pg:cowAbbrev`` on each state node of the crosswalk
  (:mod:`app.ingest.datasets.crosswalk`); Germany carries both 255 and 260, Serbia and
  Yugoslavia both 345;
* each system-membership spell as ``org:Membership`` (``org:member`` the state,
  ``org:organization`` ``.../id/org/cow-state-system``) with ``pg:inForceFrom`` and
  ``pg:inForceUntil``; a spell running to 2016-12-31 is right-censored at 2016. COW 345's
  spell from 1944 is split at the end of Yugoslavia (2006-06-05);
* type, name, ISO codes and Wikidata link of former states only: the curated ``states.ttl``
  owns the labels of states that exist today.
"""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Literal, NamedNode

from app.ingest.datasets.builder import GraphBuilder, resolve_members
from app.ingest.datasets.crosswalk import UnknownStateCode, lookup
from app.ingest.datasets.dates import PartialDate, Spell
from app.ingest.datasets.rows import Row, read_rows
from app.ingest.datasets.summary import DatasetInfo, ImportSummary, ProgressFn
from app.ontology import ID_NS, PG
from app.vocab import ORG, RDF, XSD

INFO = DatasetInfo(
    name="cow-states-2016",
    title="Correlates of War State System Membership List",
    version="2016",
    publisher="Correlates of War Project",
    citation='Correlates of War Project. 2017. "State System Membership List, v2016." '
    "correlatesofwar.org.",
    rights="No licence file. COW data are free to use with citation.",
    url="https://correlatesofwar.org/",
    data_start=1816,
    data_end=2016,
)
FILES = ("states2016.csv", "COW country codes.csv")

SYSTEM = NamedNode(ID_NS + "org/cow-state-system")
_MEMBERSHIP = ORG.Membership


def membership_record(ccode: int, n: int) -> str:
    """The record id of the ``n``-th membership spell of ``ccode`` (``"255-2"``)."""
    return f"{ccode}-{n}"


def record_ccode(record_id: str) -> int:
    """The COW code a membership spell was recorded under, from its record id.

    The state node alone does not tell: Germany carries both 255 and 260, so a panel keyed by
    COW code reads the code of each spell from here (:mod:`app.panels`).
    """
    return int(record_id.split("-", 1)[0])


def _spell(row: Row) -> Spell:
    start = PartialDate.of(row.int("styear"), row.int("stmonth"), row.int("stday"))
    end = PartialDate.of(row.int("endyear"), row.int("endmonth"), row.int("endday"))
    if start is None:
        raise ValueError(f"{row.ref} has no start year")
    if end == PartialDate(INFO.data_end, 12, 31):
        end = None  # a member on the last day of the data: censored, not ended
    return Spell(start, end)


def build(
    directory: Path, builder: GraphBuilder, summary: ImportSummary, progress: ProgressFn
) -> None:
    """Map both files of DIR into ``builder``."""
    spells = read_rows(directory / FILES[0])
    codes = read_rows(directory / FILES[1])
    summary.rows_read = len(spells) + len(codes)
    builder.label(SYSTEM, "Correlates of War state system")
    for row in codes:
        try:
            entry = lookup(int(row.values["CCode"]))
        except UnknownStateCode as exc:
            summary.skip(row.ref, str(exc))
            continue
        for _, ref in entry.spans:
            builder.add(ref.iri, PG.cowCode, Literal(str(entry.ccode), datatype=XSD.integer))
            builder.text(ref.iri, PG.cowAbbrev, row.values["StateAbb"].strip())
            builder.states[ref.key] = ref
        summary.rows_used += 1
    progress("COW codes", len(codes), summary.rows_read)
    counts: dict[int, int] = {}
    for row in spells:
        ccode = int(row.values["ccode"])
        used = False
        for _, ref, start, end in resolve_members(summary, [(row, ccode, _spell(row))]):
            counts[ccode] = counts.get(ccode, 0) + 1
            record = membership_record(ccode, counts[ccode])
            node = NamedNode(f"{ID_NS}membership/cow-state-system/{record}")
            builder.add(node, RDF.type, _MEMBERSHIP)
            builder.add(node, ORG.member, ref.iri)
            builder.add(node, ORG.organization, SYSTEM)
            builder.dates(node, start, end)
            builder.provenance(node, record, row.quote)
            builder.states[ref.key] = ref
            used = True
        summary.rows_used += used
    progress("COW states", summary.rows_read, summary.rows_read)
