"""Every imported dataset graph conforms to the ontology's SHACL shapes (issue 4).

pySHACL needs minutes for the ~0.5M imported triples, so the whole graphs are checked by the
shapes' SPARQL translation (:mod:`app.ingest.shacl_sparql`) inside the store, and
:func:`test_the_sparql_check_reports_what_pyshacl_reports_on_a_broken_sample` holds that
translation to pySHACL's results on a broken sample of each dataset
(``tests/ingest/test_shacl_sparql.py`` does so on the bundle and on every constraint kind).
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from pyoxigraph import BlankNode, NamedNode, Triple

from app.graphs import BUNDLE_GRAPH_PREFIX
from app.ingest.shacl_sparql import check_store
from app.ingest.validate import shapes_graph
from app.ontology import ID_NS
from app.store import EmbeddedStore, Store
from tests.ingest.shacl_pair import by_pyshacl, by_sparql

_DATASET_GRAPH = ID_NS + "graph/dataset/"
DATASETS = ["cow-states-2016", "cow-alliances-4.1", "dcad-1.0", "atop-5.1"]

# rdflib compares an xsd:date with an xsd:gYear (sh:lessThanOrEquals on mixed precision) by
# returning NotImplemented, which Python 3.11 deprecates in a boolean context.
pytestmark = pytest.mark.filterwarnings(
    "ignore:NotImplemented should not be used in a boolean context:DeprecationWarning"
)


def _context_graphs(store: Store) -> list[NamedNode]:
    """The bundle (ontology, curated states) and the COW state list, which types the former
    states the alliance datasets refer to."""
    return [g for g in store.named_graphs() if g.value.startswith(BUNDLE_GRAPH_PREFIX)] + [
        NamedNode(_DATASET_GRAPH + "cow-states-2016")
    ]


@pytest.mark.parametrize("dataset", DATASETS)
def test_dataset_graph_conforms_to_the_shapes(data_store: Store, dataset: str) -> None:
    assert isinstance(data_store, EmbeddedStore)
    graph = NamedNode(_DATASET_GRAPH + dataset)
    results = check_store(data_store.inner, [graph], _context_graphs(data_store), shapes_graph())
    assert results == [], results[:5]


@pytest.fixture(scope="module")
def by_graph(data_store: Store) -> dict[str, list[Triple]]:
    """The store's triples by named graph, read in one pass over the quads."""
    graphs: dict[str, list[Triple]] = defaultdict(list)
    for quad in data_store.quads():
        if isinstance(quad.graph_name, NamedNode):
            graphs[quad.graph_name.value].append(quad.triple)
    return graphs


@pytest.mark.parametrize(
    ("dataset", "every"),
    [("cow-states-2016", 3), ("cow-alliances-4.1", 60), ("dcad-1.0", 60), ("atop-5.1", 60)],
)
def test_the_sparql_check_reports_what_pyshacl_reports_on_a_broken_sample(
    data_store: Store, by_graph: dict[str, list[Triple]], dataset: str, every: int
) -> None:
    # Every n-th subject with its blank nodes, then every 7th triple dropped: dates, parties,
    # types, labels and sources go missing and references dangle.
    own = _DATASET_GRAPH + dataset
    triples = by_graph[own]
    subjects = sorted({t.subject.value for t in triples if isinstance(t.subject, NamedNode)})
    kept: set[object] = {NamedNode(s) for s in subjects[::every]}
    sample: list[Triple] = []
    for _round in range(3):  # blank nodes hang at most a few levels deep
        sample = [t for t in triples if t.subject in kept]
        kept |= {t.object for t in sample if isinstance(t.object, BlankNode)}
    broken = [t for i, t in enumerate(sample) if i % 7 != 3]
    # Without the dataset's own graph (the COW state list is context to the others).
    context = [t for g in _context_graphs(data_store) if g.value != own for t in by_graph[g.value]]

    expected = by_pyshacl(broken, context)
    assert expected, "the sample should break some constraints"
    assert by_sparql(broken, context) == expected
