"""The namespaces pactgraph's IRIs live in: plain strings, importable from every layer.

The store (the lowest layer) needs the entity namespace for its bookkeeping graph, so these
live below :mod:`app.ontology`, which re-exports them with the vocabulary built on them.
"""

from __future__ import annotations

PG_NS = "https://w3id.org/pactgraph/ontology#"
ID_NS = "https://w3id.org/pactgraph/id/"
#: Where states live: ``STATE_NS + "KOR"``.
STATE_NS = ID_NS + "state/"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"
PROV_NS = "http://www.w3.org/ns/prov#"
SCHEMA_NS = "https://schema.org/"
RDFS_NS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
OWL_NS = "http://www.w3.org/2002/07/owl#"
DCT_NS = "http://purl.org/dc/terms/"
ORG_NS = "http://www.w3.org/ns/org#"
WD_NS = "http://www.wikidata.org/entity/"
SD_NS = "http://www.w3.org/ns/sparql-service-description#"
VOID_NS = "http://rdfs.org/ns/void#"
