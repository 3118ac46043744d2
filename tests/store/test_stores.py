"""One query suite, run against the embedded store and a real Oxigraph server."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat

from app.errors import RdfSyntaxError, SparqlSyntaxError
from app.store import Store, render

G1 = NamedNode("https://w3id.org/pactgraph/id/graph/test/one")
G2 = NamedNode("https://w3id.org/pactgraph/id/graph/test/two")
TTL = b"""@prefix ex: <http://example.org/> .
ex:kor ex:name "South Korea" ; ex:partner ex:rus .
ex:rus ex:name "Russia" .
"""


def test_replace_graph_loads_into_a_named_graph(store: Store) -> None:
    store.replace_graph(G1, TTL, RdfFormat.TURTLE)
    assert store.triple_count() == 3
    assert [g.value for g in store.named_graphs()] == [G1.value]


def test_default_graph_is_the_union_of_named_graphs(store: Store) -> None:
    store.replace_graph(G1, TTL, RdfFormat.TURTLE)
    store.replace_graph(
        G2,
        b"<http://example.org/rus> <http://example.org/partner> <http://example.org/chn> .",
        RdfFormat.N_TRIPLES,
    )
    rows = store.select(
        "PREFIX ex: <http://example.org/> SELECT ?b WHERE { ex:kor ex:partner/ex:partner ?b }"
    )
    assert [r["b"].value for r in rows] == ["http://example.org/chn"]


def test_replace_graph_replaces_only_that_graph(store: Store) -> None:
    store.replace_graph(G1, TTL, RdfFormat.TURTLE)
    store.replace_graph(G2, TTL, RdfFormat.TURTLE)
    store.replace_graph(
        G1, b'<http://example.org/x> <http://example.org/p> "1" .', RdfFormat.N_TRIPLES
    )
    assert store.triple_count() == 4


def test_replace_graph_with_bad_data_changes_nothing(store: Store) -> None:
    store.replace_graph(G1, TTL, RdfFormat.TURTLE)
    with pytest.raises(RdfSyntaxError, match=r"line|column|position"):
        store.replace_graph(G1, b"<http://example.org/x> <broken", RdfFormat.TURTLE)
    assert store.triple_count() == 3


def test_select_omits_unbound_variables(store: Store) -> None:
    store.replace_graph(G1, TTL, RdfFormat.TURTLE)
    rows = store.select(
        "PREFIX ex: <http://example.org/> "
        "SELECT ?s ?p WHERE { ?s ex:name ?n OPTIONAL { ?s ex:partner ?p } } ORDER BY ?s"
    )
    assert rows[0]["p"] == NamedNode("http://example.org/rus")
    assert "p" not in rows[1]


def test_ask_and_construct(store: Store) -> None:
    store.replace_graph(G1, TTL, RdfFormat.TURTLE)
    assert store.ask('ASK { ?s <http://example.org/name> "Russia" }') is True
    assert store.ask('ASK { ?s <http://example.org/name> "Japan" }') is False
    triples = store.construct(
        "CONSTRUCT { ?s <http://example.org/label> ?n } WHERE { ?s <http://example.org/name> ?n }"
    )
    assert {t.object.value for t in triples} == {"South Korea", "Russia"}


def test_update_and_drop_graph(store: Store) -> None:
    store.update(
        render(
            "INSERT DATA { GRAPH $g { $s $p $o } }",
            {
                "g": G2,
                "s": NamedNode("http://example.org/a"),
                "p": NamedNode("http://example.org/b"),
                "o": Literal("c"),
            },
        )
    )
    assert store.triple_count() == 1
    store.drop_graph(G2)
    assert store.triple_count() == 0


def test_syntax_errors_raise_sparql_syntax_error(store: Store) -> None:
    with pytest.raises(SparqlSyntaxError):
        store.select("SELEC ?x WHERE { ?x ?y ?z }")
    with pytest.raises(SparqlSyntaxError):
        store.update("INSERT DAT { }")


def test_meta_values_round_trip_and_replace(store: Store) -> None:
    assert store.get_meta("bundleHash") is None
    store.set_meta("bundleHash", "abc")
    store.set_meta("bundleHash", "def")
    assert store.get_meta("bundleHash") == "def"
    first = store.bump_data_version()
    assert store.data_version == first != store.bump_data_version()


def test_a_bound_string_matches_the_plain_literal_stored(store: Store) -> None:
    store.replace_graph(G1, TTL, RdfFormat.TURTLE)
    query = "SELECT ?s WHERE { ?s <http://example.org/name> $name }"
    rows = store.select(render(query, {"name": Literal("South Korea")}))
    assert [row["s"].value for row in rows] == ["http://example.org/kor"]


def test_claim_meta_wins_only_on_an_empty_key_until_dropped(store: Store) -> None:
    assert store.claim_meta("writeLease", "1 first")
    assert not store.claim_meta("writeLease", "2 second")
    assert store.meta_values("writeLease") == ["1 first"]
    store.drop_meta("writeLease", "2 second")  # not its value: nothing happens
    store.drop_meta("writeLease", "1 first")
    assert store.meta_values("writeLease") == []
    assert store.claim_meta("writeLease", "2 second")


def test_racing_claims_never_both_win(store: Store) -> None:
    def claim(value: str) -> bool:
        won = store.claim_meta("race", value)
        if not won:
            store.drop_meta("race", value)
        return won

    for round_ in range(5):
        with ThreadPoolExecutor(4) as pool:
            won = [w for w in pool.map(claim, [f"{round_} {i}" for i in range(4)]) if w]
        assert len(won) <= 1
        for value in store.meta_values("race"):
            store.drop_meta("race", value)


def test_add_quads_and_dump_round_trip(store: Store) -> None:
    store.add_quads(
        [
            Quad(
                NamedNode("http://example.org/a"),
                NamedNode("http://example.org/b"),
                Literal('ç "q"\n'),
                G1,
            ),
            Quad(
                NamedNode("http://example.org/a"),
                NamedNode("http://example.org/b"),
                Literal("x", language="en"),
                G2,
            ),
        ]
    )
    out = io.BytesIO()
    store.dump(out)
    text = out.getvalue().decode()
    assert text.count("\n") == 2
    assert G1.value in text and G2.value in text
