"""SHACL validation of curated files and ingest batches against ``ontology/shapes.ttl``.

One function, :func:`validate`, serves the CLI (``pactgraph validate``), the bundle tests and
the write path. It runs pySHACL once over the data merged with an optional *context* (the
states, sources and agreements the data refers to but does not contain) and with the
ontology mixed in (``ont_graph``), so ``sh:class pg:State`` accepts a ``pg:UNMemberState`` and
concepts are recognised by their concept class. Only violations whose focus node is described
in the data are reported: the context is trusted, not re-judged.

Named graphs do not matter to the shapes, so a :class:`rdflib.Dataset` is validated as the
union of its graphs (pySHACL would otherwise validate each graph on its own, and a file that
cites a source defined in another file would fail).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyshacl
from rdflib import BNode, Dataset, Graph, Namespace, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import SH
from rdflib.term import Node

from app.bundle import BUNDLE_ROOT
from app.errors import RdfSyntaxError
from app.ingest.formats import BY_EXTENSION
from app.ontology import PREFIXES

__all__ = ["Violation", "ontology_graph", "parse_files", "shapes_graph", "validate"]

SHAPES_FILE = Path("ontology") / "shapes.ttl"


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node, which property path, what is wrong, how serious."""

    focus_node: str
    path: str | None
    message: str
    severity: str
    value: str | None = None

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value {self.value})" if self.value else ""
        return f"{self.severity}: {self.focus_node}{where}: {self.message}{value}"


def parse_files(paths: Iterable[Path]) -> Graph:
    """Parse RDF files into one graph (the union of any named graphs they hold)."""
    graph = _new_graph()
    for path in paths:
        if path.suffix.lower() not in BY_EXTENSION:
            raise RdfSyntaxError(f"{path}: unknown RDF file extension {path.suffix!r}")
        # rdflib knows its parsers by media type too, so the one extension table serves both.
        rdf = BY_EXTENSION[path.suffix.lower()]
        fmt = rdf.media_type
        try:
            if rdf.supports_datasets:
                dataset = Dataset()
                dataset.parse(path, format=fmt)
                graph += _flatten(dataset)
            else:
                graph.parse(path, format=fmt)
        except (SyntaxError, ValueError) as exc:
            raise RdfSyntaxError(f"{path}: {exc}") from exc
    return graph


@lru_cache(maxsize=4)
def shapes_graph(root: Path = BUNDLE_ROOT) -> Graph:
    """The SHACL shapes of the project (cached: they change only with the code)."""
    return parse_files([root / SHAPES_FILE])


@lru_cache(maxsize=4)
def ontology_graph(root: Path = BUNDLE_ROOT) -> Graph:
    """Every RDF file of ``ontology/`` except the shapes: classes, schemes, codebooks."""
    files = sorted(
        p
        for p in (root / "ontology").iterdir()
        if p.suffix.lower() in BY_EXTENSION and p.name != SHAPES_FILE.name
    )
    return parse_files(files)


def validate(
    data: Graph | Dataset,
    context: Graph | Dataset | None = None,
    *,
    root: Path = BUNDLE_ROOT,
    shapes: Graph | None = None,
) -> list[Violation]:
    """SHACL violations of ``data``, read together with ``context``; empty when it conforms.

    ``context`` holds what the data refers to (for an ingest batch: the store's states,
    sources and agreements); results about nodes described only in the context are dropped.
    Validation is one pySHACL pass over everything, which is much faster than one pass per
    file or per graph. ``shapes`` replaces the project's shapes (tests split the targets of
    large datasets across processes this way).
    """
    own = _flatten(data)
    # The ontology is merged here rather than passed as pySHACL's ont_graph: pySHACL only
    # "inoculates" class axioms from it, which misses concepts typed by their concept class
    # (pg:GSOMIA a pg:AgreementType); merging also spares pySHACL a clone of the data.
    combined = _new_graph()
    combined += own
    combined += ontology_graph(root)
    if context is not None:
        combined += _flatten(context)
    _conforms, report, _text = pyshacl.validate(
        combined,
        shacl_graph=shapes if shapes is not None else shapes_graph(root),
        inference="none",
        allow_warnings=True,
        inplace=True,
    )
    described = set(own.subjects())
    violations = {
        _violation(report, result, combined)
        for result in report.objects(None, SH.result)
        if report.value(result, SH.focusNode) in described
    }
    return sorted(violations, key=lambda v: (v.focus_node, v.path or "", v.message))


def _new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, Namespace(namespace), override=True)
    return graph


def _flatten(data: Graph | Dataset) -> Graph:
    if not isinstance(data, ConjunctiveGraph):
        return data
    flat = _new_graph()
    for s, p, o, _g in data.quads((None, None, None, None)):
        flat.add((s, p, o))
    return flat


def _violation(report: Graph, result: Node, data: Graph) -> Violation:
    focus = report.value(result, SH.focusNode)
    path = report.value(result, SH.resultPath)
    value = report.value(result, SH.value)
    severity = report.value(result, SH.resultSeverity)
    # An sh:node failure says only "does not conform to Shape X"; its details say why.
    details = list(report.objects(result, SH.detail)) or [result]
    messages = sorted({str(m) for d in details for m in report.objects(d, SH.resultMessage)})
    return Violation(
        focus_node=_show(focus, data),
        path=_show(path, data) if path is not None else None,
        message="; ".join(messages) or "does not conform",
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        value=_show(value, data) if value is not None and value != focus else None,
    )


def _show(node: Node | None, data: Graph) -> str:
    """A readable name: a prefixed IRI, or a blank node named after what points to it."""
    if isinstance(node, URIRef):
        return node.n3(data.namespace_manager)
    if isinstance(node, BNode):
        owner = next(iter(data.subject_predicates(node)), None)
        if owner is not None:
            return f"[{_show(owner[1], data)} of {_show(owner[0], data)}]"
        return "[]"
    return node.n3(data.namespace_manager) if node is not None else ""
