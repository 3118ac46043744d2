"""One question asked of every surface: who are the partners of X by relation R on date D?

Issue 12: every count, chart, view and export reads :func:`app.ontology.relation_pattern`.
Each function here answers through one surface (REST relations, REST path, the state profile's
counts, analytics partners per year, the explorer's edges, the export, today's derived
shortcuts) so a test can require identical answers from all of them. :func:`rule_links` and
:func:`table_links` give one relation's whole answer on a day from the SPARQL rule and from the
relation interval table that materialises it, to be compared row by row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict

from fastapi.testclient import TestClient
from pyoxigraph import NamedNode, Triple

from app.graphs import DERIVED_GRAPH
from app.ontology import (
    RELATIONS,
    SPARQL_PREFIXES,
    BeyondCoverage,
    Relation,
    Status,
    date_literal,
    relation_pattern,
    state_iri,
)
from app.queries.intervals import interval_table
from app.store import Store, render, sparql_term

API = "/api/v1"
ST = "https://w3id.org/pactgraph/id/state/"


def _code(iri: str) -> str:
    return iri.removeprefix(ST)


def surfaces(
    client: TestClient, store: Store, state: str, relation: str, day: dt.date
) -> dict[str, set[str] | int]:
    """The partners (ISO3 codes) of ``state`` by ``relation`` on ``day``, per surface; the
    analytics and profile surfaces answer counts only."""
    as_of = day.isoformat()
    q = f"as_of={as_of}"
    found: dict[str, set[str] | int] = {}
    rest = client.get(f"{API}/states/{state}/relations?type={relation}&{q}").json()
    found["rest relations"] = {p["state"]["id"] for p in rest["partners"]}
    path = client.get(f"{API}/query/path?from={state}&path={relation}&{q}&limit=1000").json()
    found["rest path"] = {r["state"]["id"] for r in path["items"]}
    found["rest edge list"] = set()
    offset, total = 0, 1
    while offset < total:
        edges = client.get(f"{API}/relations?type={relation}&{q}&limit=1000&offset={offset}")
        body = edges.json()
        total, offset = body["total"], offset + 1000
        found["rest edge list"] |= {
            e[other]["id"]
            for e in body["items"]
            for end, other in (("source", "target"), ("target", "source"))
            if e[end]["id"] == state
        }
    view = client.get(f"{API}/views/network.json?focus={state}&types={relation}&{q}").json()
    node_ids = {n["id"]: n["code"] for n in view["nodes"]}
    found["explorer edges"] = {
        node_ids[e[other]]
        for e in view["edges"]
        for end, other in (("from", "to"), ("to", "from"))
        if node_ids[e[end]] == state
    }
    exported = client.get(f"{API}/export?format=csv&type={relation}&{q}").text
    found["export"] = {
        row[f"{other}_code"]
        for row in csv.DictReader(io.StringIO(exported))
        for end, other in (("source", "target"), ("target", "source"))
        if row[f"{end}_code"] == state
    }
    series = client.get(
        f"{API}/analytics/partners?state={state}&type={relation}&start={day.year}&end={day.year}"
    ).json()
    found["analytics partners (count, 31 Dec)"] = series["series"][relation][0]
    if day == dt.date.today():
        prop = RELATIONS[relation].property
        rows = store.select(
            render("SELECT ?y WHERE { $x $p ?y }", {"x": state_iri(state), "p": prop})
        )
        found["derived shortcuts"] = {_code(r["y"].value) for r in rows}
    return found


def assert_one_answer(found: dict[str, set[str] | int], year_end: bool) -> set[str]:
    """Every set surface gives the same partners; the counts agree when ``day`` is 31 Dec."""
    sets = {name: v for name, v in found.items() if isinstance(v, set)}
    reference = sets["rest relations"]
    assert all(v == reference for v in sets.values()), sets
    if year_end:
        counts = {name: v for name, v in found.items() if isinstance(v, int)}
        assert all(v == len(reference) for v in counts.values()), (counts, reference)
    return reference


#: (source, target, agreement, horizon flag) rows: one relation's answer on one day.
Links = set[tuple[str, str, str, str | None]]


def rule_links(
    store: Store,
    rel: Relation,
    day: dt.date,
    statuses: list[Status],
    coverage: BeyondCoverage = BeyondCoverage.include,
) -> Links:
    """What :func:`app.ontology.relation_pattern` says in SPARQL, evaluated by the store."""
    pattern = relation_pattern(
        rel, "?x", "?y", "?a", statuses, beyond_coverage=coverage, observed_var="?h"
    )
    query = SPARQL_PREFIXES + f"SELECT DISTINCT ?x ?y ?a ?h WHERE {{ {pattern} }}"
    flags: dict[tuple[str, str, str], set[str | None]] = defaultdict(set)
    for r in store.select(render(query, {"as_of": date_literal(day)})):
        flags[(_state(r["x"]), _state(r["y"]), r["a"].value)].add(
            r["h"].value if "h" in r else None
        )
    # An agreement is flagged only when no period that makes it hold is within coverage; a
    # period with several horizons shows the earliest.
    return {
        (*link, None if None in hs else min(h for h in hs if h is not None))
        for link, hs in flags.items()
    }


def _state(term: object) -> str:
    """A state as the table keys it: an IRI's text, any other term's N-Triples form."""
    return term.value if isinstance(term, NamedNode) else str(term)


def table_links(
    store: Store,
    rel: Relation,
    day: dt.date,
    statuses: list[Status],
    coverage: BeyondCoverage = BeyondCoverage.include,
) -> Links:
    """What the relation interval table (:mod:`app.asof`, kept per data version by
    :mod:`app.queries.intervals`) says for the same."""
    holding = interval_table(store).holding(rel, day, statuses, coverage)
    return {(x, y, a, h) for (x, y), flags in holding.items() for a, h in flags.items()}


def shortcuts_read_on_the_store(store: Store, day: dt.date) -> set[Triple]:
    """The shortcut triples :func:`app.ontology.relation_pattern` gives on ``store`` itself.

    The reference for :mod:`app.rules`, which computes the shortcuts from the rule materialised
    in Python (:mod:`app.asof`): any branch the two read differently shows here.
    """
    found = set()
    for rel in RELATIONS.values():
        pattern = relation_pattern(rel, "?x", "?y", "?a", [Status.in_force])
        query = f"{SPARQL_PREFIXES} SELECT DISTINCT ?x ?y WHERE {{ {pattern} }}"
        for row in store.select(render(query, {"as_of": date_literal(day)})):
            found.add(Triple(row["x"], rel.property, row["y"]))  # type: ignore[arg-type]
    return found


def derived_shortcuts(store: Store) -> set[Triple]:
    """The shortcut triples of the derived graph."""
    props = ", ".join(sparql_term(rel.property) for rel in RELATIONS.values())
    query = f"SELECT ?x ?p ?y WHERE {{ GRAPH $g {{ ?x ?p ?y }} FILTER(?p IN ({props})) }}"
    rows = store.select(render(query, {"g": DERIVED_GRAPH}))
    return {Triple(r["x"], r["p"], r["y"]) for r in rows}  # type: ignore[arg-type]
