"""Every imported dataset graph conforms to the ontology's SHACL shapes (issue 4)."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode, RdfFormat, serialize
from rdflib import Graph

from app.ingest.bundle import BUNDLE_GRAPH_PREFIX
from app.ingest.validate import validate
from app.ontology import ID_NS
from app.store import Store


def _graph(store: Store, *names: NamedNode) -> Graph:
    graph = Graph()
    for name in names:
        triples = [q.triple for q in store.quads() if q.graph_name == name]
        graph.parse(
            data=(serialize(triples, format=RdfFormat.N_TRIPLES) or b"").decode(), format="nt"
        )
    return graph


@pytest.mark.timeout(900)
# rdflib compares an xsd:date with an xsd:gYear (sh:lessThanOrEquals on mixed precision) by
# returning NotImplemented, which Python 3.11 deprecates in a boolean context.
@pytest.mark.filterwarnings(
    "ignore:NotImplemented should not be used in a boolean context:DeprecationWarning"
)
@pytest.mark.parametrize(
    "dataset", ["cow-states-2016", "cow-alliances-4.1", "dcad-1.0", "atop-5.1"]
)
def test_dataset_graph_conforms_to_the_shapes(data_store: Store, dataset: str) -> None:
    # Context: the bundle (ontology, curated states) and the COW state list, which types the
    # former states the alliance datasets refer to.
    context_graphs = [
        g for g in data_store.named_graphs() if g.value.startswith(BUNDLE_GRAPH_PREFIX)
    ]
    context_graphs.append(NamedNode(ID_NS + "graph/dataset/cow-states-2016"))
    violations = validate(
        _graph(data_store, NamedNode(ID_NS + "graph/dataset/" + dataset)),
        _graph(data_store, *context_graphs),
    )
    assert violations == [], violations[:5]
