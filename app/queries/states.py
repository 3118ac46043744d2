"""States: resolving what a user calls a state, searching them, and naming them in answers.

Users name states in many ways: ``KOR``, ``kr``, ``732`` (Correlates of War), ``South Korea``,
``Republic of Korea``. :func:`resolve_state` accepts all of them, case-insensitively, from the
curated state records (``graph_data/states.ttl``: ``skos:prefLabel``, ``skos:altLabel``,
``pg:iso2``, ``pg:iso3``, ``pg:cowCode``, ``pg:cowAbbrev``, ``owl:sameAs``), and the state's
IRI. An unknown name raises :class:`~app.errors.NotFound` carrying the closest matches, so a
typo gets a useful answer. Every route, page and command naming a state resolves it here, so a
state that does not exist is "not found" wherever it is named (a path segment or a parameter),
never an empty answer about it.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from app.errors import NotFound
from app.ontology import PG, PG_NS, SPARQL_PREFIXES, STATE_NS
from app.queries.paging import Page, page
from app.queries.refs import Served, StateRef, doc, local_id
from app.store import Store, render
from app.store.terms import Term
from app.vocab import OWL, RDF, SKOS, XSD

# Exact identifiers first: an index lookup on a bound literal, no scan.
_BY_CODE = SPARQL_PREFIXES + "SELECT ?s WHERE { ?s $property $code ; a pg:State } ORDER BY ?s"
_IS_STATE = SPARQL_PREFIXES + "ASK { $state a pg:State }"
# Names and every code, lower-cased, for case-insensitive matching, search and suggestions.
_KEYS = (
    SPARQL_PREFIXES
    + """
SELECT ?s ?key WHERE {
  ?s a pg:State .
  ?s skos:prefLabel|skos:altLabel|pg:iso3|pg:iso2|pg:cowAbbrev|pg:cowCode ?k .
  BIND(LCASE(STR(?k)) AS ?key)
}"""
)
_RECORDS = (
    SPARQL_PREFIXES
    + """
SELECT ?s ?p ?o WHERE {
  VALUES ?s { $states }
  VALUES ?p { pg:iso3 pg:iso2 pg:cowCode pg:cowAbbrev skos:prefLabel skos:altLabel owl:sameAs
              rdf:type }
  ?s ?p ?o .
}"""
)
_LABELS = (
    SPARQL_PREFIXES
    + """
SELECT ?s ?label ?iso3 WHERE {
  VALUES ?s { $entities }
  OPTIONAL { ?s skos:prefLabel|rdfs:label|schema:name ?label }
  OPTIONAL { ?s pg:iso3 ?iso3 }
}"""
)

_PREF, _ALT = SKOS.prefLabel.value, SKOS.altLabel.value


@dataclass
class StateRecord(Served):
    """A state with its codes, names and identifiers in other datasets, as REST and the views
    show it; ``id`` is its ISO 3166-1 alpha-3 code."""

    iri: str
    id: str
    label: str
    iso3: str
    iso2: str | None = None
    cow_code: int | None = field(default=None, metadata=doc("Correlates of War state code."))
    cow_abbrev: str | None = None
    aliases: list[str] = field(default_factory=list)
    same_as: list[str] = field(
        default_factory=list, metadata=doc("owl:sameAs links (Wikidata and others).")
    )
    kinds: list[str] = field(
        default_factory=list,
        metadata=doc("pg: classes of the state (State, UNMemberState, FormerState ...)."),
    )

    @property
    def ref(self) -> StateRef:
        """The short reference answers name the state by."""
        return StateRef(self.iri, self.id, self.label)


def resolve_state(store: Store, ident: str, parameter: str = "id") -> StateRecord:
    """The state ``ident`` names: its IRI, ISO alpha-3 or alpha-2, COW code or abbreviation,
    or a name.

    Codes are tried before names, so ``CHN`` is China even if some alias were spelled "chn".
    Among several states sharing a name, the one with the smallest IRI wins (deterministic).

    :raises NotFound: nothing matches (naming ``parameter``, the path segment or query
        parameter that said ``ident``); ``closest`` lists up to five likely meant states.
    """
    text = ident.strip()
    found = _by_iri(store, text) or _by_code(store, text) or _by_name(store, text)
    if found is None:
        closest = closest_states(store, text)
        hint = ", ".join(f"{c['id']} ({c['label']})" for c in closest) or "none"
        raise NotFound(
            f"no state is called {ident!r}; use an ISO 3166-1 code, a COW code or a name. "
            f"Closest matches: {hint}",
            parameter=parameter,
            closest=closest,
        )
    return state_records(store, [found])[0]


def _by_iri(store: Store, text: str) -> str | None:
    if not text.startswith(STATE_NS):
        return None
    try:
        state = NamedNode(text)
    except ValueError:  # not an IRI at all (``.../state/KOR>``): no state has it
        return None
    return text if store.ask(render(_IS_STATE, {"state": state})) else None


def _by_code(store: Store, text: str) -> str | None:
    candidates: list[tuple[NamedNode, Term]] = []
    if re.fullmatch(r"[A-Za-z]{3}", text):
        candidates += [
            (PG.iso3, Literal(text.upper())),
            (PG.cowAbbrev, Literal(text.upper())),
        ]
    elif re.fullmatch(r"[A-Za-z]{2}", text):
        candidates.append((PG.iso2, Literal(text.upper())))
    elif re.fullmatch(r"\d{1,4}", text):
        number = Literal(str(int(text)), datatype=XSD.integer)
        candidates.append((PG.cowCode, number))
    for prop, value in candidates:
        rows = store.select(render(_BY_CODE, {"property": prop, "code": value}))
        if rows:
            return rows[0]["s"].value
    return None


def _keys(store: Store) -> dict[str, set[str]]:
    """Every lower-cased name and code of every state → the states carrying it."""
    keys: dict[str, set[str]] = defaultdict(set)
    for row in store.select(_KEYS):
        keys[row["key"].value].add(row["s"].value)
    return keys


def _by_name(store: Store, text: str) -> str | None:
    matches = _keys(store).get(text.lower())
    return min(matches) if matches else None


def closest_states(store: Store, text: str, n: int = 5) -> list[dict[str, str]]:
    """Up to ``n`` states whose names or codes look most like ``text`` (difflib ratio)."""
    keys = _keys(store)
    chosen: list[str] = []
    for key in difflib.get_close_matches(text.lower(), list(keys), n=n * 3, cutoff=0.6):
        for state in sorted(keys[key]):
            if state not in chosen:
                chosen.append(state)
    labels = state_labels(store, chosen[:n])
    return [{"id": local_id(s), "label": labels[s], "iri": s} for s in chosen[:n]]


def search_states(store: Store, q: str | None, limit: int, offset: int) -> Page[StateRecord]:
    """States any of whose names or codes contains ``q`` (case-insensitive), by label.

    Without ``q`` every state is listed. States whose name or code equals ``q`` come first.
    """
    needle = (q or "").strip().lower()
    keys = _keys(store)
    exact = keys.get(needle, set()) if needle else set()
    hits = {state for key, states in keys.items() if needle in key for state in states}
    labels = state_labels(store, hits)
    ordered = sorted(hits, key=lambda s: (s not in exact, labels[s].lower(), s))
    chosen = page(ordered, limit, offset)
    return Page(state_records(store, chosen.items), chosen.total, limit, offset)


def state_records(store: Store, iris: Sequence[str]) -> list[StateRecord]:
    """Full records of the given states, in the given order."""
    if not iris:
        return []
    props: dict[str, dict[str, list[Term]]] = {i: defaultdict(list) for i in iris}
    query = render(_RECORDS, {"states": [NamedNode(i) for i in iris]})
    for row in store.select(query):
        props[row["s"].value][row["p"].value].append(row["o"])
    return [_record(i, props[i]) for i in iris]


def _record(iri: str, props: dict[str, list[Term]]) -> StateRecord:
    def first(local: str) -> str | None:
        values = sorted(t.value for t in props.get(PG_NS + local, []))
        return values[0] if values else None

    cow = first("cowCode")
    ident = first("iso3") or local_id(iri)
    return StateRecord(
        iri=iri,
        id=ident,
        label=_best_label(props.get(_PREF, [])) or ident,
        iso3=ident,
        iso2=first("iso2"),
        cow_code=int(cow) if cow is not None and cow.lstrip("-").isdigit() else None,
        cow_abbrev=first("cowAbbrev"),
        aliases=sorted({t.value for t in props.get(_ALT, [])}),
        same_as=sorted(t.value for t in props.get(OWL.sameAs.value, [])),
        kinds=sorted(
            t.value.removeprefix(PG_NS)
            for t in props.get(RDF.type.value, [])
            if t.value.startswith(PG_NS)
        ),
    )


def _best_label(terms: Iterable[Term]) -> str | None:
    """English first, then untagged, then any language; ties by text, for stable answers."""

    def rank(term: Term) -> tuple[int, str]:
        lang = term.language if isinstance(term, Literal) else None
        return (0 if lang and lang.lower().startswith("en") else 1 if not lang else 2, term.value)

    ordered = sorted(terms, key=rank)
    return ordered[0].value if ordered else None


def state_labels(store: Store, iris: Iterable[str]) -> dict[str, str]:
    """An English label per IRI: states by name, else their ISO3 code.

    Works for any entity (organisations, agreements, sources) by ``skos:prefLabel``,
    ``rdfs:label`` or ``schema:name``. Falls back to the last segment of the IRI
    (``.../state/KOR`` → ``KOR``), so every IRI asked for gets a label even when the graph
    knows nothing about it.
    """
    wanted = sorted(set(iris))
    if not wanted:
        return {}
    labels: dict[str, list[Term]] = defaultdict(list)
    codes: dict[str, str] = {}
    for row in store.select(render(_LABELS, {"entities": [NamedNode(i) for i in wanted]})):
        subject = row["s"].value
        if "label" in row:
            labels[subject].append(row["label"])
        if "iso3" in row:
            codes[subject] = row["iso3"].value
    return {i: _best_label(labels.get(i, [])) or codes.get(i) or local_id(i) for i in wanted}


def state_refs(store: Store, iris: Iterable[str]) -> dict[str, StateRef]:
    """A named reference per IRI, labelled as :func:`state_labels` labels them."""
    labels = state_labels(store, iris)
    return {i: StateRef.of(i, labels) for i in labels}
