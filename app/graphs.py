"""Every named graph pactgraph maintains, in one registry, and the one test of "is it ours?".

pactgraph keeps its own bookkeeping and derived data in named graphs beside the data people
write. A client may read all of them, but writing one by hand would corrupt the service: a
``PUT`` of a bundle file's graph would survive restarts (the bundle hash lives in the meta
graph), a ``DROP`` of the provenance graph would orphan every batch. Every write path (Graph
Store ``PUT``/``POST``/``DELETE``, SPARQL Update, ingest, retraction) asks
:func:`is_maintained` before it touches a graph named by a client.

The graphs, all under :data:`GRAPH_NS` (``https://w3id.org/pactgraph/id/graph/``):

=============================  ===============================================================
``graph/meta``                 the store's bookkeeping: data version, content hashes
``graph/derived``              status periods and shortcut relations (:mod:`app.rules`)
``graph/provenance``           one ``prov:Bundle`` per ingest batch
``graph/audit``                retracted batches, who retracted them and when
``graph/rejections``           candidate facts a reviewer rejected (:mod:`app.extract.review`)
``graph/links/same-treaty``    ``pg:sameTreatyAs`` links between datasets and curated facts
``graph/bundle/<path>``        one per bundled file (ontology/, graph_data/)
``graph/dataset/<name>``       one per imported dataset
``graph/batch/<id>``           one per ingest batch (written only through ingest)
=============================  ===============================================================

Any other IRI under :data:`GRAPH_NS` is reserved too, so a graph added later is protected
before anyone remembers to list it.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from app.namespaces import ID_NS

__all__ = [
    "AUDIT_GRAPH",
    "BATCH_GRAPH_PREFIX",
    "BUNDLE_GRAPH_PREFIX",
    "DATASET_GRAPH_PREFIX",
    "DERIVED_GRAPH",
    "GRAPH_KINDS",
    "GRAPH_NS",
    "LINKS_GRAPH",
    "META_GRAPH",
    "PROVENANCE_GRAPH",
    "REJECTIONS_GRAPH",
    "graph_kind",
    "is_maintained",
]

GRAPH_NS = ID_NS + "graph/"

#: The store's own bookkeeping (data version, bundle hash, dataset hashes).
META_GRAPH = NamedNode(GRAPH_NS + "meta")
#: Status periods and shortcut relations, recomputed after every write.
DERIVED_GRAPH = NamedNode(GRAPH_NS + "derived")
#: Descriptions of the batches in the store (one ``prov:Bundle`` each).
PROVENANCE_GRAPH = NamedNode(GRAPH_NS + "provenance")
#: Descriptions of retracted batches and who retracted them when.
AUDIT_GRAPH = NamedNode(GRAPH_NS + "audit")
#: Candidate facts a reviewer rejected, so the extractor does not propose them again.
REJECTIONS_GRAPH = NamedNode(GRAPH_NS + "rejections")
#: ``pg:sameTreatyAs`` links that need both datasets and curated facts loaded.
LINKS_GRAPH = NamedNode(GRAPH_NS + "links/same-treaty")
#: One graph per bundled file: ``graph/bundle/<path relative to the project>``.
BUNDLE_GRAPH_PREFIX = GRAPH_NS + "bundle/"
#: One graph per imported dataset: ``graph/dataset/<name>``.
DATASET_GRAPH_PREFIX = GRAPH_NS + "dataset/"
#: One graph per ingest batch: ``graph/batch/<id>``.
BATCH_GRAPH_PREFIX = GRAPH_NS + "batch/"

#: What each graph (or family of graphs, by prefix) holds, for service descriptions.
GRAPH_KINDS: dict[str, str] = {
    BUNDLE_GRAPH_PREFIX: "bundled file",
    DATASET_GRAPH_PREFIX: "imported dataset",
    BATCH_GRAPH_PREFIX: "ingest batch",
    DERIVED_GRAPH.value: "derived data (status periods, shortcut relations)",
    META_GRAPH.value: "store bookkeeping",
    PROVENANCE_GRAPH.value: "ingest batch descriptions (provenance)",
    AUDIT_GRAPH.value: "retractions (audit)",
    REJECTIONS_GRAPH.value: "rejected extraction candidates (review queue)",
    LINKS_GRAPH.value: "same-treaty links between datasets and curated facts",
}


def is_maintained(graph: NamedNode | str) -> bool:
    """True when pactgraph maintains ``graph``: no client may write, replace or drop it.

    >>> is_maintained(PROVENANCE_GRAPH), is_maintained(BUNDLE_GRAPH_PREFIX + "graph_data/x.ttl")
    (True, True)
    >>> is_maintained("http://example.org/notes")
    False
    """
    value = graph.value if isinstance(graph, NamedNode) else graph
    return value.startswith(GRAPH_NS)


def graph_kind(graph: NamedNode | str) -> str:
    """What a graph holds, from the registry (``named graph`` for a client's own).

    >>> graph_kind(DATASET_GRAPH_PREFIX + "atop-5.1"), graph_kind("http://example.org/g")
    ('imported dataset', 'named graph')
    """
    value = graph.value if isinstance(graph, NamedNode) else graph
    return next(
        (
            kind
            for key, kind in GRAPH_KINDS.items()
            if value == key or (key.endswith("/") and value.startswith(key))
        ),
        "pactgraph graph" if is_maintained(value) else "named graph",
    )
