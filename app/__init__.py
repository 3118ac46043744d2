"""pactgraph: a knowledge-graph service for defense diplomacy.

Military pacts (intelligence-sharing, logistics, defense-cooperation agreements, alliances)
are kept as dated, sourced RDF under the pactgraph OWL ontology and served over REST,
SPARQL 1.1 and interactive network views.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
