"""The SPARQL translation of the shapes reports exactly what pySHACL reports.

On the bundle (which conforms) and on a graph broken in every constraint kind the shapes use,
both directly and inside ``sh:or``/``sh:node``/``sh:not``; the datasets' samples are compared
in ``tests/datasets/test_shacl.py``.
"""

from __future__ import annotations

import pyoxigraph
import pytest
from pyoxigraph import RdfFormat, Triple
from rdflib import Graph

from app.config import PROJECT_ROOT
from app.ingest.bundle import bundle_files
from app.ingest.formats import format_for_path
from app.ingest.shacl_sparql import UnsupportedShape, check_store
from tests.ingest.shacl_pair import by_pyshacl, by_sparql
from tests.ingest.test_validate import PREFIXES as VALIDATE_PREFIXES

# rdflib compares an ill-formed or mixed-precision date by returning NotImplemented, which
# Python 3.11 deprecates in a boolean context (pySHACL's sh:lessThanOrEquals does this).
pytestmark = pytest.mark.filterwarnings(
    "ignore:NotImplemented should not be used in a boolean context:DeprecationWarning"
)

PREFIXES = (
    VALIDATE_PREFIXES
    + """@prefix rc: <https://w3id.org/pactgraph/id/count/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
"""
)

# Each node breaks the constraints its comment names; the bundle is the context (states,
# sources, concept schemes), so only the breakage here is reported.
BROKEN = """
# sh:class on three properties; a wrong-class pg:event
ag:b1 a pg:Agreement ; rdfs:label "B1"@en ; pg:party st:KOR, st:RUS ;
    pg:agreementType st:KOR ; pg:legalForm pg:GSOMIA ; pg:signed "2001"^^xsd:gYear ;
    prov:wasDerivedFrom src:seed-000 ; pg:event st:RUS .
# sh:minCount (label, 2 parties, type) and both sh:or of sh:node (no source, no date)
ag:b2 a pg:Agreement ; pg:party st:KOR .
# sh:node to an sh:or of sh:class (a source as party, a literal intermediary); sh:datatype
# inside sh:or (a plain string, an ill-formed date); sh:maxCount
ag:b3 a pg:Agreement ; rdfs:label "B3"@en ; pg:party st:KOR, src:seed-000 ;
    pg:intermediary "NATO" ; pg:agreementType pg:GSOMIA ; pg:signed "2001" ;
    pg:inForceFrom "2001-02-30"^^xsd:date ;
    pg:inForceUntil "2003-01-01"^^xsd:date, "2004-01-01"^^xsd:date ;
    prov:wasDerivedFrom src:seed-000 ; pg:legalForm pg:Treaty, pg:Agreement .
# sh:lessThanOrEquals with both sh:not failing: ends before it starts
ag:b4 a pg:Agreement ; rdfs:label "B4"@en ; pg:party st:KOR, st:RUS ;
    pg:agreementType pg:GSOMIA ; prov:wasDerivedFrom src:seed-000 ;
    pg:inForceFrom "2005-01-01"^^xsd:date ; pg:inForceUntil "2004-01-01"^^xsd:date .
# a year against a date: sh:not [ sh:datatype xsd:date ] holds, so no violation
ag:b5 a pg:Agreement ; rdfs:label "B5"@en ; pg:party st:KOR, st:RUS ;
    pg:agreementType pg:GSOMIA ; prov:wasDerivedFrom src:seed-000 ;
    pg:inForceFrom "2005"^^xsd:gYear ; pg:inForceUntil "2004-01-01"^^xsd:date .
# event: sh:maxCount on the date, sh:minCount on the type, an agreement as actor
ev:b6 a pg:LifecycleEvent ; pg:date "2001"^^xsd:gYear, "2002"^^xsd:gYear ;
    pg:actor ag:b1 ; prov:wasDerivedFrom src:seed-000 .
# event: the type of another scheme, an undated date, a literal where a citation goes
ev:b7 a pg:LifecycleEvent ; pg:eventType pg:GSOMIA ; pg:date "soon" ;
    pg:citation "a quote" ; prov:wasDerivedFrom src:seed-000 .
# state: sh:nodeKind (a blank node) and the IRI sh:pattern
[ a pg:State ; pg:iso3 "XYZ" ; skos:prefLabel "X"@en ] .
# state: iso3 sh:pattern and sh:maxCount, iso2 sh:pattern, sh:uniqueLang, cowCode
# sh:datatype, cowAbbrev sh:pattern, the IRI sh:pattern
<https://w3id.org/pactgraph/id/state/bad> a pg:UNMemberState ; pg:iso3 "ab", "ABC" ;
    pg:iso2 "A1" ; skos:prefLabel "One"@en, "Two"@en ; pg:cowCode "12" ; pg:cowAbbrev "abc" .
# state: no iso3 and not a former state (sh:or of a property shape and sh:class), no label
st:ZZZ a pg:State .
st:YYY a pg:State ; pg:iso3 "YYY"@en ; skos:prefLabel "Y"@en, "Ygrec"@fr .
# source: no title (sh:or), two publication dates, a date of another type
src:b8 a schema:WebPage ; schema:datePublished "2001"^^xsd:gYear, "2002"^^xsd:gYear .
src:b9 a schema:Legislation ; schema:headline "Act" ;
    schema:datePublished "2001-01-01T00:00:00"^^xsd:dateTime .
# citations: empty quote (sh:minLength), no source, two sources, a literal source
# (sh:nodeKind), a language-tagged quote (sh:datatype)
ag:b10 a pg:Agreement ; rdfs:label "B10"@en ; pg:party st:KOR, st:RUS ;
    pg:agreementType pg:GSOMIA ; pg:signed "2010"^^xsd:gYear ;
    pg:citation [ pg:quote "" ], [ a pg:Citation ; pg:source src:seed-000, src:seed-001 ;
        pg:quote "q"@en ], [ a pg:Citation ; pg:source "src" ; pg:quote "q" ] .
# reported counts: sh:minInclusive, sh:node to an actor, wrong classes, a string count,
# missing subject, type and date
rc:b11 a pg:ReportedCount ; pg:reportedSubject "Korea" ; pg:reportedType pg:InForce ;
    pg:reportedStatus pg:GSOMIA ; pg:reportedCount -1 ; pg:reportedOn "2012"^^xsd:gYear ;
    prov:wasDerivedFrom src:seed-000 .
rc:b12 a pg:ReportedCount ; pg:reportedCount "many" ; prov:wasDerivedFrom src:seed-000 .
# obligation: wrong type class, no beneficiary, a non-boolean condition
[ a pg:Obligation ; pg:obligationType pg:Treaty ; pg:obligor st:KOR ; pg:conditional "yes" ] .
"""

# Every constraint kind of the shapes, and each must show in pySHACL's results on BROKEN.
_SH = "<http://www.w3.org/ns/shacl#{}ConstraintComponent>"
KINDS = {
    _SH.format(k)
    for k in [
        *["Class", "Datatype", "NodeKind", "Pattern", "MinLength", "MinInclusive"],
        *["MinCount", "MaxCount", "UniqueLang", "Node", "Or"],
    ]
}


def _bundle() -> tuple[list[Triple], list[Triple]]:
    """The curated graphs and the ontology, as triples."""
    data: list[Triple] = []
    context: list[Triple] = []
    for path in bundle_files(PROJECT_ROOT):
        target = context if path.is_relative_to(PROJECT_ROOT / "ontology") else data
        target.extend(q.triple for q in pyoxigraph.parse(path=path, format=format_for_path(path)))
    return data, context


@pytest.fixture(scope="module")
def bundle() -> tuple[list[Triple], list[Triple]]:
    return _bundle()


def test_the_bundle_conforms_both_ways(bundle: tuple[list[Triple], list[Triple]]) -> None:
    data, context = bundle
    assert by_sparql(data, context) == by_pyshacl(data, context) == {}


def test_every_constraint_kind_broken_is_reported_as_pyshacl_reports_it(
    bundle: tuple[list[Triple], list[Triple]],
) -> None:
    data, context = bundle
    broken = [q.triple for q in pyoxigraph.parse(PREFIXES + BROKEN, format=RdfFormat.TURTLE)]
    expected = by_pyshacl(broken, data + context)
    assert {key[4] for key in expected} >= KINDS, "BROKEN should break every kind"
    # sh:not and sh:lessThanOrEquals act inside sh:or: ag:b4 fails it, ag:b5 passes by sh:not.
    focus_nodes = {key[0] for key in expected}
    assert "<https://w3id.org/pactgraph/id/agreement/b4>" in focus_nodes
    assert "<https://w3id.org/pactgraph/id/agreement/b5>" not in focus_nodes
    assert by_sparql(broken, data + context) == expected


def test_a_shape_using_an_untranslated_feature_is_refused() -> None:
    shapes = Graph().parse(
        data=PREFIXES + "[] a sh:NodeShape ; sh:targetClass pg:State ; sh:hasValue st:KOR .",
        format="turtle",
    )
    with pytest.raises(UnsupportedShape, match="hasValue"):
        check_store(pyoxigraph.Store(), [], [], shapes)
