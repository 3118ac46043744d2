"""Start-up loading: load once, skip when unchanged, reload when a file or a graph changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat

from app.config import PROJECT_ROOT
from app.ingest.bundle import BUNDLE_GRAPH_PREFIX, bundle_files, bundle_graph, ensure_bundle
from app.store import Store

AGREEMENT = """@prefix pg: <https://w3id.org/pactgraph/ontology#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/pactgraph/id/agreement/x> a pg:Agreement ;
  pg:party <https://w3id.org/pactgraph/id/state/KOR>, <https://w3id.org/pactgraph/id/state/RUS> ;
  pg:agreementType pg:GSOMIA ; pg:signed "%s"^^xsd:gYear .
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "ontology").mkdir()
    (tmp_path / "graph_data").mkdir()
    (tmp_path / "ontology" / "tiny.ttl").write_text(
        "@prefix pg: <https://w3id.org/pactgraph/ontology#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "pg:GSOMIA skos:broader pg:IntelligenceSharing .\n"
        "pg:IntelligenceSharing skos:broader pg:MilitaryCooperation .\n"
    )
    (tmp_path / "graph_data" / "a.ttl").write_text(AGREEMENT % "2001")
    return tmp_path


def test_first_start_loads_every_file_into_its_own_graph(store: Store, root: Path) -> None:
    report = ensure_bundle(store, root)
    assert report.loaded and report.files == 2
    graphs = {g.value for g in store.named_graphs() if g.value.startswith(BUNDLE_GRAPH_PREFIX)}
    assert graphs == {
        BUNDLE_GRAPH_PREFIX + "ontology/tiny.ttl",
        BUNDLE_GRAPH_PREFIX + "graph_data/a.ttl",
    }


def test_second_start_does_not_reload(store: Store, root: Path) -> None:
    ensure_bundle(store, root)
    version = store.data_version
    report = ensure_bundle(store, root)
    assert not report.loaded
    assert store.data_version == version


def test_changed_file_reloads_and_removed_file_is_dropped(store: Store, root: Path) -> None:
    ensure_bundle(store, root)
    version = store.data_version
    (root / "graph_data" / "a.ttl").write_text(AGREEMENT % "2005")
    (root / "graph_data" / "b.ttl").write_text("<http://e/x> <http://e/y> <http://e/z> .\n")
    assert ensure_bundle(store, root).loaded
    assert store.ask(
        'ASK { ?a <https://w3id.org/pactgraph/ontology#signed> ?d FILTER(STR(?d) = "2005") }'
    )
    assert not store.ask(
        'ASK { ?a <https://w3id.org/pactgraph/ontology#signed> ?d FILTER(STR(?d) = "2001") }'
    )
    assert store.data_version != version
    (root / "graph_data" / "b.ttl").unlink()
    ensure_bundle(store, root)
    assert not store.ask("ASK { <http://e/x> ?p ?o }")


def test_derived_relations_are_materialised_after_loading(store: Store, root: Path) -> None:
    ensure_bundle(store, root)
    assert store.ask(
        "ASK { <https://w3id.org/pactgraph/id/state/RUS> "
        "<https://w3id.org/pactgraph/ontology#sharesIntelligenceWith> "
        "<https://w3id.org/pactgraph/id/state/KOR> }"
    )


def test_the_real_bundle_is_found() -> None:
    assert bundle_files(PROJECT_ROOT), "ontology/ and graph_data/ hold RDF files"


def test_copy_of_real_bundle_loads(store: Store, tmp_path: Path) -> None:
    for name in ("ontology", "graph_data"):
        shutil.copytree(PROJECT_ROOT / name, tmp_path / name)
    report = ensure_bundle(store, tmp_path)
    assert report.loaded and report.triples > 0


def test_a_bundle_graph_changed_in_the_store_is_reloaded(store: Store, root: Path) -> None:
    """The files did not change but the graph did (a GSP PUT used to survive restarts)."""
    ensure_bundle(store, root)
    graph = bundle_graph(root, root / "graph_data" / "a.ttl")
    store.replace_graph(graph, b"<http://e/x> <http://e/y> <http://e/z> .", RdfFormat.N_TRIPLES)
    report = ensure_bundle(store, root)
    assert report.loaded
    assert not store.ask("ASK { <http://e/x> ?p ?o }")
    assert store.ask("ASK { ?a <https://w3id.org/pactgraph/ontology#signed> ?d }")
    assert not ensure_bundle(store, root).loaded


def test_a_blank_node_added_to_a_bundle_graph_is_noticed(store: Store, root: Path) -> None:
    ensure_bundle(store, root)
    graph = bundle_graph(root, root / "graph_data" / "a.ttl")
    store.add_quads([Quad(BlankNode(), NamedNode("http://e/y"), Literal("z"), graph)])
    assert ensure_bundle(store, root).loaded
    assert not store.ask('ASK { ?s <http://e/y> "z" }')
