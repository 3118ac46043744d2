"""``pg:sameTreatyAs`` links between the datasets and the curated graph, recomputed as a whole.

The ATOP importer links each ATOP alliance to the COW alliance its ``cow4id`` names. This step
adds, after any import or bundle change, the links that need both sides loaded:

1. the pair agreements of two linked alliances that join the same two states;
2. a curated agreement (one without a ``pg:datasetRecord``) with an alliance obligation and
   two parties, and a dataset pair agreement (COW or ATOP) between the same two states
   starting on the curated signing or entry-into-force date (the same year when either is
   known to the year or month only), and that pair's alliance. The exact day matters: the
   China-Russia treaty of 2001-07-16 is not the Shanghai convention of 2001-06-15 (ATOP 4810).

Links are written in both directions into :data:`LINKS_GRAPH`, replaced atomically. Relations
are pairs of states, so they are never double counted; counts of agreements should count each
``pg:sameTreatyAs`` cluster once.
"""

from __future__ import annotations

from collections import defaultdict

from pyoxigraph import NamedNode, RdfFormat, Triple, serialize

from app.graphs import LINKS_GRAPH
from app.ontology import PG, SPARQL_PREFIXES
from app.store import Store, render

_LINKED = (
    SPARQL_PREFIXES
    + "SELECT ?A ?B WHERE { ?A pg:sameTreatyAs ?B . ?A a pg:Alliance . ?B a pg:Alliance }"
)
_PARTS = (
    SPARQL_PREFIXES
    + "SELECT ?alliance ?part ?party WHERE { ?alliance a pg:Alliance ; dct:hasPart ?part . "
    "?part pg:party ?party }"
)
_CURATED = (
    SPARQL_PREFIXES
    + """
SELECT DISTINCT ?curated ?x ?y ?date WHERE {
  ?curated a pg:Agreement ; pg:party ?x, ?y ;
           pg:agreementType/skos:broader* pg:AllianceObligation .
  FILTER(STR(?x) < STR(?y))
  FILTER NOT EXISTS { ?curated pg:datasetRecord ?record }
  FILTER NOT EXISTS { ?curated pg:party ?other FILTER(?other != ?x && ?other != ?y) }
  { ?curated pg:signed ?date } UNION { ?curated pg:inForceFrom ?date }
}"""
)
_DATASET_PAIRS = (
    SPARQL_PREFIXES
    + """
SELECT ?pair ?alliance ?start WHERE {
  ?pair pg:party $x, $y ; dct:isPartOf ?alliance ; pg:inForceFrom ?start .
  ?alliance a pg:Alliance .
}"""
)


def link_same_treaties(store: Store) -> int:
    """Recompute the links graph; returns the number of links (each counted once)."""
    pairs = _linked_parts(store)
    for row in store.select(_CURATED):
        query = render(_DATASET_PAIRS, {"x": row["x"], "y": row["y"]})
        for match in store.select(query):
            if _same_start(row["date"].value, match["start"].value):
                pairs.add((row["curated"], match["pair"]))  # type: ignore[arg-type]
                pairs.add((row["curated"], match["alliance"]))  # type: ignore[arg-type]
    triples = [
        t for a, b in pairs for t in (Triple(a, PG.sameTreatyAs, b), Triple(b, PG.sameTreatyAs, a))
    ]
    data = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
    store.replace_graph(LINKS_GRAPH, data, RdfFormat.N_TRIPLES)
    return len(pairs)


def _same_start(curated: str, dataset: str) -> bool:
    """Same day when both dates are known to the day, else the same year.

    >>> _same_start("2001-07-16", "2001-06-15"), _same_start("2001", "2001-06-15")
    (False, True)
    """
    if len(curated) == len(dataset) == len("YYYY-MM-DD"):
        return curated == dataset
    return curated[:4] == dataset[:4]


def _linked_parts(store: Store) -> set[tuple[NamedNode, NamedNode]]:
    """Pair agreements of linked alliances that join the same states (joined here, in Python:
    the same join in SPARQL is slow on the large multilateral alliances)."""
    parties: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in store.select(_PARTS):
        parties[(row["alliance"].value, row["part"].value)].add(row["party"].value)
    by_alliance: dict[str, dict[frozenset[str], list[NamedNode]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for (alliance, part), states in parties.items():
        by_alliance[alliance][frozenset(states)].append(NamedNode(part))
    links: set[tuple[NamedNode, NamedNode]] = set()
    for row in store.select(_LINKED):
        first, second = by_alliance.get(row["A"].value, {}), by_alliance.get(row["B"].value, {})
        if row["A"].value < row["B"].value:
            for members, parts in first.items():
                links |= {(a, b) for a in parts for b in second.get(members, [])}
    return links
