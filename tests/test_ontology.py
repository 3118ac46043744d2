"""ontology/pactgraph.ttl and app.ontology.PG declare the same terms; the schemes cohere."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef

from app.config import PROJECT_ROOT
from app.ontology import PG, PG_NS, RELATIONS

ONTOLOGY = Graph().parse(PROJECT_ROOT / "ontology" / "pactgraph.ttl")
CODEBOOKS = Graph().parse(PROJECT_ROOT / "ontology" / "codebooks.ttl")
PG_TERMS = {term.value for term in PG}


def _declared() -> set[str]:
    return {
        str(s)
        for s in ONTOLOGY.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(PG_NS)
    }


@pytest.mark.parametrize("term", sorted(PG_TERMS))
def test_every_pg_term_is_declared_in_the_ontology(term: str) -> None:
    assert term in _declared()


def test_every_term_declared_in_the_ontology_is_in_pg() -> None:
    assert _declared() - PG_TERMS == set()


@pytest.mark.parametrize("term", sorted(_declared()))
def test_every_term_has_an_english_label_and_a_definition(term: str) -> None:
    node = URIRef(term)
    labels = list(ONTOLOGY.objects(node, RDFS.label)) + list(ONTOLOGY.objects(node, SKOS.prefLabel))
    comments = list(ONTOLOGY.objects(node, RDFS.comment)) + list(
        ONTOLOGY.objects(node, SKOS.definition)
    )
    assert labels and comments


CONCEPT_CLASS = {
    "AgreementTypes": PG.AgreementType,
    "EventTypes": PG.EventType,
    "Statuses": PG.AgreementStatus,
    "LegalForms": PG.LegalForm,
}


@pytest.mark.parametrize("scheme", sorted(CONCEPT_CLASS))
def test_every_concept_of_a_scheme_has_its_concept_class(scheme: str) -> None:
    members = set(ONTOLOGY.subjects(SKOS.inScheme, URIRef(PG_NS + scheme)))
    assert members
    assert members == set(ONTOLOGY.subjects(RDF.type, URIRef(CONCEPT_CLASS[scheme].value)))


def test_agreement_types_form_one_tree_under_military_cooperation() -> None:
    top = URIRef(PG.MilitaryCooperation.value)
    for concept in ONTOLOGY.subjects(SKOS.inScheme, URIRef(PG_NS + "AgreementTypes")):
        assert top in set(ONTOLOGY.transitive_objects(concept, SKOS.broader))


@pytest.mark.parametrize("name", sorted(RELATIONS))
def test_each_derived_relation_is_under_the_parent_names_its_types_and_label(name: str) -> None:
    rel = RELATIONS[name]
    prop = URIRef(rel.property.value)
    assert ((prop, RDF.type, OWL.SymmetricProperty) in ONTOLOGY) is not rel.directed
    assert URIRef(PG.cooperatesMilitarilyWith.value) in set(
        ONTOLOGY.transitive_objects(prop, RDFS.subPropertyOf)
    )
    assert set(ONTOLOGY.objects(prop, URIRef(PG.derivedFromType.value))) == {
        URIRef(c.value) for c in rel.concepts
    }


def test_only_defense_or_offense_obligations_are_called_allies() -> None:
    """ "Allies" as ATOP and COW code it; the any-kind relation never says "allies"."""
    assert set(RELATIONS["allied_with"].concepts) == {PG.DefenseObligation, PG.OffenseObligation}
    assert RELATIONS["has_alliance_with"].label == "formal alliance obligation (any kind)"
    for rel in RELATIONS.values():
        if rel.name not in {"allied_with", "pledged_to_defend"}:
            assert "allies" not in rel.label.lower() and "allied" not in rel.label.lower()


def test_every_codebook_match_is_a_minted_codebook_concept() -> None:
    codebook = "https://w3id.org/pactgraph/id/codebook/"
    targets = {
        o
        for p in (SKOS.closeMatch, SKOS.narrowMatch, SKOS.broadMatch)
        for o in ONTOLOGY.objects(None, p)
        if str(o).startswith(codebook)
    }
    assert targets
    for target in targets:
        assert (target, RDF.type, SKOS.Concept) in CODEBOOKS
        assert CODEBOOKS.value(target, SKOS.notation) is not None
