"""What the endpoint says about itself: SPARQL 1.1 Service Description and VoID.

Both are RDF built from the store's named graphs and their triple counts, serialised in the
format the client negotiated. The service description states the union default graph
(``sd:UnionDefaultGraph``), the languages, the result formats and the limits; VoID lists the
dataset and each named graph (bundled files, imported datasets, ingest batches, derived data)
as a subset with its triple count.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from app.config import Settings
from app.graphs import graph_kind
from app.media import GRAPH_FORMATS, RESULT_FORMATS, Format
from app.namespaces import DCT_NS, ID_NS, PG_NS, RDFS_NS, SD_NS, VOID_NS
from app.store import Store
from app.vocab import DCT, RDF, RDFS, SD, VOID, XSD

_PREFIXES = {"sd": SD_NS, "void": VOID_NS, "dct": DCT_NS, "rdfs": RDFS_NS, "pg": PG_NS}
_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
_TYPE = RDF.type


@dataclass(frozen=True)
class GraphCount:
    """A named graph and its number of triples."""

    graph: NamedNode
    triples: int

    @property
    def kind(self) -> str:
        """What the graph holds, from the project's graph naming scheme."""
        return graph_kind(self.graph)


def graph_counts(store: Store) -> list[GraphCount]:
    """Every named graph with its triple count, sorted by IRI."""
    return [
        GraphCount(row["g"], int(row["n"].value))
        for row in store.select(_COUNTS)
        if isinstance(row["g"], NamedNode)
    ]


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def service_description(
    endpoint: str, settings: Settings, counts: list[GraphCount], fmt: Format[RdfFormat]
) -> bytes:
    """The SPARQL 1.1 Service Description of the endpoint at ``endpoint``."""
    service = NamedNode(endpoint)
    dataset, default_graph = BlankNode(), BlankNode()
    comment = (
        "pactgraph SPARQL 1.1 endpoint. The default graph is the union of all named graphs "
        "(every bundled file, imported dataset and ingest batch is a named graph of its "
        "own); default-graph-uri narrows it. Read-only without a bearer token: SPARQL Update "
        "and Graph Store writes (/store) need one. Queries stop after "
        f"{settings.query_timeout:g} s (503) and SELECT results are cut at "
        f"{settings.result_cap} rows (header Pactgraph-Truncated). SERVICE and LOAD are "
        + ("enabled." if settings.allow_service else "disabled.")
    )
    triples = [
        Triple(service, _TYPE, SD.Service),
        Triple(service, SD.endpoint, service),
        Triple(service, SD.supportedLanguage, SD.SPARQL11Query),
        Triple(service, SD.supportedLanguage, SD.SPARQL11Update),
        Triple(service, SD.feature, SD.UnionDefaultGraph),
        Triple(
            service,
            SD.defaultEntailmentRegime,
            NamedNode("http://www.w3.org/ns/entailment/Simple"),
        ),
        Triple(service, RDFS.comment, Literal(comment, language="en")),
        Triple(service, SD.defaultDataset, dataset),
        Triple(dataset, _TYPE, SD.Dataset),
        Triple(dataset, SD.defaultGraph, default_graph),
        Triple(default_graph, _TYPE, SD.Graph),
        Triple(
            default_graph,
            RDFS.comment,
            Literal("the union of all named graphs", language="en"),
        ),
        Triple(default_graph, VOID.triples, _int(sum(c.triples for c in counts))),
    ]
    if settings.allow_service:
        triples.append(Triple(service, SD.feature, SD.BasicFederatedQuery))
    for fmt_ in RESULT_FORMATS + GRAPH_FORMATS:
        triples.append(Triple(service, SD.resultFormat, NamedNode(fmt_.pyoxigraph.iri)))
    for count in counts:
        named, graph = BlankNode(), BlankNode()
        triples += [
            Triple(dataset, SD.namedGraph, named),
            Triple(named, _TYPE, SD.NamedGraph),
            Triple(named, SD.name, count.graph),
            Triple(named, SD.graph, graph),
            Triple(graph, _TYPE, SD.Graph),
            Triple(graph, VOID.triples, _int(count.triples)),
        ]
    return _serialize(triples, fmt)


def void_description(
    base_url: str, endpoint: str, counts: list[GraphCount], fmt: Format[RdfFormat]
) -> bytes:
    """VoID: the whole dataset, and each named graph as a subset with its triple count."""
    whole = NamedNode(base_url.rstrip("/") + "/.well-known/void#pactgraph")
    title = DCT.title
    triples = [
        Triple(whole, _TYPE, VOID.Dataset),
        Triple(whole, title, Literal("pactgraph: military pacts between states", language="en")),
        Triple(whole, VOID.sparqlEndpoint, NamedNode(endpoint)),
        Triple(whole, VOID.uriSpace, Literal(ID_NS)),
        Triple(whole, VOID.vocabulary, NamedNode(PG_NS)),
        Triple(whole, VOID.triples, _int(sum(c.triples for c in counts))),
    ]
    for count in counts:
        triples += [
            Triple(whole, VOID.subset, count.graph),
            Triple(count.graph, _TYPE, VOID.Dataset),
            Triple(count.graph, SD.name, count.graph),
            Triple(count.graph, title, Literal(count.kind, language="en")),
            Triple(count.graph, VOID.triples, _int(count.triples)),
        ]
    return _serialize(triples, fmt)


def _serialize(triples: list[Triple], fmt: Format[RdfFormat]) -> bytes:
    prefixes = _PREFIXES if fmt is GRAPH_FORMATS[0] else None
    return serialize(triples, format=fmt.pyoxigraph, prefixes=prefixes) or b""
