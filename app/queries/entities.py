"""Entity descriptions for linked-data dereferencing: what the graph says about one IRI.

The description is a Concise Bounded Description: every triple with the entity as subject,
plus the triples of the blank nodes it reaches (citations, obligations, dataset records), up to
three blank nodes deep, which covers every shape the ontology uses. Other named nodes (states,
sources, events) are only referenced: each dereferences on its own.
"""

from __future__ import annotations

from pyoxigraph import NamedNode, Triple

from app.errors import InvalidParameter, NotFound
from app.ontology import ID_NS
from app.store import Store, iri, render

_DESCRIBE = """
CONSTRUCT { ?s ?p ?o } WHERE {
  { BIND($entity AS ?s) }
  UNION { $entity ?p1 ?s . FILTER(isBlank(?s)) }
  UNION { $entity ?p1 ?b1 . FILTER(isBlank(?b1)) ?b1 ?p2 ?s . FILTER(isBlank(?s)) }
  UNION { $entity ?p1 ?b1 . FILTER(isBlank(?b1)) ?b1 ?p2 ?b2 . FILTER(isBlank(?b2))
          ?b2 ?p3 ?s . FILTER(isBlank(?s)) }
  ?s ?p ?o .
}"""


def entity_iri(path: str) -> NamedNode:
    """The IRI served at ``/id/{path}`` (``state/KOR`` → ``https://w3id.org/pactgraph/id/state/KOR``).

    :raises NotFound: the path cannot be part of an IRI (spaces, brackets, quotes …).
    """
    try:
        return iri(ID_NS + path)
    except InvalidParameter as exc:
        raise NotFound(f"/id/{path} names no entity") from exc


def describe(store: Store, entity: NamedNode) -> list[Triple]:
    """The entity's description, in a stable order.

    :raises NotFound: the graph says nothing about the entity.
    """
    triples = store.construct(render(_DESCRIBE, {"entity": entity}))
    if not triples:
        raise NotFound(f"the graph has nothing about <{entity.value}>", iri=entity.value)
    return sorted(set(triples), key=lambda t: (t.subject != entity, str(t)))
