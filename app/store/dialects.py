"""What differs between SPARQL servers, in one place: standard SPARQL 1.1 and Virtuoso 7.

:class:`~app.store.remote.RemoteStore` speaks the SPARQL 1.1 Protocol and the Graph Store
Protocol; a :class:`Dialect` says how one server family wants to be spoken to. The standard
dialect (Oxigraph server, Fuseki) follows the specifications. :class:`Virtuoso` holds every
deviation of Virtuoso 7 found by running the store suite against it (``tests/remote/``):

- its system graphs (``virtrdf#``, ``ldp#``, the service description) are named graphs like
  any other: the queries that list graphs, count or dump quads leave them out. (Its
  ``define input:*-graph-exclude`` pragmas would hide them everywhere, but with either one in
  force ``GRAPH <iri> { }`` matches nothing, so they cannot be used.) They stay in the union
  default graph, where pactgraph's questions, anchored on its own vocabulary, never meet them;
- ``GRAPH ?g { }`` answers one empty solution instead of the graph names;
- a query POSTed directly (``application/sparql-query``) is never answered: queries go as
  ``application/x-www-form-urlencoded``;
- writes need digest authentication on ``/sparql-auth`` and ``/sparql-graph-crud-auth``;
- blank nodes are refused in ``INSERT DATA``: writes use ``INSERT { ... } WHERE { }``;
- an update inserting only when a pattern has no match answers wrongly written either
  standard way: ``WHERE { FILTER NOT EXISTS { P } }`` inserts even when ``P`` matches, and
  ``WHERE { OPTIONAL { P } FILTER (!BOUND(?x)) }`` never inserts (with pactgraph's meta IRIs);
  :meth:`~app.store.base.Store.claim_meta` counts the matches in a sub-select instead;
- an answer cut short by its time limits still comes as 200 OK, marked only by an
  ``X-SQL-State`` header: it is refused (503) instead of being read as the answer; so does a
  write rolled back because it deadlocked with another (``SR172``): that one is a 409;
- results name blank nodes ``nodeID://b123`` (not a valid label), write booleans as
  ``"1"^^xsd:boolean``, answer ASK as a one-row SELECT, and its TSV leaves IRIs and numbers
  bare: JSON is requested and rewritten into standard SPARQL JSON before anything parses it.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar, Literal

import httpx
from pyoxigraph import (
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    parse_query_results,
)

from app.errors import Conflict, StoreUnavailable
from app.store.terms import sparql_term

DialectName = Literal["sparql11", "virtuoso"]

_JSON = "application/sparql-results+json"
_TSV = "text/tab-separated-values"
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_BNODE_LABEL = re.compile(r"[^A-Za-z0-9_]")
#: How Virtuoso's message starts when it rolled back one of two transactions that deadlocked.
_DEADLOCK = "SR172"
#: Graphs a fresh Virtuoso 7 database holds for itself; never pactgraph data.
VIRTUOSO_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
)
_NOT_SYSTEM = "FILTER (?g NOT IN ({}))".format(
    ", ".join(sparql_term(NamedNode(g)) for g in VIRTUOSO_SYSTEM_GRAPHS)
)


class Dialect:
    """Standard SPARQL 1.1 Protocol and Graph Store Protocol (Oxigraph server, Fuseki)."""

    name: ClassVar[DialectName] = "sparql11"
    #: The Accept header of SELECT/ASK requests; :meth:`results` turns the answer into SPARQL JSON.
    results_accept: ClassVar[str] = _JSON
    #: The queries that list named graphs, count and read every quad of pactgraph's graphs.
    graphs_query: ClassVar[str] = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
    count_query: ClassVar[str] = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    quads_query: ClassVar[str] = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"

    def endpoints(self, query_url: str) -> tuple[str, str]:
        """Guess the update and Graph Store endpoints from the query endpoint's URL.

        Oxigraph serves ``/query``, ``/update`` and ``/store``; Fuseki ``/ds/query`` (or
        ``/ds/sparql``), ``/ds/update`` and ``/ds/data``. Other layouts set both URLs.
        """
        base, _, last = query_url.rstrip("/").rpartition("/")
        if last == "query" and not base.endswith(("/ds", "fuseki")):
            return f"{base}/update", f"{base}/store"
        if last in {"query", "sparql"}:
            return f"{base}/update", f"{base}/data"
        return f"{query_url}/update", f"{query_url}/store"

    def auth(self, user: str | None, password: str | None) -> httpx.Auth | None:
        """Credentials for writes (HTTP Basic, as Fuseki's shiro set-up expects)."""
        return httpx.BasicAuth(user, password or "") if user else None

    def query_request(self, sparql: str) -> dict[str, Any]:
        """Keyword arguments of ``httpx.Client.post`` sending a query."""
        return {"content": sparql.encode(), "headers": {"Content-Type": "application/sparql-query"}}

    def results(self, body: bytes) -> bytes:
        """The server's SELECT/ASK answer as standard SPARQL JSON results."""
        return body

    def check(self, response: httpx.Response) -> None:
        """Raise when a successful-looking answer is not the whole answer."""

    #: Whether a prefix of the lines :meth:`lines` returns can be read as it arrives.
    streams_lines: ClassVar[bool] = True

    def lines_accept(self, accept: str) -> str:
        """The Accept header that gets line-based results (TSV, N-Triples) from the server."""
        return accept

    def lines(self, content_type: str, body: bytes) -> tuple[str, bytes]:
        """The server's answer to a ``lines_accept`` request as TSV results or N-Triples."""
        return content_type, body

    def insert(self, blocks: str) -> str:
        """An update inserting ``blocks`` (``GRAPH <g> { triples }``, maybe with blank nodes)."""
        return f"INSERT DATA {{ {blocks} }}"


class Virtuoso(Dialect):
    """OpenLink Virtuoso 7 (open-source edition, as Debian packages it)."""

    name: ClassVar[DialectName] = "virtuoso"
    graphs_query: ClassVar[str] = (
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_NOT_SYSTEM} }}"
    )
    count_query: ClassVar[str] = (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_NOT_SYSTEM} }}"
    )
    quads_query: ClassVar[str] = (
        f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_NOT_SYSTEM} }}"
    )

    def endpoints(self, query_url: str) -> tuple[str, str]:
        """``/sparql`` answers queries; writes go to the digest-protected twins."""
        base = query_url.rstrip("/").removesuffix("/sparql")
        return f"{base}/sparql-auth", f"{base}/sparql-graph-crud-auth"

    def auth(self, user: str | None, password: str | None) -> httpx.Auth | None:
        """Digest authentication, the only scheme ``/sparql-auth`` accepts."""
        return httpx.DigestAuth(user, password or "") if user else None

    def query_request(self, sparql: str) -> dict[str, Any]:
        return {"data": {"query": sparql}}

    def results(self, body: bytes) -> bytes:
        document = json.loads(body)
        if "boolean" in document:
            return json.dumps({"head": {}, "boolean": bool(document["boolean"])}).encode()
        names = document["head"].get("vars", [])
        rows = document["results"]["bindings"]
        if names == ["__ASK_RETVAL"]:
            answer = bool(rows) and rows[0]["__ASK_RETVAL"]["value"] not in {"0", "false"}
            return json.dumps({"head": {}, "boolean": answer}).encode()
        for row in rows:
            for term in row.values():
                _standard_term(term)
        return json.dumps(
            {"head": {"vars": names}, "results": {"bindings": rows}}, ensure_ascii=False
        ).encode()

    def check(self, response: httpx.Response) -> None:
        """Refuse Virtuoso's "anytime" answers: cut short by a limit, yet sent as 200 OK.

        Virtuoso marks them only with ``X-SQL-State``/``X-SQL-Message`` headers; read as they
        are, they would be wrong answers, not slow ones.
        """
        state = response.headers.get("X-SQL-State")
        if state:
            message = response.headers.get("X-SQL-Message", "")
            if message.startswith(_DEADLOCK):
                raise Conflict(
                    "Virtuoso rolled the write back: it deadlocked with another one running at "
                    f"the same time ({message}); retry",
                    retry_after=1,
                )
            raise StoreUnavailable(f"Virtuoso returned an incomplete answer ({state}): {message}")

    # Virtuoso's own TSV is not the standard's: ask for JSON and write the TSV here.
    streams_lines: ClassVar[bool] = False

    def lines_accept(self, accept: str) -> str:
        return f"{_JSON}, application/n-triples;q=0.9"

    def lines(self, content_type: str, body: bytes) -> tuple[str, bytes]:
        if not content_type.startswith(_JSON):
            return content_type, body
        result = parse_query_results(self.results(body), QueryResultsFormat.JSON)
        assert isinstance(result, QuerySolutions | QueryBoolean)
        return _TSV, result.serialize(format=QueryResultsFormat.TSV) or b""

    def insert(self, blocks: str) -> str:
        # A template's blank nodes are fresh per solution, and WHERE { } has exactly one.
        return f"INSERT {{ {blocks} }} WHERE {{ }}"


def _standard_term(term: dict[str, Any]) -> None:
    """Rewrite one Virtuoso JSON term in place into its standard SPARQL JSON form."""
    kind = term.get("type")
    if kind == "bnode":
        term["value"] = _BNODE_LABEL.sub("_", term["value"].removeprefix("nodeID://"))
    elif kind == "typed-literal":
        term["type"] = "literal"
        if term.get("datatype") == _XSD_BOOLEAN:
            term["value"] = {"1": "true", "0": "false"}.get(term["value"], term["value"])


DIALECTS: dict[DialectName, type[Dialect]] = {"sparql11": Dialect, "virtuoso": Virtuoso}
