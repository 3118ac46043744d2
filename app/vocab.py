"""Closed namespaces: every vocabulary term the code names, checked when it is named.

A term outside a namespace's declared list raises :class:`AttributeError` (as rdflib's
``DefinedNamespace`` with ``_fail = True``), so a typo such as ``RDFS.lable`` fails at import
time instead of silently matching nothing. The pactgraph ontology's own namespace,
:data:`app.ontology.PG`, is built with the same class. Namespace strings live in
:mod:`app.namespaces`; this module only lists the terms.

>>> RDFS.label
<NamedNode value=http://www.w3.org/2000/01/rdf-schema#label>
>>> XSD.gYear.value
'http://www.w3.org/2001/XMLSchema#gYear'
>>> RDFS.lable
Traceback (most recent call last):
...
AttributeError: 'lable' is not a term of http://www.w3.org/2000/01/rdf-schema#
"""

from __future__ import annotations

from collections.abc import Iterator

from pyoxigraph import NamedNode

from app.namespaces import (
    DCT_NS,
    ORG_NS,
    OWL_NS,
    PROV_NS,
    RDF_NS,
    RDFS_NS,
    SCHEMA_NS,
    SD_NS,
    SKOS_NS,
    VOID_NS,
    XSD_NS,
)

__all__ = [
    "DCT",
    "ORG",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SD",
    "SKOS",
    "VOID",
    "XSD",
    "ClosedNamespace",
]


class ClosedNamespace:
    """Attribute access yields NamedNodes for the declared local names only."""

    def __init__(self, base: str, names: str) -> None:
        self._base = base
        self._names = frozenset(names.split())

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("_") or name not in self._names:
            raise AttributeError(f"{name!r} is not a term of {self._base}")
        term = NamedNode(self._base + name)
        # Kept as an attribute, so the next access skips this method: the rules name terms
        # hundreds of thousands of times per rebuild.
        setattr(self, name, term)
        return term

    def __contains__(self, name: str) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[NamedNode]:
        return (NamedNode(self._base + n) for n in sorted(self._names))


# Only the terms the code names: a new one is added here, deliberately.
RDF = ClosedNamespace(RDF_NS, "type Property langString")
RDFS = ClosedNamespace(RDFS_NS, "label comment subClassOf subPropertyOf domain range Class")
XSD = ClosedNamespace(
    XSD_NS, "string boolean integer decimal double date dateTime gYear gYearMonth"
)
PROV = ClosedNamespace(
    PROV_NS, "Agent Bundle wasAttributedTo generatedAtTime hadPrimarySource wasDerivedFrom"
)
DCT = ClosedNamespace(
    DCT_NS, "title description identifier isPartOf hasPart rights source type license"
)
SCHEMA = ClosedNamespace(
    SCHEMA_NS,
    """
    Dataset NewsArticle WebPage Legislation name url publisher citation version
    temporalCoverage headline datePublished
    """,
)
SKOS = ClosedNamespace(SKOS_NS, "Concept ConceptScheme broader prefLabel altLabel notation")
OWL = ClosedNamespace(OWL_NS, "sameAs Class ObjectProperty DatatypeProperty")
ORG = ClosedNamespace(ORG_NS, "Membership member organization")
SD = ClosedNamespace(
    SD_NS,
    """
    Service Dataset NamedGraph Graph endpoint supportedLanguage SPARQL11Query SPARQL11Update
    feature UnionDefaultGraph BasicFederatedQuery defaultEntailmentRegime resultFormat
    defaultDataset defaultGraph namedGraph name graph
    """,
)
VOID = ClosedNamespace(VOID_NS, "Dataset triples sparqlEndpoint uriSpace vocabulary subset")
