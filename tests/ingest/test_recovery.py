"""Derived data after a crash: a write cut short of its refresh is repaired, never left stale.

What a process killed between a batch's write and its :func:`app.ingest.writes.after_write`
leaves behind is rebuilt here exactly (the batch's quads in, ``derivedFor`` cleared, no
refresh); the served-process version of the same crash is in ``test_server.py``.
"""

from __future__ import annotations

from pyoxigraph import Quad, RdfFormat

from app.config import Settings
from app.graphs import DERIVED_GRAPH, PROVENANCE_GRAPH
from app.ingest import batch as core
from app.ingest.identity import batch_key
from app.ingest.startup import prepare
from app.ingest.writes import derived_is_stale, mark_writing
from app.ontology import SPARQL_PREFIXES
from app.store import Store, render
from tests.ingest.conftest import readme_example

_HAS_PERIODS = SPARQL_PREFIXES + "ASK { GRAPH $d { ?a pg:statusPeriod ?p } }"


def _crash_mid_write(store: Store, payload: bytes) -> core.Batch:
    """Write a batch the way ``ingest`` does, then stop where a kill -9 would."""
    triples = core.parse_batch(payload, RdfFormat.TURTLE)
    key = batch_key(triples, payload, RdfFormat.TURTLE)
    batch = core.Batch(
        id=key.id,
        graph=core.batch_graph(key.id).value,
        content_hash=key.content_hash,
        author="alice",
        generated_at="2024-01-01T00:00:00Z",
        triples=len(triples),
    )
    graph = core.batch_graph(key.id)
    mark_writing(store)
    store.add_quads(
        [Quad(t.subject, t.predicate, t.object, graph) for t in triples]
        + [
            Quad(t.subject, t.predicate, t.object, PROVENANCE_GRAPH)
            for t in core._description(batch)
        ]
    )
    return batch


def _has_periods(store: Store) -> bool:
    return store.ask(render(_HAS_PERIODS, {"d": DERIVED_GRAPH}))


def test_a_written_batch_leaves_derived_data_fresh(ready: Store) -> None:
    _, payload = readme_example()
    core.ingest(ready, payload, RdfFormat.TURTLE, "alice")
    assert not derived_is_stale(ready) and _has_periods(ready)


def test_a_repost_after_a_crash_repairs_derived_data(ready: Store) -> None:
    _, payload = readme_example()
    batch = _crash_mid_write(ready, payload)
    assert derived_is_stale(ready) and not _has_periods(ready)
    version = ready.data_version
    again = core.ingest(ready, payload, RdfFormat.TURTLE, "alice")
    assert not again.created and again.batch.id == batch.id
    assert _has_periods(ready) and not derived_is_stale(ready)
    assert ready.data_version != version


def test_a_repost_with_fresh_derived_data_changes_nothing(ready: Store) -> None:
    _, payload = readme_example()
    core.ingest(ready, payload, RdfFormat.TURTLE, "alice")
    before = (ready.content_hash(), ready.data_version)
    core.ingest(ready, payload, RdfFormat.TURTLE, "alice")
    assert (ready.content_hash(), ready.data_version) == before


def test_start_up_repairs_derived_data_after_a_crash(ready: Store) -> None:
    _, payload = readme_example()
    prepare(ready, Settings(store="memory", datasets=""))
    _crash_mid_write(ready, payload)
    report = prepare(ready, Settings(store="memory", datasets=""))
    assert not report.changed and report.repaired
    assert _has_periods(ready) and not derived_is_stale(ready)
    assert not prepare(ready, Settings(store="memory", datasets="")).repaired
