"""Batch keys: canonical (and RDFC-1.0's) where blank nodes differ, linear on every body."""

from __future__ import annotations

import random

from hypothesis import given, settings, strategies as st
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple

from app.ingest.batch import parse_batch
from app.ingest.identity import batch_key, canonical_form
from app.store.base import canonical_nquads

EX = "http://example.org/"


def _node(i: int) -> NamedNode:
    return NamedNode(f"{EX}n{i}")


@st.composite
def citations(draw: st.DrawFn) -> list[Triple]:
    """Subjects citing blank nodes that each carry their own quote (pactgraph's shape)."""
    quotes = draw(st.lists(st.text(max_size=20), min_size=1, max_size=30, unique=True))
    triples = []
    for i, quote in enumerate(quotes):
        cite = BlankNode(f"c{i}")
        triples += [
            Triple(_node(draw(st.integers(0, 5))), NamedNode(EX + "citation"), cite),
            Triple(cite, NamedNode(EX + "quote"), Literal(quote, language="en")),
        ]
        if draw(st.booleans()):  # a nested locator node with a page of its own
            inner = BlankNode(f"l{i}")
            triples += [
                Triple(cite, NamedNode(EX + "locator"), inner),
                Triple(inner, NamedNode(EX + "page"), Literal(f"p. {i}")),
            ]
    return triples


@st.composite
def blank_graphs(draw: st.DrawFn) -> list[Triple]:
    """Arbitrary small graphs of blank nodes and IRIs (chains, cycles, twins)."""
    size = draw(st.integers(1, 8))
    term = st.one_of(
        st.integers(0, size - 1).map(lambda i: BlankNode(f"b{i}")),
        st.integers(0, 2).map(_node),
    )
    predicate = st.sampled_from([NamedNode(EX + "p"), NamedNode(EX + "q")])
    edges = draw(st.lists(st.tuples(term, predicate, term), min_size=1, max_size=12))
    return list(dict.fromkeys(Triple(s, p, o) for s, p, o in edges))


def _relabelled(triples: list[Triple], seed: int) -> list[Triple]:
    """The same graph with other blank-node labels, in another order."""
    rename: dict[BlankNode, BlankNode] = {}

    def fresh(term: object) -> object:
        if isinstance(term, BlankNode):
            return rename.setdefault(term, BlankNode(f"x{seed}_{len(rename)}"))
        return term

    moved = [Triple(fresh(t.subject), t.predicate, fresh(t.object)) for t in triples]  # type: ignore[arg-type]
    random.Random(seed).shuffle(moved)
    return moved


@settings(max_examples=60, deadline=None)
@given(citations())
def test_distinct_blank_nodes_get_rdfc_1_0_labels(triples: list[Triple]) -> None:
    assert canonical_form(triples) == canonical_nquads(triples)


@settings(max_examples=100, deadline=None)
@given(blank_graphs(), st.integers(0, 1000))
def test_the_form_ignores_labels_and_order(triples: list[Triple], seed: int) -> None:
    assert canonical_form(_relabelled(triples, seed)) == canonical_form(triples)


@settings(max_examples=100, deadline=None)
@given(blank_graphs(), blank_graphs())
def test_equal_forms_mean_isomorphic_graphs(left: list[Triple], right: list[Triple]) -> None:
    form = canonical_form(left)
    if form is not None and form == canonical_form(right):
        assert canonical_nquads(left) == canonical_nquads(right)


def test_a_long_chain_is_keyed_by_its_bytes() -> None:
    """The issue's 400-node chain (RDFC-1.0: 56 s holding the GIL) is keyed in linear time."""
    body = "".join(f"_:b{i} <{EX}p> _:b{i + 1} .\n" for i in range(400)).encode()
    key = batch_key(parse_batch(body, RdfFormat.N_TRIPLES), body, RdfFormat.N_TRIPLES)
    assert key.content_hash.startswith("sha256-body:")
    again = batch_key(parse_batch(body, RdfFormat.N_TRIPLES), body, RdfFormat.N_TRIPLES)
    assert again == key and len(key.id) == 16


def test_a_short_chain_is_told_apart_by_refinement() -> None:
    body = "".join(f"_:b{i} <{EX}p> _:b{i + 1} .\n" for i in range(20)).encode()
    key = batch_key(parse_batch(body, RdfFormat.N_TRIPLES), body, RdfFormat.N_TRIPLES)
    turtle = f"[ <{EX}p> " * 20 + "[]" + " ]" * 20 + " ."
    other = batch_key(parse_batch(turtle.encode(), RdfFormat.TURTLE), b"", RdfFormat.TURTLE)
    assert key.content_hash.startswith("sha256:") and other == key


def test_twin_blank_nodes_fall_back_to_the_bytes() -> None:
    body = f'<{EX}s> <{EX}c> [ <{EX}q> "a" ], [ <{EX}q> "a" ] .'.encode()
    key = batch_key(parse_batch(body, RdfFormat.TURTLE), body, RdfFormat.TURTLE)
    assert key.content_hash.startswith("sha256-body:")
