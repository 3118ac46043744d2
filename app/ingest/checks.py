"""The checks an ingest batch passes before anything is written, and its rdflib form for SHACL.

:func:`check_batch` runs them in order: references (:func:`check_references`: every state IRI
is a state of the store or of the batch, every agreement type a concept under
``pg:MilitaryCooperation``, no derived term written by hand; each miss named with the closest
known terms, 422), then the SHACL shapes on the batch together with what it refers to in the
store (:func:`context_triples`, :func:`check_content`). :mod:`app.ingest.batch` calls them; the
SHACL test of the write path uses the same pieces.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Triple
from rdflib import BNode, Graph, Literal as RdfLibLiteral, URIRef

from app.errors import ValidationFailed
from app.ingest.validate import validate
from app.ontology import (
    ID_NS,
    PG,
    RELATIONS,
    SPARQL_PREFIXES,
    STATE_NS,
)
from app.store import Store, render
from app.vocab import RDF

_CLOSEST = 3

#: Objects of these predicates must be concepts of the agreement-type scheme.
_TYPE_PREDICATES = (PG.agreementType, PG.obligationType, PG.reportedType)

#: Materialised by app.rules, never asserted: a hand-written one would outlive its agreement.
_DERIVED_PREDICATES = frozenset(
    [rel.property.value for rel in RELATIONS.values()] + [PG.statusPeriod.value]
)

_STATE_CLASSES = SPARQL_PREFIXES + "SELECT ?c WHERE { ?c rdfs:subClassOf* pg:State }"

_KNOWN_STATES = SPARQL_PREFIXES + "SELECT DISTINCT ?s WHERE { ?s a/rdfs:subClassOf* pg:State }"

_KNOWN_TYPES = (
    SPARQL_PREFIXES + "SELECT DISTINCT ?c WHERE { ?c skos:broader* pg:MilitaryCooperation }"
)

# What the batch's IRIs mean in the store, blank-node descriptions (citations) included.
# The classes of the IRIs they point to come along too: a batch that adds an event to a curated
# agreement is checked with the agreement's other events, which sh:class must see typed.
# Three branches, each with its VALUES: pyoxigraph evaluates OPTIONALs (or a VALUES outside a
# UNION) before binding ?s, scanning every typed node of the store (6x slower on the datasets).
# Derived triples are left out: no shape reads them (a batch may not assert them), and a
# state's shortcuts would bring every partner and its types (60% of the context on the
# make-run store), which the validator then walks for nothing.
_CONTEXT = """CONSTRUCT { ?s ?p ?o . ?o ?p2 ?o2 . ?o a ?c } WHERE {
  { VALUES ?s { $iris } ?s ?p ?o FILTER(?p NOT IN ($derived)) }
  UNION { VALUES ?s { $iris } ?s ?p ?o . ?o ?p2 ?o2 FILTER(isBlank(?o)) }
  UNION { VALUES ?s { $iris } ?s ?p ?o . ?o a ?c FILTER(?p NOT IN ($derived)) }
}""".replace("$derived", ", ".join(f"<{p}>" for p in sorted(_DERIVED_PREDICATES)))


def check_references(store: Store, triples: list[Triple]) -> None:
    """Refuse unknown states, unknown agreement types and hand-written derived relations.

    :raises ValidationFailed: listing each problem with the closest known terms.
    """
    errors: list[dict[str, Any]] = []
    derived = sorted(
        {t.predicate.value for t in triples if t.predicate.value in _DERIVED_PREDICATES}
    )
    errors += [
        {
            "kind": "derived-term",
            "term": term,
            "message": f"<{term}> is derived from agreements by the rules; assert the agreement",
        }
        for term in derived
    ]
    state_classes = {row["c"].value for row in store.select(_STATE_CLASSES)} | {PG.State.value}
    typed_here = {
        t.subject.value
        for t in triples
        if t.predicate == RDF.type
        and isinstance(t.subject, NamedNode)
        and isinstance(t.object, NamedNode)
        and t.object.value in state_classes
    }
    mentioned = {
        term.value
        for t in triples
        for term in (t.subject, t.object)
        if isinstance(term, NamedNode) and term.value.startswith(STATE_NS)
    }
    if mentioned - typed_here:
        known = {row["s"].value for row in store.select(_KNOWN_STATES)} | typed_here
        errors += _unknown("unknown-state", "state", mentioned - known, known)
    used_types = {
        t.object.value
        for t in triples
        if t.predicate in _TYPE_PREDICATES and isinstance(t.object, NamedNode)
    }
    if used_types:
        concepts = {row["c"].value for row in store.select(_KNOWN_TYPES)}
        errors += _unknown(
            "unknown-agreement-type", "agreement type", used_types - concepts, concepts
        )
    if errors:
        raise ValidationFailed(
            "the batch refers to terms the store does not know: "
            + "; ".join(e["message"] for e in errors),
            errors=errors,
        )


def _unknown(kind: str, what: str, missing: set[str], known: set[str]) -> list[dict[str, Any]]:
    by_name = {_local_name(k): k for k in known}
    errors = []
    for term in sorted(missing):
        closest = [
            by_name[n]
            for n in difflib.get_close_matches(_local_name(term), by_name, n=_CLOSEST, cutoff=0.3)
        ]
        hint = f"; closest known: {', '.join(closest)}" if closest else ""
        errors.append(
            {
                "kind": kind,
                "term": term,
                "closest": closest,
                "message": f"unknown {what} <{term}>{hint}",
            }
        )
    return errors


def _local_name(value: str) -> str:
    return re.split(r"[/#]", value)[-1]


def context_triples(store: Store, triples: list[Triple]) -> list[Triple]:
    """What the store says about the entities the batch mentions (``.../id/`` IRIs).

    Ontology terms need no fetching: the validator reads the ontology itself.
    """
    mentioned = sorted(
        {
            term.value
            for t in triples
            for term in (t.subject, t.object)
            if isinstance(term, NamedNode) and term.value.startswith(ID_NS)
        }
    )
    if not mentioned:
        return []
    return store.construct(render(_CONTEXT, {"iris": [NamedNode(v) for v in mentioned]}))


def check_batch(store: Store, triples: list[Triple]) -> None:
    """Every check a batch must pass before it is written (references, then SHACL).

    :raises ValidationFailed: with each problem in ``errors``.
    """
    if not triples:
        raise ValidationFailed("the batch holds no triples: nothing to add", errors=[])
    check_content(store, triples)


def check_content(store: Store, triples: list[Triple]) -> None:
    """References, then the shapes, of triples about to be written anywhere.

    :raises ValidationFailed: with each problem in ``errors``.
    """
    check_references(store, triples)
    found = validate(rdflib_graph(triples), rdflib_graph(context_triples(store, triples)))
    violations = [v for v in found if v.severity == "Violation"]
    if violations:
        raise ValidationFailed(
            f"the batch violates {len(violations)} constraint(s) of the ontology's shapes: "
            + "; ".join(str(v) for v in violations[:10]),
            errors=[
                {
                    "kind": "shacl",
                    "focus_node": v.focus_node,
                    "path": v.path,
                    "message": v.message,
                    "value": v.value,
                }
                for v in violations
            ],
        )


def rdflib_graph(triples: list[Triple]) -> Graph:
    """The same triples as an rdflib graph, the form pySHACL reads.

    Terms are converted one by one (several times faster than re-parsing N-Triples).
    """
    graph = Graph()
    graph.addN(
        (_rdflib_term(t.subject), _rdflib_term(t.predicate), _rdflib_term(t.object), graph)
        for t in triples
    )
    return graph


def _rdflib_term(term: object) -> URIRef | BNode | RdfLibLiteral:
    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        return BNode(term.value)
    if isinstance(term, Literal):
        if term.language:
            return RdfLibLiteral(term.value, lang=term.language)
        return RdfLibLiteral(term.value, datatype=URIRef(term.datatype.value))
    raise ValidationFailed("RDF-star quoted triples are not accepted in batches", errors=[])


__all__ = [
    "check_batch",
    "check_content",
    "check_references",
    "context_triples",
    "rdflib_graph",
]
