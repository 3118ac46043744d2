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
from app.store import Store, render

_AGREEMENTS = (
    SPARQL_PREFIXES
    + """
SELECT ?a ?type ?label ?p WHERE {
  ?a a pg:Agreement ; pg:party $first ; pg:agreementType ?type ; pg:party ?p .
  OPTIONAL { ?a rdfs:label ?label }
}"""
)
_TOP = "MilitaryCooperation"


def match_candidates(
    store: Store, candidates: list[Candidate], lexicon: Lexicon
) -> list[Candidate]:
    """``candidates`` with ``matches``/``matches_label`` set where an agreement fits."""
    cache: dict[tuple[str, ...], list[tuple[str, str, str]]] = {}
    result = []
    for c in candidates:
        if c.parties not in cache:
            cache[c.parties] = _agreements_of(store, c.parties)
        best = _best(c.agreement_type, cache[c.parties], lexicon)
        result.append(replace(c, matches=best[0], matches_label=best[1]) if best else c)
    return result


def _agreements_of(store: Store, parties: tuple[str, ...]) -> list[tuple[str, str, str]]:
    """``(iri, type, label)`` of agreements whose parties are exactly ``parties``."""
    rows = store.select(render(_AGREEMENTS, {"first": NamedNode(f"{ID_NS}state/{parties[0]}")}))
    members: dict[str, set[str]] = {}
    found: dict[tuple[str, str], str] = {}
    for row in rows:
        agreement = row["a"].value
        members.setdefault(agreement, set()).add(row["p"].value.removeprefix(f"{ID_NS}state/"))
        label = row["label"].value if "label" in row else ""
        found[(agreement, row["type"].value.removeprefix(PG_NS))] = label
    wanted = set(parties)
    return sorted(
        (agreement, kind, label)
        for (agreement, kind), label in found.items()
        if members[agreement] == wanted
    )


def _best(
    concept: str, agreements: list[tuple[str, str, str]], lexicon: Lexicon
) -> tuple[str, str] | None:
    if concept == _TOP:
        distinct = {(a, label) for a, _, label in agreements}
        return next(iter(distinct)) if len(distinct) == 1 else None
    family = _family(concept, lexicon)
    ranked = []
    for agreement, kind, label in agreements:
        if kind == concept:
            rank = 0
        elif lexicon.within(kind, concept) or lexicon.within(concept, kind):
            rank = 1
        elif family is not None and family == _family(kind, lexicon):
            rank = 2
        else:
            continue
        ranked.append((rank, label, agreement))
    if not ranked:
        return None
    rank, label, agreement = min(ranked)
    return agreement, label


def _family(concept: str, lexicon: Lexicon) -> str | None:
    chain = lexicon.ancestors(concept)
    return chain[-2] if len(chain) >= 2 and chain[-1] == _TOP else None


__all__ = ["match_candidates"]
