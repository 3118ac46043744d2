"""The same data validated by pySHACL and by the SPARQL translation, as comparable results.

A result is keyed by what both report for it: focus node, path, value, source shape and
constraint component, each as N-Triples text. Results are counted (pySHACL reports one per
failing constraint, so three failing ``sh:node`` of one shape give the same key three times).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pyoxigraph
import pyshacl
from pyoxigraph import NamedNode, Quad, Triple
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from app.ingest.checks import rdflib_graph
from app.ingest.shacl_sparql import check_store
from app.ingest.validate import ontology_graph, shapes_graph

Key = tuple[str, str | None, str | None, str, str]

_DATA = NamedNode("urn:x-pactgraph-test:data")
_CONTEXT = NamedNode("urn:x-pactgraph-test:context")


def by_pyshacl(data: Sequence[Triple], context: Sequence[Triple]) -> Counter[Key]:
    """pySHACL's results, run as :func:`app.ingest.validate.validate` runs it (data merged
    with the ontology and the context, results about the data's own subjects kept)."""
    own = rdflib_graph(list(data))
    combined = Graph()
    combined += own
    combined += ontology_graph()
    combined += rdflib_graph(list(context))
    _conforms, report, _text = pyshacl.validate(
        combined, shacl_graph=shapes_graph(), inference="none", allow_warnings=True, inplace=True
    )
    described = set(own.subjects())
    found: Counter[Key] = Counter()
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        if focus not in described:
            continue
        path, value = report.value(result, SH.resultPath), report.value(result, SH.value)
        found[
            (
                _nt(focus),
                _nt(path) if path is not None else None,
                _nt(value) if value is not None else None,
                _nt(report.value(result, SH.sourceShape)),
                _nt(report.value(result, SH.sourceConstraintComponent)),
            )
        ] += 1
    return found


def by_sparql(data: Sequence[Triple], context: Sequence[Triple]) -> Counter[Key]:
    """The SPARQL translation's results, the data and the context in two graphs of a store."""
    store = pyoxigraph.Store()
    store.extend(Quad(t.subject, t.predicate, t.object, _DATA) for t in data)
    store.extend(Quad(t.subject, t.predicate, t.object, _CONTEXT) for t in context)
    return Counter(
        (r.focus, r.path, r.value, r.shape, r.component)
        for r in check_store(store, [_DATA], [_CONTEXT], shapes_graph())
    )


def _nt(node: Node | None) -> str:
    if isinstance(node, URIRef):
        return str(NamedNode(str(node)))
    if isinstance(node, BNode):
        return str(pyoxigraph.BlankNode(str(node)))
    if isinstance(node, Literal):
        datatype = NamedNode(str(node.datatype)) if node.datatype is not None else None
        return str(pyoxigraph.Literal(str(node), datatype=datatype, language=node.language))
    raise TypeError(f"not an RDF term: {node!r}")
