"""Incremental derived data equals the full rebuild (app.rules.refresh_touched vs refresh).

Random write sequences in a small world: batches that add agreements (types, parties,
intermediaries, obligations, dates, events, coverage horizons) or change one that exists,
and retractions of earlier batches, each followed by :func:`app.ingest.writes.after_write`
with the triples it wrote or removed. After every write the derived graph must equal the one
the full rebuild computes from the same data: status-period IRIs are deterministic, so the
two compare as sets of triples. Both evaluate the rule on a memory copy of what it reads, so
the shortcuts are also compared with the rule read on the store itself. And the relation
interval table each write carries over (:mod:`app.queries.intervals`: the previous table
with the recomputed agreements read again) must answer what the SPARQL rule answers.
"""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings, strategies as st
from pyoxigraph import Literal, NamedNode, Quad, Triple

from app.graphs import DERIVED_GRAPH
from app.ingest.writes import after_write
from app.ontology import ID_NS, PG, RELATIONS, Status
from app.queries import intervals
from app.rules import refresh
from app.store import EmbeddedStore, Store
from app.store.versioned import version_key
from app.vocab import RDF, XSD
from tests.one_rule import (
    derived_shortcuts,
    rule_links,
    shortcuts_read_on_the_store,
    table_links,
)

STATES = [NamedNode(f"{ID_NS}state/{code}") for code in ("AAA", "BBB", "CCC", "DDD")]
AGREEMENTS = [NamedNode(f"{ID_NS}agreement/test/{n}") for n in range(4)]
TYPES = sorted({c for rel in RELATIONS.values() for c in rel.concepts}, key=str)
EVENTS = [PG.SignedEvent, PG.EnteredIntoForceEvent, PG.SuspendedEvent, PG.TerminatedEvent]
DATES = ["1990", "2001-06", "2005-03-01", "2010-12-31", "2020-01-15"]
TODAY = dt.date.today()

_dates = st.sampled_from(DATES)


@st.composite
def _batch(draw: st.DrawFn, serial: int) -> list[Triple]:
    """Triples about one agreement: a new one, or more facts about one a batch named before."""
    agreement = draw(st.sampled_from(AGREEMENTS))
    triples = [Triple(agreement, RDF.type, PG.Agreement)]
    if draw(st.booleans()):
        triples.append(Triple(agreement, PG.agreementType, draw(st.sampled_from(TYPES))))
    for state in draw(st.lists(st.sampled_from(STATES), max_size=3, unique=True)):
        triples.append(Triple(agreement, PG.party, state))
    if draw(st.integers(0, 4)) == 0:
        triples.append(Triple(agreement, PG.intermediary, draw(st.sampled_from(STATES))))
    if draw(st.integers(0, 4)) == 0:
        node = NamedNode(f"{agreement.value}/obligation/{serial}")
        obligor, beneficiary = draw(
            st.lists(st.sampled_from(STATES), min_size=2, max_size=2, unique=True)
        )
        triples += [
            Triple(agreement, PG.obligation, node),
            Triple(node, PG.obligationType, RELATIONS["pledged_to_defend"].concepts[0]),
            Triple(node, PG.obligor, obligor),
            Triple(node, PG.beneficiary, beneficiary),
        ]
    for prop in (PG.signed, PG.inForceFrom, PG.inForceUntil, PG.censoredAt):
        if draw(st.integers(0, 2)) == 0:
            lexical = draw(_dates)
            kind = XSD.gYear if prop == PG.censoredAt else XSD.date
            if prop == PG.censoredAt:
                lexical = lexical[:4]
            elif len(lexical) < 10:
                kind = XSD.gYear if len(lexical) == 4 else XSD.gYearMonth
            triples.append(Triple(agreement, prop, Literal(lexical, datatype=kind)))
    for index, kind in enumerate(draw(st.lists(st.sampled_from(EVENTS), max_size=2))):
        event = NamedNode(f"{agreement.value}/event/{serial}-{index}")
        triples += [
            Triple(agreement, PG.event, event),
            Triple(event, PG.eventType, kind),
            Triple(event, PG.date, Literal(draw(_dates)[:4], datatype=XSD.gYear)),
        ]
    return triples


def _derived(store: Store) -> set[Triple]:
    return {
        q.triple
        for q in store.quads()
        if q.graph_name == DERIVED_GRAPH  # type: ignore[attr-defined]
    }


def _full(store: Store) -> set[Triple]:
    """The derived graph a full rebuild computes from the same data, in a fresh store."""
    fresh = EmbeddedStore(None)
    fresh.add_quads(q for q in store.quads() if q.graph_name != DERIVED_GRAPH)
    refresh(fresh, TODAY)
    return _derived(fresh)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_incremental_derived_data_equals_the_full_rebuild(data: st.DataObject) -> None:
    store = EmbeddedStore(None)
    after_write(store)  # the first write of the day: full, records the day
    intervals.interval_table(store)  # kept, then carried over by each write
    graphs: dict[NamedNode, list[Triple]] = {}
    for serial in range(data.draw(st.integers(1, 8), label="writes")):
        if graphs and data.draw(st.integers(0, 2), label="retract?") == 0:
            graph = data.draw(st.sampled_from(sorted(graphs, key=str)), label="retract")
            removed = graphs.pop(graph)
            store.drop_graph(graph)
            after_write(store, removed)
        else:
            triples = data.draw(_batch(serial), label="batch")
            graph = NamedNode(f"urn:test:batch:{serial}")
            graphs[graph] = triples
            store.add_quads(Quad(t.subject, t.predicate, t.object, graph) for t in triples)
            after_write(store, triples)
        assert _derived(store) == _full(store)
        assert derived_shortcuts(store) == shortcuts_read_on_the_store(store, TODAY)
        _assert_carried_table_answers_like_the_rule(store)


def _assert_carried_table_answers_like_the_rule(store: Store) -> None:
    """The interval table a write carried over (old table, recomputed agreements read again)
    answers what the SPARQL rule answers on the new data."""
    carried = intervals._TABLES.peek(version_key(store))
    assert carried is not None  # the write patched the previous version's table
    for rel, day in itertools.product(RELATIONS.values(), (dt.date(2005, 6, 1), TODAY)):
        assert table_links(store, rel, day, [Status.in_force]) == rule_links(
            store, rel, day, [Status.in_force]
        )


def test_a_second_signing_date_merges_periods_as_the_store_holds_them() -> None:
    """Found by the property test: two batches give one agreement two signing and two end
    dates, so two computed periods share a node. The full rebuild must read that node as the
    store holds it (two statuses, two starts), as the incremental refresh does."""
    agreement = AGREEMENTS[0]
    node = NamedNode(f"{agreement.value}/obligation/0")
    first = [
        Triple(agreement, RDF.type, PG.Agreement),
        Triple(agreement, PG.intermediary, STATES[0]),
        Triple(agreement, PG.obligation, node),
        Triple(node, PG.obligationType, RELATIONS["pledged_to_defend"].concepts[0]),
        Triple(node, PG.obligor, STATES[0]),
        Triple(node, PG.beneficiary, STATES[1]),
        Triple(agreement, PG.signed, Literal("1990", datatype=XSD.gYear)),
        Triple(agreement, PG.inForceUntil, Literal("1990", datatype=XSD.gYear)),
        Triple(agreement, PG.censoredAt, Literal("1990", datatype=XSD.gYear)),
    ]
    second = [
        Triple(agreement, RDF.type, PG.Agreement),
        Triple(agreement, PG.intermediary, STATES[0]),
        Triple(agreement, PG.signed, Literal("2001-06", datatype=XSD.gYearMonth)),
        Triple(agreement, PG.inForceUntil, Literal("2001-06", datatype=XSD.gYearMonth)),
    ]
    store = EmbeddedStore(None)
    after_write(store)
    for serial, triples in enumerate((first, second)):
        graph = NamedNode(f"urn:test:batch:{serial}")
        store.add_quads(Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        after_write(store, triples)
        assert _derived(store) == _full(store)
