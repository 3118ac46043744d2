"""Resolving, searching and naming states from the curated state records."""

from __future__ import annotations

import pytest

from app.errors import NotFound
from app.queries.states import resolve_state, search_states, state_labels
from app.store import Store

ST = "https://w3id.org/pactgraph/id/state/"


@pytest.mark.parametrize(
    "ident",
    [
        "KOR",
        "kor",
        "KR",
        "kr",
        "732",
        "0732",
        "South Korea",
        "south korea",
        "Republic of Korea",
        "ROK",
        " Korea ",
    ],
)
def test_every_way_of_naming_south_korea_resolves(mini: Store, ident: str) -> None:
    record = resolve_state(mini, ident)
    assert record.iri == ST + "KOR"
    assert record.id == "KOR"


def test_record_carries_codes_aliases_and_identifiers(mini: Store) -> None:
    record = resolve_state(mini, "KOR")
    assert record.label == "South Korea"
    assert (record.iso2, record.cow_code, record.cow_abbrev) == ("KR", 732, "ROK")
    assert "Republic of Korea" in record.aliases
    assert record.same_as == ["http://www.wikidata.org/entity/Q884"]
    assert "UNMemberState" in record.kinds and "State" in record.kinds


def test_cow_code_of_two_digits_or_one_resolves(mini: Store) -> None:
    assert resolve_state(mini, "2").id == "USA"


def test_unknown_state_is_not_found_with_closest_matches(mini: Store) -> None:
    with pytest.raises(NotFound) as caught:
        resolve_state(mini, "South Koria")
    closest = caught.value.extensions["closest"]
    assert closest[0]["id"] == "KOR"
    assert "KOR (South Korea)" in caught.value.detail


def test_nothing_close_gives_an_empty_suggestion_list(mini: Store) -> None:
    with pytest.raises(NotFound) as caught:
        resolve_state(mini, "zzzzzzzzzz")
    assert caught.value.extensions["closest"] == []


def test_search_matches_names_and_codes_and_pages(mini: Store) -> None:
    found = search_states(mini, "korea", limit=10, offset=0)
    assert [s.id for s in found.items] == ["KOR", "PRK"]  # "Korea" is South Korea's alias
    assert found.total == 2
    everything = search_states(mini, None, limit=2, offset=2)
    assert everything.total == 6
    assert [s.label for s in everything.items] == ["North Korea", "Russia"]


def test_labels_fall_back_to_the_code(mini: Store) -> None:
    labels = state_labels(mini, [ST + "KOR", ST + "XYZ"])
    assert labels == {ST + "KOR": "South Korea", ST + "XYZ": "XYZ"}
