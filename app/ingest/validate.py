"""SHACL validation of data against the ontology's shapes (``ontology/shapes.ttl``).

Data is validated together with a *context*: triples that are not being written but that the
data refers to (the parties' ``rdf:type``, the concepts' ``skos:broader``), so a batch that
names ``<.../state/KOR>`` as a party passes ``sh:class pg:State`` without loading the store.
The ontology (``ontology/pactgraph.ttl``) is mixed in for its subclass links.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyshacl
from pyoxigraph import BlankNode, Literal, NamedNode, Triple
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLibLiteral
from rdflib.namespace import SH

from app.config import PROJECT_ROOT
from app.store.terms import Term

SHAPES_PATH = PROJECT_ROOT / "ontology" / "shapes.ttl"
ONTOLOGY_PATH = PROJECT_ROOT / "ontology" / "pactgraph.ttl"


@dataclass(frozen=True)
class Violation:
    """One SHACL result of severity sh:Violation."""

    focus_node: Term
    path: str | None
    message: str
    shape: str | None

    def describe(self) -> str:
        """One line for error details: focus node, path and message."""
        where = f" {self.path}" if self.path else ""
        return f"{_show(self.focus_node)}{where}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        """The violation as a JSON object (problem documents list these)."""
        return {
            "focus_node": _show(self.focus_node),
            "path": self.path,
            "message": self.message,
            "shape": self.shape,
        }


def _show(term: Term) -> str:
    return f"_:{term.value}" if isinstance(term, BlankNode) else term.value


@lru_cache(maxsize=4)
def _graph(path: Path, mtime_ns: int) -> Graph:
    """A parsed Turtle file; ``mtime_ns`` keys the cache so an edited file is re-read."""
    return Graph().parse(path, format="turtle")


def _load(path: Path) -> Graph:
    return _graph(path, path.stat().st_mtime_ns)


def _rdflib_term(term: Term) -> URIRef | BNode | RdfLibLiteral:
    if isinstance(term, NamedNode):
        return URIRef(term.value)
    if isinstance(term, BlankNode):
        # The same label on both sides: results map back to the caller's own blank nodes.
        return BNode(term.value)
    if term.language:
        return RdfLibLiteral(term.value, lang=term.language)
    return RdfLibLiteral(term.value, datatype=URIRef(term.datatype.value))


def _oxigraph_term(term: object) -> Term:
    if isinstance(term, URIRef):
        return NamedNode(str(term))
    if isinstance(term, BNode):
        return BlankNode(str(term))
    assert isinstance(term, RdfLibLiteral)
    if term.language:
        return Literal(str(term), language=term.language)
    return Literal(str(term), datatype=NamedNode(str(term.datatype)) if term.datatype else None)


def validate(data: Iterable[Triple], context: Iterable[Triple] = ()) -> list[Violation]:
    """Violations of the shapes by ``data`` read together with ``context``.

    Returns every sh:Violation result (warnings and infos pass), whatever its focus node: the
    caller decides which ones concern the data it is about to write.
    """
    if not SHAPES_PATH.exists():
        return []
    graph = Graph()
    for triple in (*data, *context):
        subject, obj = triple.subject, triple.object
        if isinstance(subject, Triple) or isinstance(obj, Triple):
            continue  # RDF-star quoted triples: no shape of the ontology is about them
        graph.add((_rdflib_term(subject), _rdflib_term(triple.predicate), _rdflib_term(obj)))
    conforms, results, _ = pyshacl.validate(
        graph,
        shacl_graph=_load(SHAPES_PATH),
        ont_graph=_load(ONTOLOGY_PATH),
        inference="none",
        allow_warnings=True,
    )
    if conforms:
        return []
    violations = []
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        shape = results.value(result, SH.sourceShape)
        violations.append(
            Violation(
                focus_node=_oxigraph_term(results.value(result, SH.focusNode)),
                path=str(path) if isinstance(path, URIRef) else None,
                message=str(message) if message is not None else "constraint not met",
                shape=str(shape) if isinstance(shape, URIRef) else None,
            )
        )
    return sorted(violations, key=lambda v: (_show(v.focus_node), v.path or "", v.message))
