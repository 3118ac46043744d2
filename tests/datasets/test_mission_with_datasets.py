"""The mission question with every dataset and the curated graph loaded (issue 4)."""

from __future__ import annotations

import datetime as dt

from app.ontology import state_iri
from app.queries.paths import find_paths, parse_path
from app.store import Store

ST = "https://w3id.org/pactgraph/id/state/"


def test_intelligence_partners_of_chinas_allies_include_south_korea_via_russia(
    data_store: Store,
) -> None:
    answer = find_paths(
        data_store,
        state_iri("CHN"),
        parse_path("has_alliance_with/shares_intelligence_with"),
        dt.date(2024, 6, 30),
        limit=500,
    )
    korea = next(r for r in answer.results.items if r.state == ST + "KOR")
    via_russia = [c for c in korea.chains if c.states[1] == ST + "RUS"]
    assert via_russia, "South Korea is reached through Russia"
    chain = via_russia[0]
    # Both hops are explained: the China-Russia treaty (curated and/or COW/ATOP records)
    # and the 2001 GSOMIA, each with sources; the curated GSOMIA carries its seed quote.
    for hop in chain.hops:
        assert hop.agreements
        assert all(answer.agreements[a].sources for a in hop.agreements)
    gsomia = answer.agreements[chain.hops[1].agreements[0]]
    assert any(s.quote and "Russia" in s.quote for s in gsomia.sources)
