"""The existing agreement a candidate would update: same parties, a type of the same family.

Two types are of one family when they share an ancestor below ``pg:MilitaryCooperation`` (a
GSOMIA and an intelligence MOU are both intelligence sharing). The best match has the
candidate's own type, then a broader or narrower one, then a sibling; a candidate whose type is
the generic top matches only when the parties have exactly one agreement. No match means the
accepted candidate creates a new agreement.
"""

from __future__ import annotations

from dataclasses import replace

from pyoxigraph import NamedNode

from app.extract.extractor import Candidate
from app.extract.lexicon import Lexicon
from app.ontology import ID_NS, PG_NS, SPARQL_PREFIXES
from app.store import Store, sparql_term

# Agreements with two given parties (every party set is looked up in one query), their types,
# all their parties and the dates they carry (to prefer the agreement dated like the candidate).
_AGREEMENTS = (
    SPARQL_PREFIXES
    + """
SELECT ?x ?y ?a ?type ?label ?p ?d WHERE {
  VALUES (?x ?y) { $pairs }
  ?a pg:party ?x, ?y ; a pg:Agreement ; pg:agreementType ?type ; pg:party ?p .
  OPTIONAL { ?a rdfs:label ?label }
  OPTIONAL { { ?a pg:signed|pg:inForceFrom ?d } UNION { ?a pg:event/pg:date ?d } }
}"""
)
_TOP = "MilitaryCooperation"
_STATE = f"{ID_NS}state/"


def _state(code: str) -> NamedNode:
    return NamedNode(_STATE + code)


def match_candidates(
    store: Store, candidates: list[Candidate], lexicon: Lexicon
) -> list[Candidate]:
    """``candidates`` with ``matches``/``matches_label`` set where an agreement fits."""
    if not candidates:
        return []
    known = _agreements_of(store, {c.parties for c in candidates})
    result = []
    for c in candidates:
        best = _best(c, known.get(c.parties, []), lexicon)
        result.append(replace(c, matches=best[0], matches_label=best[1]) if best else c)
    return result


_Known = tuple[str, str, str, frozenset[str]]


def _agreements_of(
    store: Store, party_sets: set[tuple[str, ...]]
) -> dict[tuple[str, ...], list[_Known]]:
    """``(iri, type, label, dates)`` of the agreements whose parties are exactly each set."""
    pairs = sorted({(s[0], s[1]) for s in party_sets})
    # Each term goes through the one escaping function; render() has no form for VALUES pairs.
    rows = " ".join(f"({sparql_term(_state(x))} {sparql_term(_state(y))})" for x, y in pairs)
    members: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    types: dict[str, set[str]] = {}
    dates: dict[str, set[str]] = {}
    for row in store.select(_AGREEMENTS.replace("$pairs", rows)):
        agreement = row["a"].value
        members.setdefault(agreement, set()).add(row["p"].value.removeprefix(_STATE))
        types.setdefault(agreement, set()).add(row["type"].value.removeprefix(PG_NS))
        labels[agreement] = row["label"].value if "label" in row else ""
        if "d" in row:
            dates.setdefault(agreement, set()).add(row["d"].value)
    found: dict[tuple[str, ...], list[_Known]] = {}
    for agreement, parties in members.items():
        key = tuple(sorted(parties))
        if key in party_sets:
            found.setdefault(key, []).extend(
                (agreement, kind, labels[agreement], frozenset(dates.get(agreement, ())))
                for kind in sorted(types[agreement])
            )
    return found


def _best(c: Candidate, agreements: list[_Known], lexicon: Lexicon) -> tuple[str, str] | None:
    concept = c.agreement_type
    if concept == _TOP:
        distinct = {(a, label) for a, _, label, _ in agreements}
        return next(iter(distinct)) if len(distinct) == 1 else None
    family = _family(concept, lexicon)
    ranked = []
    for agreement, kind, label, dates in agreements:
        if kind == concept:
            rank = 0
        elif lexicon.within(kind, concept) or lexicon.within(concept, kind):
            rank = 1
        elif family is not None and family == _family(kind, lexicon):
            rank = 2
        else:
            continue
        # An agreement already dated like the candidate is the one it speaks of.
        ranked.append((c.date not in dates, rank, label, agreement))
    if not ranked:
        return None
    *_, label, agreement = min(ranked)
    return agreement, label


def _family(concept: str, lexicon: Lexicon) -> str | None:
    chain = lexicon.ancestors(concept)
    return chain[-2] if len(chain) >= 2 and chain[-1] == _TOP else None


__all__ = ["match_candidates"]
