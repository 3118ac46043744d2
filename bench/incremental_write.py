"""One 14-triple agreement ingest: incremental derived data vs the full rebuild (issue 15a).

Usage: ``python bench/incremental_write.py [STORE]``. STORE is a store ``make run`` built
(bundle + datasets; copied to a temporary directory, never changed); without it only the
bundle-only store is measured. Prints a table: median of 5 ingests (each a new agreement) and
the full rebuild (``pactgraph rebuild``'s work), with the ratio to the bundle-only ingest.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pyoxigraph import RdfFormat

from app.bundle import BUNDLE_ROOT
from app.ingest.batch import ingest
from app.ingest.bundle import ensure_bundle
from app.ingest.writes import after_write
from app.store import EmbeddedStore

_BATCH = """
@prefix pg: <https://w3id.org/pactgraph/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix state: <https://w3id.org/pactgraph/id/state/> .
@prefix agreement: <https://w3id.org/pactgraph/id/agreement/> .
@prefix source: <https://w3id.org/pactgraph/id/source/> .
agreement:bench-{n} a pg:Agreement ; rdfs:label "Bench MOU {n}"@en ;
    pg:party state:KOR, state:THA ; pg:agreementType pg:IntelligenceMOU ;
    pg:legalForm pg:NonBindingInstrument ; pg:signed "2019-09-02"^^xsd:date ;
    prov:wasDerivedFrom source:bench-{n} .
source:bench-{n} a schema:NewsArticle ; schema:headline "Bench {n}" ;
    schema:publisher "Bench" ; schema:datePublished "2019-09"^^xsd:gYearMonth .
"""


def _measure(store: EmbeddedStore, tag: str) -> tuple[float, float]:
    after_write(store)  # the day's full rebuild, so the ingests below are incremental
    times = []
    for n in range(5):
        data = _BATCH.format(n=f"{tag}-{n}-{time.time_ns()}").encode()
        start = time.perf_counter()
        ingest(store, data, RdfFormat.TURTLE, "bench")
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    after_write(store)
    return statistics.median(times), time.perf_counter() - start


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        bundle = EmbeddedStore(Path(tmp) / "bundle")
        ensure_bundle(bundle, BUNDLE_ROOT)
        rows.append(("bundle only", bundle.triple_count(), *_measure(bundle, "b")))
        bundle.close()
        if len(sys.argv) > 1:
            copy = Path(tmp) / "real"
            shutil.copytree(sys.argv[1], copy)
            real = EmbeddedStore(copy)
            rows.append(("make-run store", real.triple_count(), *_measure(real, "r")))
            real.close()
    base = rows[0][2]
    print("| store | quads | ingest (median of 5) | x bundle-only | full rebuild |")
    print("|---|---:|---:|---:|---:|")
    for name, quads, inc, full in rows:
        print(f"| {name} | {quads:,} | {inc * 1000:.0f} ms | {inc / base:.2f} | {full:.2f} s |")


if __name__ == "__main__":
    main()
