"""SHACL validation of a large graph split across processes, with the guarantee of one pass.

:func:`app.ingest.validate.validate` runs pySHACL once over the data; on the ATOP graph
(~250k triples) that is a minute and a half of one core. Every SHACL result is about one focus
node of one shape that declares targets, and evaluating a focus node reads the whole data graph
but no other focus node's result. So the focus nodes can be dealt out to workers: each worker
validates the same data, context and ontology, with shapes whose targets are replaced by a
marker class that only its own share of focus nodes carries. The union of the workers' results
is the one-pass result (``tests/datasets/test_shacl.py`` checks this on a broken sample);
nodes described only in the context are skipped, as ``validate`` drops them anyway.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from app.ingest.validate import Violation, ontology_graph, shapes_graph, validate

__all__ = ["validate_split"]

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)

# The graphs a forked worker reads (fork copies them; rdflib graphs pickle slowly).
_JOB: dict[str, Graph] = {}


def validate_split(data: Graph, context: Graph, workers: int | None = None) -> list[Violation]:
    """The violations ``validate(data, context)`` reports, computed by ``workers`` processes."""
    workers = workers or os.cpu_count() or 1
    shapes = shapes_graph()
    lookup = (data, context, ontology_graph())
    described = set(data.subjects())
    shares: list[list[tuple[Node, URIRef]]] = [[] for _ in range(workers)]
    target_shapes = sorted({s for t in _TARGETS for s in shapes.subjects(t, None)}, key=str)
    for number, shape in enumerate(target_shapes):
        marker = URIRef(f"urn:x-pactgraph-test:share-of:{shape}")
        focus = sorted(_focus_nodes(shapes, shape, lookup) & described, key=str)
        for index, node in enumerate(focus):
            shares[(index + number) % workers].append((node, marker))
    jobs = []
    for share in shares:
        split = Graph()
        for prefix, namespace in shapes.namespaces():  # pySHACL's messages name terms by them
            split.bind(prefix, namespace)
        for triple in shapes:
            if triple[1] not in _TARGETS:
                split.add(triple)
        for shape in target_shapes:
            split.add((shape, SH.targetClass, URIRef(f"urn:x-pactgraph-test:share-of:{shape}")))
        jobs.append((split, share))
    _JOB.update(data=data, context=context)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_validate_share, jobs)
    finally:
        _JOB.clear()
    return sorted(
        {v for result in results for v in result},
        key=lambda v: (v.focus_node, v.path or "", v.message),
    )


def _validate_share(job: tuple[Graph, list[tuple[Node, URIRef]]]) -> list[Violation]:
    split, share = job
    data = _JOB["data"]
    for node, marker in share:
        data.add((node, RDF.type, marker))
    return validate(data, _JOB["context"], shapes=split)


def _focus_nodes(shapes: Graph, shape: Node, graphs: Iterable[Graph]) -> set[Node]:
    """SHACL Core target semantics (``sh:targetClass`` includes subclass instances)."""
    graphs = tuple(graphs)
    focus: set[Node] = set(shapes.objects(shape, SH.targetNode))
    for cls in shapes.objects(shape, SH.targetClass):
        for sub in _subclasses(cls, graphs):
            focus.update(n for g in graphs for n in g.subjects(RDF.type, sub))
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        focus.update(o for g in graphs for o in g.objects(None, prop))
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        focus.update(s for g in graphs for s in g.subjects(prop, None))
    return focus


def _subclasses(cls: Node, graphs: tuple[Graph, ...]) -> set[Node]:
    found, todo = {cls}, [cls]
    while todo:
        current = todo.pop()
        for g in graphs:
            for sub in g.subjects(RDFS.subClassOf, current):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
    return found
