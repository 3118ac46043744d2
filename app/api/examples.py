"""One realistic call of every operation, and its answer, for the OpenAPI document.

Each operation (``"METHOD /path"``, as the document names it) has a :class:`RequestExample`:
a question a REST or SPARQL client would ask of the bundled graph, with its parameters and
body. The answers are recorded from the app serving the bundled graph into ``examples.json``
beside this module (lists cut to their first items, long text to its first lines), so every
example shows real data, never invented facts. ``tests/api/test_examples.py`` runs every
request against the app and checks the answer against the operation's schema and the recorded
example; ``python -m tests.api.openapi_examples`` records the answers again after the curated
graph changes.

:func:`install` puts both into the document: ``example`` on each parameter (Swagger UI's
"Try it out" starts from it), the body under ``requestBody``, the answer under the response
of its status, and a bearer-token security requirement on every operation that can answer
401 (optional where only some requests write, as on ``POST /sparql``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from fastapi import FastAPI

__all__ = ["EXAMPLES", "RECORDED", "RequestExample", "add_examples", "install", "recorded_answers"]

#: Where the recorded answers live (package data).
RECORDED = "examples.json"
#: The security scheme of writes (``Authorization: Bearer <token>``, see :mod:`app.api.auth`).
BEARER = "bearerToken"

_PG = "PREFIX pg: <https://w3id.org/pactgraph/ontology#>\n"
_ID = "https://w3id.org/pactgraph/id/"
_NOTES_GRAPH = "https://example.org/graph/analyst-notes"

#: The 2019 South Korea-Thailand MOU on military intelligence cooperation (seed article
#: 004_73810ff19049f8e1.txt, Nikkei Asian Review) as one batch, as README's ingest example;
#: the agreement and source IRIs are the example's own.
_INGEST_TURTLE = """\
@prefix pg:        <https://w3id.org/pactgraph/ontology#> .
@prefix prov:      <http://www.w3.org/ns/prov#> .
@prefix rdfs:      <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema:    <https://schema.org/> .
@prefix xsd:       <http://www.w3.org/2001/XMLSchema#> .
@prefix state:     <https://w3id.org/pactgraph/id/state/> .
@prefix agreement: <https://w3id.org/pactgraph/id/agreement/> .
@prefix source:    <https://w3id.org/pactgraph/id/source/> .

agreement:kor-tha-intelligence-mou-2019-openapi a pg:Agreement ;
    rdfs:label "South Korea-Thailand MOU on military intelligence cooperation"@en ;
    pg:party state:KOR, state:THA ;
    pg:agreementType pg:IntelligenceMOU ;
    pg:legalForm pg:NonBindingInstrument ;
    pg:signed "2019-09-02"^^xsd:date ;
    pg:citation [ a pg:Citation ;
        pg:source source:nikkei-kor-tha-intelligence-mou-openapi ;
        pg:quote "South Korean President Moon Jae-in and Thai Prime Minister Prayuth Chan-ocha \
on Monday signed a memorandum of understanding on military intelligence cooperation" ] ;
    prov:wasDerivedFrom source:nikkei-kor-tha-intelligence-mou-openapi .

source:nikkei-kor-tha-intelligence-mou-openapi a schema:NewsArticle ;
    schema:headline "South Korea agrees to share military intelligence with Thailand" ;
    schema:publisher "Nikkei Asian Review" ;
    schema:datePublished "2019-09"^^xsd:gYearMonth ;
    pg:seedFile "004_73810ff19049f8e1.txt" .
"""
#: The batch id of :data:`_INGEST_TURTLE` (the start of the SHA-256 of its canonical N-Quads).
_BATCH = "fd27e8aa28bb2404"

#: An analyst's own named graph (Graph Store Protocol): a note, not a fact about the world.
_NOTES_TURTLE = """\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/notes/watch-list> rdfs:label "Watch list: Korea-Japan intelligence sharing" ;
    rdfs:seeAlso <https://w3id.org/pactgraph/id/agreement/kor-jpn-gsomia-2016> .
"""
_MORE_NOTES_TURTLE = """\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/notes/watch-list> rdfs:seeAlso <https://w3id.org/pactgraph/id/state/PRK> .
"""

_GSOMIAS = (
    _PG
    + """SELECT ?agreement ?signed WHERE {
  ?agreement pg:agreementType pg:GSOMIA ; pg:party <https://w3id.org/pactgraph/id/state/KOR> ;
             pg:signed ?signed .
} ORDER BY ?signed LIMIT 5"""
)


@dataclass(frozen=True)
class RequestExample:
    """A call of one operation: what it asks, its parameters and body, the status it gets."""

    summary: str
    #: Path and query parameters by name, as a client writes them in the URL.
    params: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    content_type: str | None = None
    status: int = 200
    #: Sends ``Authorization: Bearer <token>`` (writes).
    token: bool = False


_SEED_004_LEAD = (
    "BANGKOK -- South Korean President Moon Jae-in and Thai Prime Minister Prayuth Chan-ocha "
    "on Monday signed a memorandum of understanding on military intelligence cooperation, a "
    "significant step for the South Korean leader who recently brought a trade spat with Japan "
    "into the security realm."
)
_EXTRACT_JSON = json.dumps({"text": _SEED_004_LEAD, "published": "2019-09-03"})
_ACCEPT_JSON = json.dumps(
    {
        "fact": {
            "parties": ["KOR", "THA"],
            "agreement_type": "IntelligenceMOU",
            "event_type": "SignedEvent",
            "date": "2019-09-02",
            "quote": _SEED_004_LEAD.removeprefix("BANGKOK -- "),
        },
        "article": {
            "headline": "South Korea agrees to share military intelligence with Thailand",
            "publisher": "Nikkei Asian Review",
            "published": "2019-09",
        },
    }
)
_REJECT_JSON = json.dumps(
    {
        "key": "0123456789abcdef0123456789abcdef",
        "summary": "KOR-JPN SignedEvent 2019-09-02",
        "reason": "Japan is only mentioned as context",
    }
)

#: Every operation's example, in an order that runs as one session on one store: the writes
#: create what the reads after them name (a batch, a graph) and the last ones remove it.
EXAMPLES: dict[str, RequestExample] = {
    "GET /health": RequestExample("Is the service up, and how much data does it hold?"),
    "POST /api/v1/ingest": RequestExample(
        "Add the 2019 South Korea-Thailand intelligence MOU, with its source and quote",
        params={"label": "ROK-Thailand intelligence MOU"},
        body=_INGEST_TURTLE,
        content_type="text/turtle",
        status=201,
        token=True,
    ),
    "POST /api/v1/extract": RequestExample(
        "Candidate facts of a news paragraph (seed 004's lead)",
        body=_EXTRACT_JSON,
        content_type="application/json",
    ),
    "POST /api/v1/extract/accept": RequestExample(
        "Accept the 2019-09-02 South Korea-Thailand signing with its quote and article",
        body=_ACCEPT_JSON,
        content_type="application/json",
        status=201,
        token=True,
    ),
    "POST /api/v1/extract/reject": RequestExample(
        "Reject a candidate by its key, saying why",
        body=_REJECT_JSON,
        content_type="application/json",
        status=201,
        token=True,
    ),
    "GET /review": RequestExample("The review queue page"),
    "GET /api/v1/ingest": RequestExample("Every batch added so far"),
    "GET /api/v1/ingest/{batch}": RequestExample(
        "The batch just added: author, time, triples", params={"batch": _BATCH}
    ),
    "GET /api/v1/ingest/{batch}/content": RequestExample(
        "The triples of the batch", params={"batch": _BATCH}
    ),
    "DELETE /api/v1/ingest/{batch}": RequestExample(
        "Retract the batch (it stays in the audit)", params={"batch": _BATCH}, token=True
    ),
    "PUT /store": RequestExample(
        "Create an analyst's notes graph",
        params={"graph": _NOTES_GRAPH},
        body=_NOTES_TURTLE,
        content_type="text/turtle",
        status=201,
        token=True,
    ),
    "POST /store": RequestExample(
        "Add a triple to the notes graph",
        params={"graph": _NOTES_GRAPH},
        body=_MORE_NOTES_TURTLE,
        content_type="text/turtle",
        status=204,
        token=True,
    ),
    "GET /store": RequestExample("Read the notes graph back", params={"graph": _NOTES_GRAPH}),
    "DELETE /store": RequestExample(
        "Remove the notes graph", params={"graph": _NOTES_GRAPH}, status=204, token=True
    ),
    "GET /sparql": RequestExample(
        "South Korea's GSOMIAs by signing date (SPARQL JSON)", params={"query": _GSOMIAS}
    ),
    "POST /sparql": RequestExample(
        "The same query posted as application/sparql-query, answered as CSV",
        params={"format": "csv"},
        body=_GSOMIAS,
        content_type="application/sparql-query",
    ),
    "GET /.well-known/void": RequestExample("The dataset's VoID description (Turtle)"),
    "GET /api/v1/states": RequestExample("States whose name contains 'korea'", {"q": "korea"}),
    "GET /api/v1/states/{id}": RequestExample("South Korea", {"id": "KOR"}),
    "GET /api/v1/states/{id}/relations": RequestExample(
        "South Korea's intelligence-sharing partners at the end of 2019",
        {"id": "KOR", "type": "shares_intelligence_with", "as_of": "2019-12-31"},
    ),
    "GET /api/v1/agreements": RequestExample(
        "GSOMIAs South Korea is party to, in force in 2017",
        {"type": "GSOMIA", "party": "KOR", "status": "in_force", "as_of": "2017", "limit": "2"},
    ),
    "GET /api/v1/agreements/{id}": RequestExample(
        "The South Korea-Japan GSOMIA with its timeline and sources",
        {"id": "kor-jpn-gsomia-2016", "as_of": "2019-12-31"},
    ),
    "GET /api/v1/relations": RequestExample(
        "Every pair of states sharing intelligence in 2020",
        {"type": "shares_intelligence_with", "as_of": "2020", "limit": "2"},
    ),
    "GET /api/v1/query/path": RequestExample(
        "Who shares intelligence with China's allies? (an empty answer, with why and wider)",
        {"from": "CHN", "path": "allied_with/shares_intelligence_with", "as_of": "2025-01-01"},
    ),
    "GET /api/v1/sources": RequestExample("The sources behind the graph", {"limit": "2"}),
    "GET /api/v1/sources/{id}": RequestExample(
        "What Kyodo's 2016 report of the GSOMIA signing supports",
        {"id": "kyodo-2016-11-23-gsomia-signed"},
    ),
    "GET /id/{path}": RequestExample("South Korea as Turtle", {"path": "state/KOR.ttl"}),
    "GET /explore": RequestExample("The explorer, opened on its landing question"),
    "GET /api/v1/views/network": RequestExample(
        "South Korea's intelligence partners in 2017, as a network document",
        {"focus": "KOR", "types": "shares_intelligence_with", "as_of": "2017"},
    ),
    "GET /api/v1/views/network.json": RequestExample(
        "China's formal alliance obligations, as vis-network JSON",
        {"focus": "CHN", "types": "has_alliance_with", "as_of": "2025-01-01"},
    ),
    "GET /api/v1/views/network.graphml": RequestExample(
        "South Korea's intelligence partners in 2017, as GraphML",
        {"focus": "KOR", "types": "shares_intelligence_with", "as_of": "2017"},
    ),
    "GET /api/v1/views/node": RequestExample(
        "Japan's partners in that view, with agreements and sources",
        {"iri": f"{_ID}state/JPN", "focus": "KOR", "types": "shares_intelligence_with"},
    ),
    "GET /api/v1/views/edge": RequestExample(
        "The agreements behind the South Korea-Japan edge at the end of 2017",
        {
            "a": f"{_ID}state/KOR",
            "b": f"{_ID}state/JPN",
            "types": "shares_intelligence_with",
            "as_of": "2017",
        },
    ),
    "GET /api/v1/views/autocomplete": RequestExample("States matching 'kor'", {"q": "kor"}),
    "GET /api/v1/views/presets": RequestExample("The explorer's questions, as shareable views"),
    "GET /api/v1/views/treaties": RequestExample("Treaties the treaty-members question knows"),
    "GET /api/v1/views/path": RequestExample(
        "Who shares intelligence with China's allies, as a network document in tiers",
        {"from": "CHN", "path": "allied_with/shares_intelligence_with"},
    ),
    "GET /api/v1/views/path.json": RequestExample(
        "The same tiers as vis-network JSON",
        {"from": "CHN", "path": "allied_with/shares_intelligence_with"},
    ),
    "GET /api/v1/views/compare": RequestExample(
        "South Korea's intelligence ties at the end of 2015 against 2017 (network document)",
        {"focus": "KOR", "types": "shares_intelligence_with", "before": "2015", "as_of": "2017"},
    ),
    "GET /api/v1/views/compare.json": RequestExample(
        "The same comparison as JSON: ties added, removed, unchanged, with events",
        {"focus": "KOR", "types": "shares_intelligence_with", "before": "2015", "as_of": "2017"},
    ),
    "GET /api/v1/views/network.csv": RequestExample(
        "South Korea's intelligence partners in 2017 as a table (CSV)",
        {"focus": "KOR", "types": "shares_intelligence_with", "as_of": "2017"},
    ),
    "GET /explore/dyad": RequestExample(
        "The South Korea-Japan timeline page", {"a": "KOR", "b": "JPN"}
    ),
    "GET /api/v1/views/dyad": RequestExample(
        "Every agreement between South Korea and Japan with its status periods and events",
        {"a": "KOR", "b": "JPN"},
    ),
    "GET /api/v1/analytics/centrality": RequestExample(
        "The most connected states in intelligence sharing, 2019",
        {"type": "shares_intelligence_with", "as_of": "2019", "limit": "3"},
    ),
    "GET /api/v1/analytics/communities": RequestExample(
        "Blocs of military cooperation in 2020", {"as_of": "2020"}
    ),
    "GET /api/v1/analytics/paths": RequestExample(
        "How South Korea connects to the United States through intelligence sharing",
        {"from": "KOR", "to": "USA", "type": "shares_intelligence_with", "as_of": "2020"},
    ),
    "GET /api/v1/analytics/ego": RequestExample(
        "Japan's intelligence-sharing neighbourhood in 2020",
        {"state": "JPN", "type": "shares_intelligence_with", "as_of": "2020"},
    ),
    "GET /api/v1/analytics/alignment": RequestExample(
        "How alike are South Korea's and Japan's partners?",
        {"a": "KOR", "b": "JPN", "as_of": "2020"},
    ),
    "GET /api/v1/analytics/similar": RequestExample(
        "States whose partners resemble South Korea's", {"state": "KOR", "as_of": "2020"}
    ),
    "GET /api/v1/analytics/partners": RequestExample(
        "South Korea's intelligence partners year by year, 2014-2020",
        {"state": "KOR", "type": "shares_intelligence_with", "start": "2014", "end": "2020"},
    ),
    "GET /api/v1/analytics/partners.svg": RequestExample(
        "The same series as an SVG step chart",
        {"state": "KOR", "type": "shares_intelligence_with", "start": "2014", "end": "2020"},
    ),
    "GET /api/v1/analytics/diff": RequestExample(
        "What changed in intelligence sharing between 2015 and 2017",
        {"from": "2015", "to": "2017", "type": "shares_intelligence_with"},
    ),
    "GET /api/v1/panels/dyad-year": RequestExample(
        "A directed dyad-year panel of pactgraph's relations for 2016 (the bundled graph alone "
        "lacks COW's state system, the universe: 409 until `pactgraph import cow-states`)",
        params={"sources": "curated", "start": "2016", "end": "2016", "directed": "true"},
        status=409,
    ),
    "GET /api/v1/panels/dyad-year/datapackage.json": RequestExample(
        "The codebook of that panel (Frictionless data package)",
        params={"sources": "curated", "start": "2016", "end": "2016", "directed": "true"},
        status=409,
    ),
    "GET /api/v1/panels/state-year": RequestExample(
        "ATOP partners per state and year, 1990-2000, as Parquet",
        params={"sources": "atop", "start": "1990", "end": "2000", "format": "parquet"},
        status=409,
    ),
    "GET /api/v1/panels/state-year/datapackage.json": RequestExample(
        "The codebook of that state-year panel",
        params={"sources": "atop", "start": "1990", "end": "2000", "format": "parquet"},
        status=409,
    ),
    "GET /api/v1/analytics/overlay": RequestExample(
        "Bloc and centrality of every state, for colouring a network",
        {"type": "shares_intelligence_with", "as_of": "2020", "limit": "3"},
    ),
    "GET /api/v1/export": RequestExample(
        "The intelligence-sharing network of 2020 as an edge list (CSV)",
        {"format": "csv", "type": "shares_intelligence_with", "as_of": "2020"},
    ),
}


@cache
def recorded_answers() -> dict[str, dict[str, Any]]:
    """The recorded answer of every example: ``status``, ``media_type`` and ``body`` (JSON, or
    the first lines of text)."""
    answers: dict[str, dict[str, Any]] = json.loads(
        (files("app.api") / RECORDED).read_text(encoding="utf-8")
    )
    return answers


def _parameter_examples(operation: dict[str, Any], example: RequestExample, key: str) -> list[str]:
    declared = {p["name"]: p for p in operation.get("parameters", [])}
    problems = []
    for name, value in example.params.items():
        if name in declared:
            declared[name]["example"] = value
        else:
            problems.append(f"{key}: the example's parameter {name!r} is not declared")
    return problems


def _body_example(operation: dict[str, Any], example: RequestExample, key: str) -> list[str]:
    if example.body is None:
        return []
    content = operation.get("requestBody", {}).get("content", {})
    if example.content_type not in content:
        return [f"{key}: the request body {example.content_type} is not declared"]
    content[example.content_type]["examples"] = {
        "example": {"summary": example.summary, "value": example.body}
    }
    return []


def _answer_example(operation: dict[str, Any], example: RequestExample, key: str) -> list[str]:
    answer = recorded_answers().get(key)
    if answer is None:
        return [f"{key}: no recorded answer (python -m tests.api.openapi_examples)"]
    response = operation["responses"].setdefault(str(answer["status"]), {"description": ""})
    if answer["media_type"] is None:
        return []
    if "content" not in response:
        # No format declared: the operation negotiates one (Accept, ?format=); the example
        # shows one of them and must not make it the only one documented.
        response["content"] = {"*/*": {"schema": {}}}
    media = response["content"].setdefault(answer["media_type"], {})
    media["examples"] = {"example": {"summary": example.summary, "value": answer["body"]}}
    return []


def _security(operation: dict[str, Any], example: RequestExample) -> None:
    if "401" in operation["responses"]:
        # An operation that only sometimes writes (a SPARQL query or update) takes the token
        # optionally: the empty requirement is "no token".
        operation["security"] = [{BEARER: []}] if example.token else [{}, {BEARER: []}]


def add_examples(document: dict[str, Any]) -> list[str]:
    """Put every example into ``document`` (an OpenAPI document of this app); returns what
    does not fit: an operation without an example or a recorded answer, an example naming a
    parameter or body the operation does not declare. The app serves the document anyway (a
    new route must not take /docs down); ``tests/api/test_examples.py`` requires none."""
    problems = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            key = f"{method.upper()} {path}"
            example = EXAMPLES.get(key)
            if example is None:
                problems.append(f"{key}: no example in app/api/examples.py")
                continue
            problems += _parameter_examples(operation, example, key)
            problems += _body_example(operation, example, key)
            problems += _answer_example(operation, example, key)
            _security(operation, example)
    document.setdefault("components", {}).setdefault("securitySchemes", {})[BEARER] = {
        "type": "http",
        "scheme": "bearer",
        "description": "A write token (PACTGRAPH_TOKEN, or a name:token line of "
        "PACTGRAPH_TOKENS_FILE); reads need none.",
    }
    return problems


def install(app: FastAPI) -> None:
    """Serve ``app``'s OpenAPI document with the examples in it (built once, on first use)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            add_examples(generate())  # generate() caches the document it returns
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
