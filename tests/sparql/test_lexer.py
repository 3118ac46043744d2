"""The tokenizer behind the protocol's USING graphs."""

from __future__ import annotations

import pytest

from app.errors import InvalidParameter
from app.sparql.lexer import add_using, keywords, tokens


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
