"""The extractor's lexicons, read from the store: state names and agreement-type labels.

States are found by every English ``skos:prefLabel``, ``skos:altLabel`` and ``skos:hiddenLabel``
of a state with an ISO 3166-1 alpha-3 code (``graph_data/states.ttl``), plus the capitals and
demonyms of the package table ``gazetteer.tsv``. Agreement types are found by the SKOS labels of
the concepts under ``pg:MilitaryCooperation`` (``ontology/pactgraph.ttl``), hidden labels being
the variants news text uses ("military intelligence-sharing pact"). Nothing is hard-coded here:
a label added to the ontology or the states file is found on the next data version.

A phrase naming two different states (a former and a current state) is kept for the current
one; a phrase still ambiguous after that is dropped, so the extractor abstains rather than guess.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from importlib import resources

from app.ontology import PG_NS, SPARQL_PREFIXES
from app.store import Store

_STATE_LABELS = (
    SPARQL_PREFIXES
    + """
SELECT ?iso ?label ?former ?pref WHERE {
  ?s a/rdfs:subClassOf* pg:State ; pg:iso3 ?iso ;
     skos:prefLabel|skos:altLabel|skos:hiddenLabel ?label .
  FILTER(lang(?label) = "" || langMatches(lang(?label), "en"))
  BIND(EXISTS { ?s a pg:FormerState } AS ?former)
  BIND(EXISTS { ?s skos:prefLabel ?label } AS ?pref)
}"""
)
_TYPE_LABELS = (
    SPARQL_PREFIXES
    + """
SELECT ?c ?label ?broader WHERE {
  ?c skos:broader* pg:MilitaryCooperation .
  { ?c skos:prefLabel|skos:altLabel|skos:hiddenLabel ?label
    FILTER(lang(?label) = "" || langMatches(lang(?label), "en")) }
  UNION { ?c skos:broader ?broader }
}"""
)
_EVENT_TYPES = SPARQL_PREFIXES + "SELECT ?c WHERE { ?c skos:inScheme pg:EventTypes }"


@dataclass(frozen=True, eq=False)
class Lexicon:
    """What the extractor can name: phrases of states and of agreement types.

    ``states`` maps a phrase to an ISO3 code, ``types`` a phrase to the local name of an
    agreement-type concept; ``broader`` gives each type's broader type (the top has none).
    """

    states: dict[str, str]
    types: dict[str, str]
    broader: dict[str, str]
    event_types: frozenset[str]
    state_names: dict[str, str] = field(default_factory=dict)

    def ancestors(self, concept: str) -> list[str]:
        """``concept`` and its broader types, narrowest first."""
        chain = [concept]
        while chain[-1] in self.broader and len(chain) < 20:
            chain.append(self.broader[chain[-1]])
        return chain

    def within(self, concept: str, branch: str) -> bool:
        """True when ``concept`` is ``branch`` or narrower (in its SKOS branch)."""
        return branch in self.ancestors(concept)


def _gazetteer() -> list[tuple[str, str]]:
    """``(phrase, iso3)`` rows of the package table of capitals and demonyms."""
    text = resources.files("app.extract").joinpath("gazetteer.tsv").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        iso, _kind, phrase = line.split("\t")
        rows.append((phrase, iso))
    return rows


def build_lexicon(store: Store) -> Lexicon:
    """The lexicon of the store's current data (see the module docstring)."""
    by_phrase: dict[str, set[tuple[str, bool]]] = {}
    names: dict[str, str] = {}
    for row in store.select(_STATE_LABELS):
        iso, label = row["iso"].value, row["label"].value
        by_phrase.setdefault(label, set()).add((iso, row["former"].value == "true"))
        if row["pref"].value == "true":
            names[iso] = label
    known = {iso for hits in by_phrase.values() for iso, _ in hits}
    for phrase, iso in _gazetteer():
        if iso in known:
            by_phrase.setdefault(phrase, set()).add((iso, False))
    states: dict[str, str] = {}
    for phrase, hits in by_phrase.items():
        current = {iso for iso, former in hits if not former} or {iso for iso, _ in hits}
        if len(current) == 1:
            states[phrase] = next(iter(current))
    types: dict[str, set[str]] = {}
    broader: dict[str, str] = {}
    for row in store.select(_TYPE_LABELS):
        concept = row["c"].value.removeprefix(PG_NS)
        if "broader" in row:
            broader[concept] = row["broader"].value.removeprefix(PG_NS)
        else:
            types.setdefault(row["label"].value, set()).add(concept)
    events = frozenset(row["c"].value.removeprefix(PG_NS) for row in store.select(_EVENT_TYPES))
    return Lexicon(
        states=states,
        types={phrase: next(iter(c)) for phrase, c in types.items() if len(c) == 1},
        broader=broader,
        event_types=events,
        state_names=names,
    )


# One lexicon per live store, with the data version it was built from; the weak keys let a
# closed store go (an id() key could be reused by the next store).
_CACHE: weakref.WeakKeyDictionary[Store, tuple[str, Lexicon]] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


def lexicon_for(store: Store) -> Lexicon:
    """The lexicon of ``store``, rebuilt only when its data version changes."""
    version = store.data_version
    with _CACHE_LOCK:
        cached = _CACHE.get(store)
    if cached is not None and cached[0] == version:
        return cached[1]
    lexicon = build_lexicon(store)
    with _CACHE_LOCK:
        _CACHE[store] = (version, lexicon)
    return lexicon


__all__ = ["Lexicon", "build_lexicon", "lexicon_for"]
