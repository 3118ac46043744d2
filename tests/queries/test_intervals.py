"""The relation interval table says exactly what the SPARQL as-of rule says.

:mod:`app.queries.intervals` materialises :func:`app.ontology.relation_pattern`; here both are
asked every relation, on dates around the miniature graph's events and on the bundle, with
every status set the REST parameters allow and both readings of dataset horizons, and must
give the same (source, target, agreement, horizon) rows.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from pyoxigraph import NamedNode

from app import rules
from app.config import PROJECT_ROOT
from app.errors import LimitExceeded
from app.ingest.bundle import ensure_bundle
from app.ontology import PG, RELATIONS, BeyondCoverage, Status, state_iri, type_relation
from app.queries import paths
from app.queries.intervals import interval_table
from app.queries.paths import find_paths, parse_path
from app.store import EmbeddedStore, Store, render
from tests.one_rule import rule_links, table_links

DAYS = [dt.date(1999, 12, 31), dt.date(2001, 6, 30), dt.date(2016, 11, 23), dt.date(2024, 1, 1)]
GRAPH = "https://w3id.org/pactgraph/id/graph/test/"
STATUS_SETS = [[Status.in_force], [Status.signed, Status.in_force], [Status.proposed], [Status.any]]


def test_mini_graph_table_equals_rule(mini: Store) -> None:
    for rel, day, statuses, coverage in itertools.product(
        RELATIONS.values(), DAYS, STATUS_SETS, BeyondCoverage
    ):
        expected = rule_links(mini, rel, day, statuses, coverage)
        assert table_links(mini, rel, day, statuses, coverage) == expected, (rel.name, day)


@pytest.fixture(scope="module")
def bundle() -> EmbeddedStore:
    store = EmbeddedStore(None)
    ensure_bundle(store, PROJECT_ROOT)
    return store


@pytest.mark.parametrize("day", [dt.date(1955, 1, 1), dt.date(2015, 7, 1), dt.date(2026, 1, 1)])
def test_bundle_table_equals_rule(bundle: EmbeddedStore, day: dt.date) -> None:
    relations = [*RELATIONS.values(), type_relation(PG.GSOMIA)]
    for rel, statuses, coverage in itertools.product(relations, STATUS_SETS, BeyondCoverage):
        expected = rule_links(bundle, rel, day, statuses, coverage)
        assert table_links(bundle, rel, day, statuses, coverage) == expected, (rel.name, day)


@pytest.mark.parametrize(
    "start,path",
    [
        ("CHN", "has_alliance_with/shares_intelligence_with"),
        ("KOR", "shares_intelligence_with/^shares_intelligence_with/allied_with"),
        ("USA", "^pledged_to_defend/cooperates_militarily_with"),
        ("JPN", "logistics_partner_of/shares_intelligence_with"),
    ],
)
def test_path_walk_equals_its_sparql_query(bundle: EmbeddedStore, start: str, path: str) -> None:
    """The chains walked over the table are the rows of the query returned with the answer."""
    steps = parse_path(path)
    found, sparql = paths._search(
        bundle,
        state_iri(start),
        steps,
        dt.date(2020, 1, 1),
        Status.in_force,
        BeyondCoverage.include,
    )
    n = len(steps)
    expected: dict[tuple[str, ...], list[set[str]]] = {}
    for row in bundle.select(sparql):
        chain = tuple(row[f"s{i}"].value for i in range(n + 1))
        hops = expected.setdefault(chain, [set() for _ in steps])
        for i in range(n):
            hops[i].add(row[f"a{i + 1}"].value)
    walked = {chain: hops for chains in found.values() for chain, hops in chains.items()}
    assert walked == expected


def test_a_path_that_walks_too_many_chains_is_refused(
    mini: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "MAX_CHAINS", 1)
    with pytest.raises(LimitExceeded) as raised:
        find_paths(
            mini,
            state_iri("KOR"),
            parse_path("shares_intelligence_with/shares_intelligence_with"),
            dt.date(2024, 1, 1),
        )
    assert raised.value.extensions == {"parameter": "path", "limit": 1}


def test_a_write_builds_a_new_table(mini: Store) -> None:
    before = interval_table(mini)
    assert interval_table(mini) is before
    intel = RELATIONS["shares_intelligence_with"]
    assert table_links(mini, intel, dt.date(2024, 1, 1), [Status.in_force])
    mini.update(render("CLEAR GRAPH $g", {"g": NamedNode(f"{GRAPH}mini")}))
    rules.refresh(mini)
    mini.bump_data_version()
    assert interval_table(mini) is not before
    assert not table_links(mini, intel, dt.date(2024, 1, 1), [Status.in_force])
