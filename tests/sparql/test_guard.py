"""The parse-based checks: SERVICE, LOAD, maintained graphs, size and depth, escapes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, strategies as st

from app.errors import BadRequest, Forbidden, PayloadTooLarge, SparqlSyntaxError
from app.graphs import PROVENANCE_GRAPH
from app.sparql.guard import (
    Policy,
    check_query,
    check_update,
    inspect_update,
    unescape,
)

POLICY = Policy(max_bytes=64 * 1024, max_depth=24)
OPEN = Policy(max_bytes=64 * 1024, max_depth=24, allow_service=True)
G = "https://w3id.org/pactgraph/id/graph/"

# Text that is never a keyword: what a string literal, IRI or comment may contain.
free_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters='"\\\n\r'),
    max_size=40,
)


@given(free_text)
def test_service_inside_a_string_is_not_a_call(text: str) -> None:
    check_query(f'SELECT * WHERE {{ BIND("{text} SERVICE <http://x/> {{}}" AS ?v) }}', POLICY)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r")))
def test_service_inside_a_comment_is_not_a_call(text: str) -> None:
    check_query(f"ASK {{}} # {text} SERVICE <http://x/> {{}}\n", POLICY)


@given(
    st.sampled_from(["SERVICE", "service", "sErViCe", r"\u0053ERVICE", r"\U00000053ervice"]),
    st.sampled_from([" ", "\n", "\t", " # comment\n"]),
)
def test_service_is_found_in_any_case_spacing_and_escape(word: str, space: str) -> None:
    query = f"SELECT * WHERE {{{space}{word}{space}<http://x/>{space}{{ ?s ?p ?o }} }}"
    with pytest.raises(Forbidden):
        check_query(query, POLICY)
    check_query(query, OPEN)


@pytest.mark.parametrize(
    "query",
    [
        # The probe's bypass: the old tokenizer stopped the IRI at `\` and read `#` as a comment.
        r"SELECT * WHERE { VALUES ?z { <http://x/\u0041#> }SERVICE<http://127.0.0.1:9/>{?a ?b ?c}}",
        "PREFIX s: <http://127.0.0.1:9/> SELECT * WHERE { SERVICE SILENT s: { ?a ?b ?c } }",
        "SELECT * WHERE { { SELECT * { SERVICE ?x { ?a ?b ?c } } } }",
        "ASK { FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } } }",
        r"SELECT * WHERE { SERVICE <http://127.0.0.1:9/\u003E { ?a ?b ?c } }",
    ],
)
def test_service_calls_are_refused_however_written(query: str) -> None:
    with pytest.raises(Forbidden) as caught:
        check_query(query, POLICY)
    assert caught.value.extensions["keyword"] == "SERVICE"


def test_a_query_that_does_not_parse_goes_to_the_engine_unless_it_mentions_service() -> None:
    check_query("SELECT * WHERE { ?s ?p ?o ", POLICY)  # the engine reports the syntax error
    with pytest.raises(Forbidden, match="cannot be ruled out"):
        check_query("SELECT * WHERE { ?s ?p ?o  SERVICE", POLICY)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?service WHERE { ?service ?p ?o }",
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:SERVICE ?o ; ex:load ?l }",
        "SELECT * WHERE { ?s <http://e/SERVICE> ?o }",
        "SELECT * WHERE { ?s ?p 'SERVICE' , '''LOAD\n<http://x/>''' }",
        'SELECT * WHERE { ?s ?p "x"@service }',
        "SELECT * WHERE { _:service ?p ?o }",
    ],
)
def test_names_literals_and_iris_spelling_service_are_allowed(text: str) -> None:
    check_query(text, POLICY)


def test_unescape_follows_the_grammar_once() -> None:
    assert unescape(r"\u0041\U00000042\u005Cu0043") == r"AB\u0043"
    with pytest.raises(SparqlSyntaxError):
        unescape(r"\U00110000")


def test_size_and_depth_are_bounded_naming_their_settings() -> None:
    with pytest.raises(PayloadTooLarge) as too_big:
        check_query("ASK {}" + " " * 70_000, POLICY)
    assert too_big.value.extensions["limit"] == "PACTGRAPH_SPARQL_MAX_BYTES"
    with pytest.raises(BadRequest) as too_deep:
        check_update("INSERT DATA " + "{" * 5000 + "}" * 5000, POLICY)
    assert too_deep.value.extensions["limit"] == "PACTGRAPH_SPARQL_MAX_DEPTH"
    with pytest.raises(BadRequest):  # an escaped brace is a brace to the engine
        check_query("ASK " + r"\u007B" * 30, POLICY)


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <file:///etc/passwd>",
        "LOAD SILENT <http://127.0.0.1:9/> INTO GRAPH <http://mine/>",
        r"INSERT DATA { <http://x/\u0041#> <a:b> <a:c> } ; LOAD <http://127.0.0.1:9/>",
        "DELETE { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    ],
)
def test_load_and_service_in_updates_are_refused(update: str) -> None:
    with pytest.raises(Forbidden, match="disabled"):
        check_update(update, POLICY)


def test_graphs_an_update_writes_are_read_from_the_parse() -> None:
    writes = inspect_update(
        "PREFIX g: <http://g/> LOAD <http://x/> INTO GRAPH g:load ; CREATE GRAPH g:new ; "
        "ADD g:a TO g:add ; MOVE g:moved TO g:move ; COPY DEFAULT TO g:copy ; "
        "WITH g:with DELETE { ?s ?p ?o } INSERT { GRAPH g:t { ?s ?p 1 } } "
        "USING g:read WHERE { ?s ?p ?o } ; "
        "INSERT DATA { GRAPH g:data { <a:b> <a:b> <a:c> } } ; "
        "DELETE DATA { GRAPH g:gone { <a:b> <a:b> <a:c> } }"
    )
    names = {"load", "new", "add", "moved", "move", "copy", "with", "t", "data", "gone"}
    assert writes.graphs == {f"http://g/{name}" for name in names}
    assert writes.remote == ("LOAD <http://x/>",) and writes.unnamed == ()


@pytest.mark.parametrize(
    "update",
    [
        f"DROP GRAPH <{PROVENANCE_GRAPH.value}>",
        f"PREFIX g: <{G}> CLEAR GRAPH g:meta",
        r"DROP GRAPH <https://w3id.org/pactgraph/id/graph/\u0061udit>",
        f"PREFIX g: <{G}> MOVE g:derived TO <http://mine/>",
        f"COPY <http://mine/> TO <{G}bundle/graph_data/states.ttl>",
        f"WITH <{G}audit> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
        f"INSERT DATA {{ GRAPH <{G}batch/x> {{ <a:b> <a:b> <a:c> }} }}",
        f"DELETE WHERE {{ GRAPH <{G}links/same-treaty> {{ ?s ?p ?o }} }}",
    ],
)
def test_writes_to_maintained_graphs_are_refused_naming_the_graph(update: str) -> None:
    with pytest.raises(Forbidden) as caught:
        check_update(update, POLICY)
    assert caught.value.extensions["graph"].startswith(G)


@pytest.mark.parametrize(
    ("update", "advice"),
    [
        ("DROP ALL", "DROP GRAPH <g>"),
        ("CLEAR SILENT NAMED", "DROP GRAPH <g>"),
        ("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", "GRAPH <g>"),
        ("INSERT { GRAPH ?g { ?s ?p 1 } } WHERE { GRAPH ?g { ?s ?p ?o } }", "GRAPH <g>"),
    ],
)
def test_writes_that_could_reach_maintained_graphs_unnamed_are_refused(
    update: str, advice: str
) -> None:
    with pytest.raises(Forbidden, match="does not name") as caught:
        check_update(update, POLICY)
    assert advice in caught.value.detail


@pytest.mark.parametrize(
    "update",
    [
        "CLEAR DEFAULT",
        "DROP SILENT GRAPH <http://mine/>",
        "INSERT { GRAPH <http://mine/> { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
        f"INSERT {{ ?s ?p ?o }} USING <{G}meta> WHERE {{ ?s ?p ?o }}",
        "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_of_client_graphs_pass(update: str) -> None:
    check_update(update, POLICY)


def test_an_update_that_does_not_parse_is_refused() -> None:
    with pytest.raises(SparqlSyntaxError, match="cannot be checked"):
        check_update("CLEAR XYZ", POLICY)


def test_queries_checked_on_many_threads_at_once_parse_as_on_one() -> None:
    """The server checks queries on its worker threads; rdflib's grammar is not thread-safe.

    pyparsing learns each parse action's arity on its first calls: threads making those
    first calls at once failed with a TypeError, so this runs in a new interpreter.
    """
    script = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "from app.sparql.guard import inspect_query\n"
        f"query = {_UNION_OPTIONAL_SERVICE!r}\n"
        "with ThreadPoolExecutor(16) as pool:\n"
        "    found = list(pool.map(lambda _: inspect_query(query), range(64)))\n"
        "assert found == [['<http://x/>']] * 64, found\n"
    )
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode()[-2000:]


_UNION_OPTIONAL_SERVICE = (
    "SELECT * WHERE { { ?a ?b ?c } UNION { ?c ?b ?a } OPTIONAL { ?a ?d ?e } "
    "FILTER (?a != ?c) SERVICE <http://x/> { ?s ?p ?o } }"
)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { sErViCe <http://x/> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVIC\\u0045 <http://x/> { ?s ?p ?o } }",
    ],
)
def test_the_shortcut_for_texts_without_service_misses_no_spelling(text: str) -> None:
    """Queries without the letters of SERVICE skip the parse; every spelling of the keyword
    the engine accepts (any case, escapes) still reaches it and is refused."""
    with pytest.raises(Forbidden):
        check_query(text, POLICY)
