"""Ingest batches: the one write path for new facts (REST ingest, Graph Store writes, CLI load).

A batch is parsed, checked and written in that order, and nothing reaches the store before
every check passed:

1. **Parse** (:func:`parse_batch`): a syntax error is a 400 naming line and column.
2. **References** (:func:`app.ingest.checks.check_references`): every state IRI
   (``.../id/state/XXX``) must be a state of the store or of the batch, every agreement type
   a concept under ``pg:MilitaryCooperation``; derived terms (shortcut relations, status
   periods) are never written by hand. Each miss is named with the closest known terms (422).
3. **SHACL** (:func:`app.ingest.validate.validate`): the ontology's shapes run on the batch
   together with what it refers to in the store (the states, agreements and concepts it
   mentions, fetched by CONSTRUCT), so ``pg:party`` can be checked to be a State without
   loading the whole store. Only violations about the batch's own subjects are reported (422).

Before the parse, the body passes the limits of :mod:`app.ingest.limits` (nesting, DTD), and
before the hash its blank-node count (422, naming the ``PACTGRAPH_*`` setting).

An accepted batch is written in one transaction: its triples into the named graph
``.../id/graph/batch/<id>`` and its description into :data:`PROVENANCE_GRAPH` (a
``prov:Bundle`` with author, time, content hash, declared source and triple count). The id is
the start of the content hash (:mod:`app.ingest.identity`: canonical N-Quads when the blank
nodes can be told apart cheaply, else the body's bytes), so posting the same content again finds
the batch and writes nothing but a repair: when a crash cut the last write short of its
derived data, the re-post recomputes it (:func:`app.ingest.writes.repair_derived`). Retraction
drops the batch graph and moves its description into :data:`AUDIT_GRAPH` with a
``prov:Invalidation`` saying who retracted it and when. Derived data and the data version
follow every write (:func:`after_write`).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from app.errors import Forbidden, InvalidParameter, NotFound
from app.graphs import AUDIT_GRAPH, BATCH_GRAPH_PREFIX, PROVENANCE_GRAPH, is_maintained
from app.ingest.checks import check_batch, check_content
from app.ingest.identity import ID_LENGTH, batch_key
from app.ingest.limits import ParseLimits, check_blank_nodes, check_body
from app.ingest.writes import after_write, mark_writing, repair_derived, write_lock
from app.ontology import (
    ID_NS,
    PG,
    SPARQL_PREFIXES,
)
from app.store import Store, iri, render
from app.store.base import parse_triples
from app.vocab import PROV, RDF, RDFS, XSD

#: Relative IRIs of a batch resolve against the entity namespace: ``<agreement/x>`` works.
BASE_IRI = NamedNode(ID_NS)

_BATCH_ID = re.compile(rf"[0-9a-f]{{{ID_LENGTH}}}")


_BATCHES = (
    SPARQL_PREFIXES
    + """
SELECT ?b ?hash ?author ?time ?n ?source ?label WHERE { GRAPH $prov {
  VALUES ?b { $only }
  ?b a prov:Bundle ; pg:contentHash ?hash ; prov:generatedAtTime ?time ; pg:tripleCount ?n ;
     prov:wasAttributedTo ?agent .
  ?agent rdfs:label ?author .
  OPTIONAL { ?b prov:hadPrimarySource ?source }
  OPTIONAL { ?b rdfs:label ?label }
} } ORDER BY ?time ?b"""
)
_ALL_BATCHES = _BATCHES.replace("VALUES ?b { $only }", "")
_GRAPH_EXISTS = "ASK { GRAPH $g { ?s ?p ?o } }"
_CONTENT = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH $g { ?s ?p ?o } }"
# One request, one transaction: the graph goes, its description moves to the audit graph,
# the invalidation is recorded.
_RETRACT = (
    SPARQL_PREFIXES
    + """
DROP SILENT GRAPH $b ;
DELETE { GRAPH $prov { $b ?p ?o } } INSERT { GRAPH $audit { $b ?p ?o } }
WHERE { GRAPH $prov { $b ?p ?o } } ;
INSERT DATA { GRAPH $audit {
  $event a prov:Invalidation ; prov:entity $b ; prov:atTime $at ; prov:wasAssociatedWith $agent ;
    pg:contentHash $hash .
  $agent a prov:Agent ; rdfs:label $name .
} }"""
)


@dataclass(frozen=True)
class Batch:
    """An ingest batch as described in the provenance graph."""

    id: str
    graph: str
    content_hash: str
    author: str
    generated_at: str
    triples: int
    source: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class IngestResult:
    """The batch that holds the posted content; ``created`` is false when it was there already."""

    batch: Batch
    created: bool


@dataclass(frozen=True)
class Retraction:
    """The audit record of a retraction."""

    batch: Batch
    retracted_by: str
    retracted_at: str


def parse_batch(data: bytes, fmt: RdfFormat, limits: ParseLimits | None = None) -> list[Triple]:
    """The distinct triples of ``data``; graph names of TriG/N-Quads input are dropped.

    :raises LimitExceeded: the body passes a limit (before or right after parsing).
    :raises RdfSyntaxError: with ``line`` and ``column`` of the error.
    """
    return _parse_limited(data, fmt, BASE_IRI, limits or ParseLimits(), distinct=True)


def _parse_limited(
    data: bytes, fmt: RdfFormat, base: NamedNode, limits: ParseLimits, distinct: bool
) -> list[Triple]:
    check_body(data, fmt, limits)
    triples = parse_triples(data, fmt, base)
    if distinct:
        triples = list(dict.fromkeys(triples))
    check_blank_nodes(triples, limits)
    return triples


def batch_graph(batch_id: str) -> NamedNode:
    """The named graph of a batch."""
    return NamedNode(BATCH_GRAPH_PREFIX + batch_id)


def declared_source(value: str | None) -> NamedNode | None:
    """The ``source`` a client declares for a batch: an absolute IRI (often a URL)."""
    if value is None or value == "":
        return None
    try:
        return iri(value)
    except InvalidParameter as exc:
        raise InvalidParameter(exc.detail, parameter="source") from exc


def ingest(
    store: Store,
    data: bytes,
    fmt: RdfFormat,
    author: str,
    source: NamedNode | None = None,
    label: str | None = None,
    limits: ParseLimits | None = None,
) -> IngestResult:
    """Parse, check and write one batch; the same content twice gives the existing batch.

    A re-post also repairs derived data a crash left behind the last write.

    :raises LimitExceeded: the body passes a limit (nothing parsed, nothing written).
    :raises RdfSyntaxError: the data does not parse (nothing written).
    :raises ValidationFailed: a reference or a shape fails (nothing written).
    """
    triples = parse_batch(data, fmt, limits)
    key = batch_key(triples, data, fmt)
    batch_id = key.id
    if find_batch(store, batch_id) is None:
        check_batch(store, triples)
    with write_lock(store):
        existing = find_batch(store, batch_id)
        if existing is not None:
            repair_derived(store)
            return IngestResult(existing, created=False)
        batch = Batch(
            id=batch_id,
            graph=batch_graph(batch_id).value,
            content_hash=key.content_hash,
            author=author,
            generated_at=_now(),
            triples=len(triples),
            source=source.value if source is not None else None,
            label=label or None,
        )
        graph = batch_graph(batch_id)
        description = _description(batch)
        mark_writing(store)
        store.add_quads(
            [Quad(t.subject, t.predicate, t.object, graph) for t in triples]
            + [Quad(t.subject, t.predicate, t.object, PROVENANCE_GRAPH) for t in description]
        )
        after_write(store, triples)
    # As the store returns it (a dateTime comes back in canonical form).
    return IngestResult(get_batch(store, batch_id), created=True)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def agent_iri(name: str) -> NamedNode:
    """The ``prov:Agent`` a writer (a batch's author, a reviewer) is recorded as."""
    return NamedNode(ID_NS + "agent/" + quote(name, safe=""))


def _description(batch: Batch) -> list[Triple]:
    node = NamedNode(batch.graph)
    agent = agent_iri(batch.author)
    triples = [
        Triple(node, RDF.type, PROV.Bundle),
        Triple(node, PROV.wasAttributedTo, agent),
        Triple(node, PROV.generatedAtTime, Literal(batch.generated_at, datatype=XSD.dateTime)),
        Triple(node, PG.contentHash, Literal(batch.content_hash)),
        Triple(node, PG.tripleCount, Literal(str(batch.triples), datatype=XSD.integer)),
        Triple(agent, RDF.type, PROV.Agent),
        Triple(agent, RDFS.label, Literal(batch.author)),
    ]
    if batch.source is not None:
        triples.append(Triple(node, PROV.hadPrimarySource, NamedNode(batch.source)))
    if batch.label is not None:
        triples.append(Triple(node, RDFS.label, Literal(batch.label)))
    return triples


def refuse_maintained(graph: NamedNode) -> None:
    """Refuse a client's write to a graph pactgraph maintains (:func:`app.graphs.is_maintained`).

    :raises Forbidden: it is one of them.
    """
    if is_maintained(graph):
        raise Forbidden(
            f"<{graph.value}> is maintained by pactgraph itself; add facts with "
            "POST /api/v1/ingest or write a graph outside https://w3id.org/pactgraph/id/graph/",
            graph=graph.value,
        )


def write_graph(
    store: Store,
    graph: NamedNode,
    data: bytes,
    fmt: RdfFormat,
    replace: bool,
    limits: ParseLimits | None = None,
) -> bool:
    """A Graph Store Protocol write, checked like a batch: PUT replaces, POST adds.

    Relative IRIs resolve against ``graph``, as the protocol says. Returns True when the graph
    did not exist before.

    :raises Forbidden: ``graph`` is one pactgraph maintains (:func:`app.graphs.is_maintained`:
        those change through their own operations).
    :raises LimitExceeded: the body passes a limit (nothing parsed, nothing written).
    :raises RdfSyntaxError: the data does not parse (nothing written).
    :raises ValidationFailed: a reference or a shape fails (nothing written).
    """
    refuse_maintained(graph)
    triples = _parse_limited(data, fmt, graph, limits or ParseLimits(), distinct=False)
    if triples:
        check_content(store, triples)
    with write_lock(store):
        created = not store.ask(render(_GRAPH_EXISTS, {"g": graph}))
        # What the replaced graph held is touched too: derived data follows it out.
        removed = store.construct(render(_CONTENT, {"g": graph})) if replace and not created else []
        mark_writing(store)
        if replace:  # one transaction: readers never see the graph emptied
            body = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
            store.replace_graph(graph, body, RdfFormat.N_TRIPLES)
        else:
            store.add_quads(Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        after_write(store, [*removed, *triples])
    return created


def list_batches(store: Store) -> list[Batch]:
    """Every batch in the store, oldest first."""
    return _batches(store, _ALL_BATCHES, {"prov": PROVENANCE_GRAPH})


def find_batch(store: Store, batch_id: str) -> Batch | None:
    """The batch with this id, or None."""
    if not _BATCH_ID.fullmatch(batch_id):
        return None
    found = _batches(store, _BATCHES, {"prov": PROVENANCE_GRAPH, "only": batch_graph(batch_id)})
    return found[0] if found else None


def get_batch(store: Store, batch_id: str) -> Batch:
    """The batch with this id.

    :raises NotFound: no batch has this id (never ingested, or retracted).
    """
    batch = find_batch(store, batch_id)
    if batch is None:
        raise NotFound(
            f"no batch {batch_id!r} in the store; GET /api/v1/ingest lists the batches",
            batch=batch_id,
        )
    return batch


def _batches(store: Store, template: str, values: dict[str, NamedNode]) -> list[Batch]:
    result = []
    for row in store.select(render(template, values)):
        graph = row["b"].value
        result.append(
            Batch(
                id=graph.removeprefix(BATCH_GRAPH_PREFIX),
                graph=graph,
                content_hash=row["hash"].value,
                author=row["author"].value,
                generated_at=row["time"].value,
                triples=int(row["n"].value),
                source=row["source"].value if "source" in row else None,
                label=row["label"].value if "label" in row else None,
            )
        )
    return result


def batch_content(store: Store, batch_id: str) -> list[Triple]:
    """The triples of a batch, as they are in the store now.

    :raises NotFound: no batch has this id.
    """
    get_batch(store, batch_id)
    return store.construct(render(_CONTENT, {"g": batch_graph(batch_id)}))


def retract(store: Store, batch_id: str, author: str) -> Retraction:
    """Remove a batch's graph, keeping its description and who retracted it in the audit graph.

    :raises NotFound: no batch has this id.
    """
    with write_lock(store):
        batch = get_batch(store, batch_id)
        removed = store.construct(render(_CONTENT, {"g": NamedNode(batch.graph)}))
        at = _now()
        mark_writing(store)
        store.update(
            render(
                _RETRACT,
                {
                    "b": NamedNode(batch.graph),
                    "prov": PROVENANCE_GRAPH,
                    "audit": AUDIT_GRAPH,
                    "event": NamedNode(f"{ID_NS}retraction/{batch.id}-{uuid.uuid4().hex[:12]}"),
                    "at": Literal(at, datatype=XSD.dateTime),
                    "agent": agent_iri(author),
                    "name": Literal(author),
                    "hash": Literal(batch.content_hash),
                },
            )
        )
        after_write(store, removed)
    return Retraction(batch, retracted_by=author, retracted_at=at)


__all__ = [
    "AUDIT_GRAPH",
    "BATCH_GRAPH_PREFIX",
    "PROVENANCE_GRAPH",
    "Batch",
    "IngestResult",
    "Retraction",
    "agent_iri",
    "batch_content",
    "batch_graph",
    "declared_source",
    "find_batch",
    "get_batch",
    "ingest",
    "list_batches",
    "parse_batch",
    "retract",
    "write_graph",
]
