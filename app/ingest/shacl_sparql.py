"""The SHACL shapes compiled to SPARQL and run inside Oxigraph, for graphs too large for pySHACL.

pySHACL (:func:`app.ingest.validate.validate`) walks the data in Python: the imported ATOP
graph (~250k triples) costs it a minute and a half of one core. Every constraint component
``ontology/shapes.ttl`` uses is a pattern Oxigraph can match over the whole store at once, so
:func:`check_store` turns each constraint of each target shape into one SELECT whose solutions
are the results pySHACL would report: focus node, path, value, source shape and constraint
component. ``tests/ingest/test_shacl_sparql.py`` holds the two to the same results on the
bundle and on a graph broken in every constraint kind, ``tests/datasets/test_shacl.py`` on
broken samples of every dataset.

Supported, because the shapes use them: targets ``sh:targetClass`` (with subclasses),
``sh:targetNode``, ``sh:targetObjectsOf`` and ``sh:targetSubjectsOf``; predicate paths; the
components class, datatype, nodeKind, pattern, minLength, minInclusive, minCount, maxCount,
uniqueLang, lessThanOrEquals, node, property, or and not. A shape using anything else raises
:class:`UnsupportedShape` rather than being passed over. pySHACL stays the write-path validator
because its messages for nested failures are the ones clients read.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions
from rdflib import RDF, RDFS, BNode as RdfBNode, Graph, Literal as RdfLiteral, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from rdflib.term import Node

__all__ = ["Result", "UnsupportedShape", "check_store"]

_TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)

# What a shape may say besides its constraints. sh:severity and sh:deactivated are not here:
# they change the results, so a shape using them is refused.
_NON_VALIDATING = frozenset(
    {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.path, SH.name, SH.description, *_TARGETS}
)

# A datatype is held only by a well-formed literal: SPARQL's cast to it must succeed.
_CASTABLE = frozenset(
    XSD[n] for n in ("date", "dateTime", "gYear", "gYearMonth", "integer", "decimal", "boolean")
)

_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}

_PREFIXES = {"rdf": str(RDF), "rdfs": str(RDFS)}


class UnsupportedShape(ValueError):
    """The shapes use a SHACL feature this compiler does not translate."""


@dataclass(frozen=True)
class Result:
    """One validation result, with the terms pySHACL's report gives it.

    ``shape`` and ``component`` are N-Triples/Turtle forms of the source shape (as it is named
    in the rdflib shapes graph, blank node ids included) and of the constraint component.
    """

    focus: str
    path: str | None
    value: str | None
    shape: str
    component: str
    message: str


@dataclass(frozen=True)
class _Check:
    """One constraint of one shape, as a graph pattern over ``focus`` that matches a failure."""

    shape: Node
    component: URIRef
    path: URIRef | None
    pattern: str
    value: str | None  # the variable holding the failing value node, if the result has one
    expr: str | None = None  # the same test as a filter expression, when it is one

    @classmethod
    def test(
        cls, shape: Node, component: URIRef, path: URIRef | None, expr: str, value: str | None
    ) -> _Check:
        """A check that is only a filter over already bound variables (nested without EXISTS)."""
        return cls(shape, component, path, f"FILTER({expr})", value, expr)


def check_store(
    store: pyoxigraph.Store,
    data: Sequence[NamedNode],
    context: Sequence[NamedNode],
    shapes: Graph,
) -> list[Result]:
    """The SHACL results of the ``data`` graphs read together with the ``context`` graphs.

    As :func:`app.ingest.validate.validate` does, the shapes see the union of the data and the
    context (which holds the ontology, so ``sh:class`` follows ``rdfs:subClassOf``), and only
    results whose focus node is described in ``data`` count. Empty when the graph conforms.

    :raises UnsupportedShape: when ``shapes`` uses a feature not translated here.
    """

    def select(query: str) -> QuerySolutions:
        solutions = store.query(
            query,
            prefixes=_PREFIXES,
            default_graph=[*data, *context],
            named_graphs=list(data),
        )
        assert isinstance(solutions, QuerySolutions)
        return solutions

    @functools.cache
    def subclasses(cls: str) -> list[str]:
        found = select(f"SELECT DISTINCT ?sub WHERE {{ ?sub rdfs:subClassOf* {cls} }}")
        return sorted({cls} | {str(row["sub"]) for row in found})

    compiler = _Compiler(shapes, subclasses)
    # A list, not a set: two failing sh:node of one shape are two results (as in pySHACL).
    results: list[Result] = []
    for target_shape in sorted({s for t in _TARGETS for s in shapes.subjects(t, None)}, key=str):
        targets = compiler.targets(target_shape)
        for check in compiler.checks(target_shape, "?focus"):
            value = check.value or "?focus"
            described = "FILTER EXISTS { GRAPH ?dataGraph { ?focus ?dataP ?dataO } }"
            solutions = select(
                f"SELECT DISTINCT ?focus ({value} AS ?value) "
                f"WHERE {{ {{ {targets} }} {described} {check.pattern} }}"
            )
            message = compiler.message(check)
            for row in solutions:
                focus, found = row["focus"], row["value"]
                results.append(
                    Result(
                        focus=str(focus),
                        path=_nt(check.path) if check.path is not None else None,
                        value=str(found) if check.value is not None and found is not None else None,
                        shape=_nt(check.shape),
                        component=_nt(check.component),
                        message=message,
                    )
                )
    return sorted(results, key=lambda r: (r.focus, r.path or "", r.component, r.value or ""))


class _Compiler:
    """Turns shapes into SPARQL patterns; variables are numbered so nested patterns never clash."""

    def __init__(self, shapes: Graph, subclasses: Callable[[str], list[str]]) -> None:
        self.shapes = shapes
        self._subclasses = subclasses
        self._numbers = itertools.count()
        self._stack: list[Node] = []

    def _instance_of(self, v: str, cls: Node) -> str:
        """``v`` is typed with ``cls`` or a subclass. The closure is listed rather than matched
        with ``rdf:type/rdfs:subClassOf*``, which Oxigraph evaluates far more slowly."""
        types = self._var()
        return (
            f"VALUES {types} {{ {' '.join(self._subclasses(_term(cls)))} }} {v} rdf:type {types} ."
        )

    def _var(self) -> str:
        return f"?v{next(self._numbers)}"

    def targets(self, shape: Node) -> str:
        """A pattern binding ``?focus`` to every target of ``shape``."""
        alternatives = [
            f"VALUES ?focus {{ {_term(n)} }}" for n in self.shapes.objects(shape, SH.targetNode)
        ]
        alternatives += [
            self._instance_of("?focus", c) for c in self.shapes.objects(shape, SH.targetClass)
        ]
        alternatives += [
            f"{self._var()} {_term(p)} ?focus"
            for p in self.shapes.objects(shape, SH.targetObjectsOf)
        ]
        alternatives += [
            f"?focus {_term(p)} {self._var()}"
            for p in self.shapes.objects(shape, SH.targetSubjectsOf)
        ]
        return " UNION ".join(f"{{ {a} }}" for a in alternatives)

    def checks(self, shape: Node, focus: str) -> Iterator[_Check]:
        """Every constraint of ``shape`` on the node in ``focus``, as failure patterns."""
        if shape in self._stack:
            raise UnsupportedShape(f"recursive shape {shape}")
        self._stack.append(shape)
        try:
            yield from self._checks(shape, focus)
        finally:
            self._stack.pop()

    def _checks(self, shape: Node, focus: str) -> Iterator[_Check]:
        path = self.shapes.value(shape, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise UnsupportedShape(f"{shape}: only predicate paths are translated")
        for predicate, parameter in sorted(self.shapes.predicate_objects(shape), key=str):
            if predicate in _NON_VALIDATING:
                continue
            if predicate == SH.property:
                if path is not None:
                    raise UnsupportedShape(f"{shape}: sh:property inside a property shape")
                yield from self.checks(parameter, focus)
            elif predicate in (SH.minCount, SH.maxCount, SH.uniqueLang, SH.lessThanOrEquals):
                if path is None:
                    raise UnsupportedShape(f"{shape}: {predicate} outside a property shape")
                yield self._count_or_pair(shape, path, predicate, parameter, focus)
            else:
                component = _component(predicate)
                if path is None:  # the value node is the focus node itself
                    failing = self._value_fails(predicate, parameter, focus)
                    yield _Check.test(shape, component, None, failing, focus)
                else:
                    value = self._var()
                    failing = self._value_fails(predicate, parameter, value)
                    pattern = f"{focus} {_term(path)} {value} . FILTER({failing})"
                    yield _Check(shape, component, path, pattern, value)

    def _count_or_pair(
        self, shape: Node, path: URIRef, predicate: Node, parameter: Node, focus: str
    ) -> _Check:
        p = _term(path)
        component = _component(predicate)
        if predicate == SH.minCount:
            values = [self._var() for _ in range(_int(parameter))]
            if not values:
                return _Check.test(shape, component, path, "false", None)
            return _Check.test(
                shape, component, path, f"NOT EXISTS {{ {_n_values(focus, p, values)} }}", None
            )
        if predicate == SH.maxCount:
            values = [self._var() for _ in range(_int(parameter) + 1)]
            return _Check(shape, component, path, _n_values(focus, p, values), None)
        if predicate == SH.uniqueLang:
            if not (isinstance(parameter, RdfLiteral) and parameter.toPython() is True):
                return _Check.test(shape, component, path, "false", None)
            a, b = self._var(), self._var()
            pattern = (
                f'{focus} {p} {a}, {b} . FILTER(!sameTerm({a}, {b}) && LANG({a}) != "" '
                f"&& LCASE(LANG({a})) = LCASE(LANG({b})))"
            )
            return _Check(shape, component, path, pattern, None)
        value, other = self._var(), self._var()
        pattern = (
            f"{focus} {p} {value} . {focus} {_term(parameter)} {other} . "
            f"FILTER(!COALESCE({value} <= {other}, false))"
        )
        return _Check(shape, component, path, pattern, value)

    def _value_fails(self, predicate: Node, parameter: Node, v: str) -> str:
        """A SPARQL expression true when the value node in ``v`` fails one constraint."""
        if predicate == SH["class"]:
            return f"NOT EXISTS {{ {self._instance_of(v, parameter)} }}"
        if predicate == SH.datatype:
            if parameter in _CASTABLE:
                wellformed = f" && isLiteral({_term(parameter)}(STR({v})))"
            elif parameter == XSD.string:
                wellformed = ""
            else:
                raise UnsupportedShape(f"sh:datatype {parameter}: no well-formedness test")
            typed = f"isLiteral({v}) && DATATYPE({v}) = {_term(parameter)}"
            return f"!COALESCE({typed}{wellformed}, false)"
        if predicate == SH.nodeKind:
            if not isinstance(parameter, URIRef) or parameter not in _NODE_KINDS:
                raise UnsupportedShape(f"sh:nodeKind {parameter}")
            return "!" + _NODE_KINDS[parameter].format(v=v)
        if predicate == SH.pattern:
            return f"!COALESCE(!isBlank({v}) && REGEX(STR({v}), {_term(parameter)}), false)"
        if predicate == SH.minLength:
            return f"!COALESCE(!isBlank({v}) && STRLEN(STR({v})) >= {_int(parameter)}, false)"
        if predicate == SH.minInclusive:
            return f"!COALESCE({v} >= {_term(parameter)}, false)"
        if predicate == SH.node:
            return self._fails(parameter, v)
        if predicate == SH["not"]:
            return f"!{self._fails(parameter, v)}"
        if predicate == SH["or"]:
            members = list(Collection(self.shapes, parameter))
            if not members:
                return "true"
            return "(" + " && ".join(self._fails(m, v) for m in members) + ")"
        raise UnsupportedShape(f"constraint {predicate} is not translated to SPARQL")

    def _fails(self, shape: Node, v: str) -> str:
        """True when the node in ``v`` does not conform to ``shape``."""
        failures = [c.expr or f"EXISTS {{ {c.pattern} }}" for c in self.checks(shape, v)]
        return "(" + " || ".join(failures) + ")" if failures else "false"

    def message(self, check: _Check) -> str:
        """The shape's own sh:message, else the component's name (pySHACL words its own)."""
        own = self.shapes.value(check.shape, SH.message)
        if own is not None:
            return str(own)
        return check.component.rsplit("#", 1)[-1]


def _n_values(focus: str, path: str, values: list[str]) -> str:
    """A pattern matching when ``focus`` has at least ``len(values)`` distinct values."""
    distinct = [f"!sameTerm({a}, {b})" for a, b in itertools.combinations(values, 2)]
    where = f" FILTER({' && '.join(distinct)})" if distinct else ""
    return f"{focus} {path} {', '.join(values)} .{where}"


def _component(predicate: Node) -> URIRef:
    """The component a parameter belongs to: ``sh:minCount``, ``sh:MinCountConstraintComponent``."""
    name = str(predicate).rsplit("#", 1)[-1]
    return URIRef(f"{SH}{name[0].upper()}{name[1:]}ConstraintComponent")


def _int(node: Node) -> int:
    if not isinstance(node, RdfLiteral) or not isinstance(node.toPython(), int):
        raise UnsupportedShape(f"expected an integer, found {node}")
    return int(node.toPython())


def _term(node: Node) -> str:
    """A shape's parameter as SPARQL text (N-Triples syntax, escaped by pyoxigraph)."""
    if isinstance(node, URIRef):
        return str(NamedNode(str(node)))
    if isinstance(node, RdfLiteral):
        datatype = NamedNode(str(node.datatype)) if node.datatype else None
        return str(Literal(str(node), datatype=datatype, language=node.language))
    raise UnsupportedShape(f"a blank node {node} as a constraint parameter")


def _nt(node: Node) -> str:
    """A shapes-graph term as N-Triples text, blank nodes by their rdflib id."""
    if isinstance(node, RdfBNode):
        return str(BlankNode(str(node)))
    return _term(node)
