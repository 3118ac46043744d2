"""The tokenizer behind the SERVICE/LOAD refusal and the protocol's USING graphs."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from app.errors import Forbidden, InvalidParameter
from app.sparql.lexer import add_using, check_no_remote_access, keywords, tokens

# Text that is never a keyword: what a string literal, IRI or comment may contain.
free_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters='"\\\n\r'),
    max_size=40,
)


@given(free_text)
def test_service_inside_a_string_is_not_a_keyword(text: str) -> None:
    query = f'SELECT * WHERE {{ BIND("{text} SERVICE <http://x/> {{}}" AS ?v) }}'
    check_no_remote_access(query, allow_service=False)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r")))
def test_service_inside_a_comment_is_not_a_keyword(text: str) -> None:
    check_no_remote_access(f"ASK {{}} # {text} SERVICE <http://x/> {{}}\n", allow_service=False)


@given(
    st.sampled_from(["SERVICE", "service", "Service", "sErViCe"]),
    st.sampled_from([" ", "\n", "\t"]),
)
def test_service_keyword_is_found_in_any_case_and_spacing(word: str, space: str) -> None:
    query = f"SELECT * WHERE {{{space}{word}{space}<http://x/>{space}{{ ?s ?p ?o }} }}"
    with pytest.raises(Forbidden):
        check_no_remote_access(query, allow_service=False)
    check_no_remote_access(query, allow_service=True)


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
    check_no_remote_access(text, allow_service=False)


def test_tokens_keep_offsets_and_skip_comments() -> None:
    found = [(t.kind, t.text, t.start) for t in tokens("ASK # c\n{ ?s }")]
    assert found == [("word", "ASK", 0), ("other", "{", 8), ("var", "?s", 10), ("other", "}", 13)]
    assert [t.text for t in keywords("SELECT * { ?s a ex:Thing FILTER(?x < ?y) }")] == [
        "SELECT",
        "a",
        "FILTER",
    ]


def test_using_graphs_go_before_each_where_of_a_modify() -> None:
    update = (
        "INSERT DATA { <a> <b> <c> } ; "
        "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER EXISTS { ?s ?p ?o } } ; "
        "DELETE WHERE { ?x ?y ?z }"
    )
    result = add_using(update, ["http://g/1"], ["http://g/2"])
    assert result.count("USING <http://g/1> USING NAMED <http://g/2> WHERE") == 1
    assert "DELETE WHERE { ?x" in result
    assert add_using(update, [], []) == update


def test_using_graphs_conflict_with_the_updates_own_dataset() -> None:
    with pytest.raises(InvalidParameter, match="WITH"):
        add_using("WITH <http://g/> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", ["http://g/1"], [])
