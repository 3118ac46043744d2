"""Where imported things live: the IRIs importers mint, shared by every importer.

ATOP and COW name the same alliances (``agreement/cow/<version4id>``); both importers take
the name from here.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from app.ontology import ID_NS

#: Each dataset described as a source: ``.../source/dataset/<name>``.
SOURCE_PREFIX = ID_NS + "source/dataset/"
#: Agreements, curated and imported alike.
AGREEMENT_PREFIX = ID_NS + "agreement/"


def alliance_iri(version4id: int) -> NamedNode:
    """``.../agreement/cow/<version4id>``: a COW alliance, which ATOP rows refer to as well."""
    return NamedNode(f"{AGREEMENT_PREFIX}cow/{version4id}")
