"""Every imported dataset graph conforms to the ontology's SHACL shapes (issue 4).

The check is pySHACL's, split across processes by :mod:`tests.datasets.shacl_split` (one pass
over ATOP alone took 90 s of one core): each worker validates the whole graph for its share of
the focus nodes, so the union of the shares is exactly the one-pass result.
:func:`test_the_split_check_finds_what_one_pass_finds` holds the split to that on a sample
broken in many ways.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from pyoxigraph import BlankNode, NamedNode, Triple
from rdflib import Graph

from app.ingest.bundle import BUNDLE_GRAPH_PREFIX
from app.ingest.checks import rdflib_graph
from app.ingest.validate import validate
from app.ontology import ID_NS
from app.store import Store
from tests.datasets.shacl_split import validate_split

_DATASET_GRAPH = ID_NS + "graph/dataset/"

# rdflib compares an xsd:date with an xsd:gYear (sh:lessThanOrEquals on mixed precision) by
# returning NotImplemented, which Python 3.11 deprecates in a boolean context.
pytestmark = pytest.mark.filterwarnings(
    "ignore:NotImplemented should not be used in a boolean context:DeprecationWarning"
)


@pytest.fixture(scope="module")
def by_graph(data_store: Store) -> dict[str, list[Triple]]:
    """The store's triples by named graph, read in one pass over the quads."""
    graphs: dict[str, list[Triple]] = defaultdict(list)
    for quad in data_store.quads():
        if isinstance(quad.graph_name, NamedNode):
            graphs[quad.graph_name.value].append(quad.triple)
    return graphs


@pytest.fixture(scope="module")
def context(by_graph: dict[str, list[Triple]]) -> Graph:
    """The bundle (ontology, curated states) and the COW state list, which types the former
    states the alliance datasets refer to."""
    return rdflib_graph(
        [
            t
            for name, triples in by_graph.items()
            if name.startswith(BUNDLE_GRAPH_PREFIX) or name == _DATASET_GRAPH + "cow-states-2016"
            for t in triples
        ]
    )


@pytest.mark.timeout(900)
@pytest.mark.parametrize(
    "dataset", ["cow-states-2016", "cow-alliances-4.1", "dcad-1.0", "atop-5.1"]
)
def test_dataset_graph_conforms_to_the_shapes(
    by_graph: dict[str, list[Triple]], context: Graph, dataset: str
) -> None:
    violations = validate_split(rdflib_graph(by_graph[_DATASET_GRAPH + dataset]), context)
    assert violations == [], violations[:5]


def test_the_split_check_finds_what_one_pass_finds(
    by_graph: dict[str, list[Triple]], context: Graph
) -> None:
    # Every 40th alliance agreement with its blank nodes, then every 7th triple dropped: dates,
    # parties, types and sources go missing and references dangle.
    triples = by_graph[_DATASET_GRAPH + "cow-alliances-4.1"]
    subjects = sorted({t.subject.value for t in triples if isinstance(t.subject, NamedNode)})
    kept: set[object] = {NamedNode(s) for s in subjects[::40]}
    sample: list[Triple] = []
    for _round in range(3):  # blank nodes hang at most a few levels deep
        sample = [t for t in triples if t.subject in kept]
        kept |= {t.object for t in sample if isinstance(t.object, BlankNode)}
    broken = rdflib_graph([t for i, t in enumerate(sample) if i % 7 != 3])

    one_pass = validate(broken, context)
    assert len(one_pass) > 20, "the sample should break many constraints"
    assert validate_split(broken, context, workers=3) == one_pass
