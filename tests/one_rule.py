"""One question asked of every surface: who are the partners of X by relation R on date D?

Issue 12: every count, chart, view and export reads :func:`app.ontology.relation_pattern`.
Each function here answers through one surface (REST relations, REST path, the state profile's
counts, analytics partners per year, the explorer's edges, the export, today's derived
shortcuts) so a test can require identical answers from all of them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from fastapi.testclient import TestClient
from pyoxigraph import Triple

from app.graphs import DERIVED_GRAPH
from app.ontology import (
    RELATIONS,
    SPARQL_PREFIXES,
    Status,
    date_literal,
    relation_pattern,
    state_iri,
)
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


def shortcuts_read_on_the_store(store: Store, day: dt.date) -> set[Triple]:
    """The shortcut triples :func:`app.ontology.relation_pattern` gives on ``store`` itself.

    The reference for :mod:`app.rules`, which evaluates the same pattern on a memory copy of
    the triples it reads (``RULE_PREDICATES``): a predicate missing from the copy shows here.
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
