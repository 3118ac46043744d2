"""Defense Cooperation Agreement Dataset v1.0, main file (``pactgraph import dcad FILE``).

One row per bilateral agreement, signed 1980-2010. Each becomes
``.../agreement/dcad/<DCAid>`` (``DCADv1.0-0129``), ``a pg:Agreement`` with:

* the two states from ``ccode1``/``ccode2``; the names ``cowName1/2`` are ignored, since
  DCAD spells South Korea both ``ROK`` and ``KOR``;
* ``pg:agreementType pg:DefenseCooperation`` plus one concept per category
  (``category1..3``: DCA, DIC, TREX, PROCUREMENT, COMMISSION, RESEARCH), defined in this graph
  as ``.../id/concept/dcad/<CODE>``, narrower than pg:DefenseCooperation, so the
  ``defense_cooperation_with`` relation reads them; ``type`` (general or sector) as ``dct:type``;
* ``pg:signed`` and ``pg:inForceFrom`` (EIF) with the precision given: day, month or year;
* an end read from DCAD's duration columns rather than assumed away (:func:`end_year`), as
  ``pg:inForceUntil`` with year precision; an agreement still running in 2010, the last year
  DCAD covers, is right-censored there (``pg:censoredAt "2010"``), so it is "in force at
  last observation" after 2010 (:mod:`app.rules`).

**How the end is derived.** The codebook is not at hand (SOURCE.md), so the rule rests on
what the columns hold in the file, checked row by row (``tests/datasets/test_dcad_ends.py``):

* ``terminated``: 1 = the agreement was terminated (43 rows), 0 = it was not (729), -88 and
  -99 = unknown (1,099).
* ``durationActual``: the years it lasted, given for terminated agreements only.
* ``span``: the agreement's stated term in years; -77 (with ``renewType`` and ``renewYears``
  -77) no fixed term; ``renewType`` codes the renewal clause and ``renewYears`` the length of
  a renewal, both as negative codes whose meaning the codebook gives.
* ``endYearEstimate``: Kinne's estimate of the last year in force, capped at 2010. On every
  row it is ``signYear + durationActual`` for terminated agreements; for the unknown ones
  ``signYear + span`` (22 rows) or ``signYear + span + renewYears`` (16) when a term is
  stated, else ``signYear + 6`` (607); for agreements not terminated it is always 2010.

Hence: terminated (1) → ended in ``signYear + durationActual`` (``endYearEstimate`` when
no duration is given), even after 2010, since DCAD reports it; not terminated (0) → running
at the horizon; unknown → ended in ``endYearEstimate`` when it is before 2010 (DCAD's own
estimate from the stated term, or its default), else running at the horizon. No end so
derived falls before the agreement's entry into force. On the file: 1,183 agreements running
in 2010, 673 ended by then, 15 ended later (DCAD reports when).

Negative codes (-88, -77, -66, -99, -56, -57, -58, -44, -55) are missing or special values in
every numeric column and are never read as numbers (:meth:`Row.int`). No legal form is
asserted: the main file does not say which agreements are treaties and which are memoranda.
"""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Literal, NamedNode

from app.ingest.datasets.builder import GraphBuilder
from app.ingest.datasets.crosswalk import UnknownStateCode, lookup
from app.ingest.datasets.dates import PartialDate
from app.ingest.datasets.naming import AGREEMENT_PREFIX
from app.ingest.datasets.rows import Row, read_rows
from app.ingest.datasets.summary import DatasetInfo, ImportSummary, ProgressFn
from app.ontology import ID_NS, PG
from app.vocab import DCT, RDF, SKOS, XSD

INFO = DatasetInfo(
    name="dcad-1.0",
    title="Defense Cooperation Agreement Dataset (DCAD), main file",
    version="1.0",
    publisher="Brandon J. Kinne, distributed by the Correlates of War Project",
    citation="Kinne, Brandon J. 2020. The Defense Cooperation Agreement Dataset (DCAD). "
    "Journal of Conflict Resolution 64(4): 729-755.",
    rights="No licence file. Free for research use with citation, as distributed through COW.",
    url="https://correlatesofwar.org/wp-content/uploads/kinne_dca.zip",
    data_start=1980,
    data_end=2010,
)
FILES = ("DCAD-v1.0-main.csv",)

CONCEPT_PREFIX = ID_NS + "concept/dcad/"
#: DCAD category codes and their English labels (SOURCE.md).
CATEGORIES = {
    "DCA": "defense cooperation agreement (framework)",
    "DIC": "defense-industrial cooperation",
    "TREX": "training and exercises",
    "PROCUREMENT": "procurement",
    "COMMISSION": "defense commission",
    "RESEARCH": "defense research",
}
_BROADER = SKOS.broader
_PREF_LABEL = SKOS.prefLabel
_NOTATION = SKOS.notation
_DCT_TYPE = DCT.type


def category_iri(code: str) -> NamedNode:
    """``.../id/concept/dcad/<CODE>``."""
    return NamedNode(CONCEPT_PREFIX + code)


def build(path: Path, builder: GraphBuilder, summary: ImportSummary, progress: ProgressFn) -> None:
    """Map ``DCAD-v1.0-main.csv`` (in directory ``path``) into ``builder``."""
    for code, label in CATEGORIES.items():
        concept = category_iri(code)
        builder.add(concept, RDF.type, SKOS.Concept)
        builder.add(concept, RDF.type, PG.AgreementType)
        builder.add(concept, _BROADER, PG.DefenseCooperation)
        builder.add(concept, _PREF_LABEL, Literal(label, language="en"))
        builder.text(concept, _NOTATION, code)
    rows = read_rows(path / FILES[0])
    summary.rows_read = len(rows)
    for done, row in enumerate(rows, start=1):
        if _agreement(row, builder, summary):
            summary.rows_used += 1
            summary.agreements += 1
        if done % 500 == 0 or done == len(rows):
            progress("DCAD", done, len(rows))


def end_year(row: Row, horizon: int) -> int | None:
    """The year the agreement ended, or ``None`` when it was running at ``horizon``.

    The rule and the evidence for it are in the module docstring.
    """
    terminated = row.values["terminated"].strip()
    estimate = row.int("endYearEstimate")
    if terminated == "1":
        signed, lasted = row.int("signYear"), row.int("durationActual")
        if signed is not None and lasted is not None:
            return signed + lasted
        return estimate
    if terminated == "0" or estimate is None or estimate >= horizon:
        return None
    return estimate


def _agreement(row: Row, builder: GraphBuilder, summary: ImportSummary) -> bool:
    dcaid = row.values["DCAid"].strip()
    signed = PartialDate.of(row.int("signYear"), row.int("signMonth"), row.int("signDay"))
    if not dcaid or signed is None:
        summary.skip(row.ref, "no DCAid or no signature year")
        return False
    try:
        a, b = (lookup(int(row.values[c])).state_on(signed.first_day) for c in ("ccode1", "ccode2"))
    except UnknownStateCode as exc:
        summary.skip(row.ref, str(exc))
        return False
    if a == b:
        # Three rows code both sides with one ccode (e.g. 145 for BOL and VEN): a coding error
        # in the source that we report rather than guess which code was meant.
        summary.skip(row.ref, "both parties have the same ccode (a coding error in DCAD)")
        return False
    categories = [
        c for c in dict.fromkeys(row.values[f"category{i}"].strip() for i in (1, 2, 3)) if c
    ]
    unknown = [c for c in categories if c not in CATEGORIES]
    if unknown:
        summary.skip(row.ref, f"unknown DCAD category {unknown[0]!r}")
        return False
    node = NamedNode(f"{AGREEMENT_PREFIX}dcad/{dcaid}")
    builder.add(node, RDF.type, PG.Agreement)
    builder.label(node, f"DCAD {dcaid}: {a.name} \N{EN DASH} {b.name} ({', '.join(categories)})")
    builder.party(node, a)
    builder.party(node, b)
    builder.add(node, PG.agreementType, PG.DefenseCooperation)
    for code in categories:
        builder.add(node, PG.agreementType, category_iri(code))
    if row.values["type"].strip():
        builder.text(node, _DCT_TYPE, row.values["type"].strip())
    builder.add(node, PG.signed, signed.literal)
    in_force = PartialDate.of(row.int("EIFYear"), row.int("EIFMonth"), row.int("EIFDay"))
    if in_force is not None:
        builder.add(node, PG.inForceFrom, in_force.literal)
    end = end_year(row, builder.info.data_end)
    if end is not None:
        builder.add(node, PG.inForceUntil, Literal(f"{end:04d}", datatype=XSD.gYear))
    else:
        builder.add(node, PG.censoredAt, builder.info.censored_at)
    builder.provenance(node, dcaid, row.quote)
    return True
