"""Names people recognise for dataset alliances (graph_data/treaty-names.ttl, issue 12 item 5).

A dataset alliance is named by whatever node is ``pg:sameTreatyAs`` it and carries an
``rdfs:label``: a name-only treaty node (``schema:Legislation``) or a curated agreement.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from rdflib import RDF, RDFS, Graph, Namespace, URIRef

from app.config import PROJECT_ROOT
from app.ingest.bundle import bundle_files
from app.ingest.validate import parse_files

PG = Namespace("https://w3id.org/pactgraph/ontology#")
SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
AGREEMENT = "https://w3id.org/pactgraph/id/agreement/"
ATOP = re.compile(re.escape(AGREEMENT) + r"atop/(\d+)$")


@pytest.fixture(scope="module")
def bundle() -> Graph:
    return parse_files(bundle_files(PROJECT_ROOT))


def _named_atop_ids(graph: Graph) -> Counter[int]:
    """How many labelled nodes name each ATOP alliance."""
    found: Counter[int] = Counter()
    for node, other in graph.subject_objects(PG.sameTreatyAs):
        match = ATOP.match(str(other))
        if match and graph.value(node, RDFS.label) is not None:
            found[int(match.group(1))] += 1
    return found


def test_each_named_treaty_has_a_dated_label_an_atop_link_and_a_public_reference(
    bundle: Graph,
) -> None:
    named = [
        treaty
        for treaty in bundle.subjects(RDF.type, SCHEMA.Legislation)
        if (treaty, PG.sameTreatyAs, None) in bundle
    ]
    assert len(named) >= 25
    for treaty in named:
        label = str(bundle.value(treaty, RDFS.label))
        assert re.search(r"\([^)]*\b(1[89]|20)\d\d\b[^)]*\)$", label), label
        assert any(ATOP.match(str(o)) for o in bundle.objects(treaty, PG.sameTreatyAs)), treaty
        urls = {
            str(bundle.value(source, SCHEMA.url))
            for source in bundle.objects(treaty, PROV.wasDerivedFrom)
        }
        # An encyclopedia page or the treaty's text (or an official record of it), by URL.
        assert any(url.startswith("https://") for url in urls), treaty


def test_no_atop_alliance_gets_two_names(bundle: Graph) -> None:
    assert [atop for atop, count in _named_atop_ids(bundle).items() if count > 1] == []


@pytest.mark.parametrize(
    ("atop", "treaty"),
    [
        (3180, "NATO"),
        (3075, "Rio Treaty"),
        (3215, "ANZUS"),
        (3220, "US-Japan 1951"),
        (3375, "US-Japan 1960"),
        (3240, "US-ROK 1953"),
        (4220, "Collective Security Treaty (CSTO)"),
        (4810, "Shanghai Five (SCO)"),
        (3755, "TAC"),
        (3285, "Warsaw Pact"),
        (3260, "SEATO"),
        (3210, "US-Philippines"),
        (3200, "Sino-Soviet 1950"),
        (3445, "China-North Korea 1961"),
        (3440, "Soviet-North Korea 1961"),
        (4940, "Russia-North Korea 2000"),
        (4980, "China-Russia 2001"),
    ],
)
def test_the_treaties_the_issue_names_are_named(bundle: Graph, atop: int, treaty: str) -> None:
    assert _named_atop_ids(bundle)[atop] == 1, treaty


def test_curated_agreements_name_their_dataset_twins(bundle: Graph) -> None:
    node = URIRef(AGREEMENT + "usa-kor-mutual-defense-treaty-1953")
    assert URIRef(AGREEMENT + "atop/3240") in set(bundle.objects(node, PG.sameTreatyAs))
    assert URIRef(AGREEMENT + "cow/236") in set(bundle.objects(node, PG.sameTreatyAs))
