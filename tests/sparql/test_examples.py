"""The example library of the query page: each query runs and returns rows on the bundle.

Examples marked ``# needs: <graph prefix>`` read imported datasets (COW, ATOP, DCAD); they are
skipped, saying why, only when no graph with that prefix is loaded. The as-of examples are
checked against :func:`app.ontology.relation_pattern`, the one as-of function, so the
hand-written SPARQL a researcher reads cannot drift from the rule the service applies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from app.config import PROJECT_ROOT
from app.ingest.bundle import ensure_bundle
from app.ingest.datasets import IMPORTERS, refresh_after_import, run_import
from app.ontology import (
    PG,
    RELATIONS,
    SPARQL_PREFIXES,
    Relation,
    Status,
    date_literal,
    relation_pattern,
    state_iri,
    type_relation,
)
from app.sparql.library import Example, load_examples, parse_example
from app.store import EmbeddedStore, Store, render
from tests.datasets.conftest import DATA

EXAMPLES = load_examples()


@pytest.fixture(scope="module")
def bundle() -> Iterator[Store]:
    store = EmbeddedStore(None)
    ensure_bundle(store, PROJECT_ROOT)
    _load_datasets(store)
    yield store
    store.close()


def _load_datasets(store: Store) -> None:
    """Import COW alliances (the quickest dataset) when the shared data is present.

    Without the data (a user's machine), the dataset examples skip.
    """
    directory = DATA / "cow-alliances-4.1"
    if directory.is_dir():
        run_import(store, IMPORTERS["cow-alliances"], directory)
        refresh_after_import(store)


def test_the_library_has_at_least_twelve_documented_examples() -> None:
    assert len(EXAMPLES) >= 12
    for example in EXAMPLES:
        assert example.title and len(example.description) > 40, example.name


def test_example_header_parsing() -> None:
    example = parse_example(
        "x", "# title: T\n# description: first line\n#   second line\nSELECT * {}\n"
    )
    assert (example.title, example.description) == ("T", "first line second line")
    assert example.body == "SELECT * {}\n" and example.query.startswith(SPARQL_PREFIXES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_example_returns_rows_on_the_bundled_data(example: Example, bundle: Store) -> None:
    if example.needs and not any(g.value.startswith(example.needs) for g in bundle.named_graphs()):
        pytest.skip(f"needs graphs under {example.needs} (import the datasets to run it)")
    rows = bundle.select(example.query)
    assert rows, f"{example.name} returned no rows"


def _example(name: str) -> Example:
    return next(e for e in EXAMPLES if e.name == name)


def _pairs(store: Store, rel: Relation, a: str, b: str, as_of: dt.date) -> set[tuple[str, str]]:
    pattern = relation_pattern(rel, a, b, "?agreement", [Status.in_force])
    query = SPARQL_PREFIXES + f"SELECT DISTINCT {a} {b} WHERE {{ {pattern} }}"
    return {
        (row[a[1:]].value, row[b[1:]].value)
        for row in store.select(render(query, {"as_of": date_literal(as_of)}))
    }


def test_mission_example_agrees_with_relation_pattern(bundle: Store) -> None:
    """Example 01 lists China's allies (allied_with) and their intelligence partners, and an
    ally with no partner as a row with ?partner unbound (North Korea on the bundle)."""
    today = dt.date.today()
    china = state_iri("CHN").value
    allies = {
        ally
        for first, ally in _pairs(bundle, RELATIONS["allied_with"], "?x", "?y", today)
        if first == china
    }
    assert allies == {state_iri("PRK").value}
    intel = _pairs(bundle, RELATIONS["shares_intelligence_with"], "?x", "?y", today)
    expected = {(x, y) for x, y in intel if x in allies}
    expected |= {(a, None) for a in allies if not any(x == a for x, _ in expected)}
    rows = bundle.select(_example("01-intelligence-with-chinas-allies").query)
    found = {(r["ally"].value, r["partner"].value if "partner" in r else None) for r in rows}
    assert found == expected


def test_as_of_example_agrees_with_relation_pattern(bundle: Store) -> None:
    gsomia = type_relation(PG.GSOMIA)
    korea = state_iri("KOR").value
    expected = {
        y for x, y in _pairs(bundle, gsomia, "?x", "?y", dt.date(2015, 12, 31)) if x == korea
    }
    rows = bundle.select(_example("02-gsomia-with-south-korea-in-2015").query)
    assert {r["state"].value for r in rows} == expected
