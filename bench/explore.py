"""How fast /explore becomes interactive in Chromium for the full graph of every state.

Builds a synthetic world (every state of app/views/regions.py, random agreements of every
relation type between 1950 and today; seeded, never written to the repository) next to the
bundled graph, serves the app with uvicorn on a loopback port and drives Debian's chromium
through Playwright. For each view it measures, over several runs:

* ``server``: the GET of the network document (query, networkx graph, layout, pyvis HTML);
* ``ready``: navigation start to the document's ``data-ready`` mark, i.e. the network drawn
  and interactive (first drawing with a server-side layout; end of stabilisation with
  browser physics).

The baseline is pyvis's usual approach: the same full graph laid out by browser physics.
Usage: ``.venv/bin/python bench/explore.py [--agreements 4000] [--runs 5]``

``--url URL`` measures a running server instead (the store ``make run`` builds): the issue's
speed lines, i.e. the first view (the landing question, cold then warm), a filter change and a
date change on a focused view and on the whole graph; the baseline is the whole graph with the
default relations (what /explore opened on before the questions). Start the server freshly
for the cold numbers.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from pyoxigraph import Literal, NamedNode, Quad

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import rules
from app.analytics.projection import Scope
from app.api import create_app
from app.config import Settings
from app.ontology import ID_NS, PG, PG_NS, RDF_NS, SKOS_NS, XSD_NS, BeyondCoverage
from app.store import EmbeddedStore, Store
from app.views.network import network_graph, network_html, parse_view
from app.views.regions import REGIONS
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.live_server import serve

SYNTHETIC = NamedNode(ID_NS + "graph/bench/synthetic")
TYPES = ["GSOMIA", "ACSA", "DefenseCooperation", "StrategicPartnership", "DefenseObligation"]
RDF_TYPE = NamedNode(RDF_NS + "type")


def synthetic_world(store: Store, agreements: int, seed: int = 7) -> None:
    """Every state, and ``agreements`` random bilateral agreements between them."""
    rng = random.Random(seed)
    codes = sorted(REGIONS)
    quads: list[Quad] = []
    for code in codes:
        state = NamedNode(f"{ID_NS}state/{code}")
        quads += [
            Quad(state, RDF_TYPE, PG.State, SYNTHETIC),
            Quad(state, NamedNode(SKOS_NS + "prefLabel"), Literal(f"State {code}"), SYNTHETIC),
            Quad(state, PG.iso3, Literal(code), SYNTHETIC),
        ]
    for i in range(agreements):
        a, b = rng.sample(codes, 2)
        node = NamedNode(f"{ID_NS}agreement/bench-{i}")
        year = rng.randint(1950, dt.date.today().year - 1)
        quads += [
            Quad(node, RDF_TYPE, PG.Agreement, SYNTHETIC),
            Quad(node, PG.party, NamedNode(f"{ID_NS}state/{a}"), SYNTHETIC),
            Quad(node, PG.party, NamedNode(f"{ID_NS}state/{b}"), SYNTHETIC),
            Quad(node, PG.agreementType, NamedNode(PG_NS + rng.choice(TYPES)), SYNTHETIC),
            Quad(
                node,
                PG.signed,
                Literal(str(year), datatype=NamedNode(XSD_NS + "gYear")),
                SYNTHETIC,
            ),
        ]
        if rng.random() < 0.2:
            end = str(rng.randint(year + 1, dt.date.today().year))
            quads.append(
                Quad(
                    node,
                    PG.inForceUntil,
                    Literal(end, datatype=NamedNode(XSD_NS + "gYear")),
                    SYNTHETIC,
                )
            )
    store.add_quads(quads)
    rules.refresh(store)


def median_ms(runs: int, measure: Callable[[], float]) -> float:
    measure()  # warm-up: caches, JIT, vis-network parse
    return statistics.median(measure() for _ in range(runs))


def timed_get(url: str) -> float:
    t0 = time.perf_counter()
    httpx.get(url, timeout=600).raise_for_status()
    return (time.perf_counter() - t0) * 1000


def running_server(base: str, runs: int) -> int:
    """The issue's speed lines on a running server (see the module docstring)."""
    from playwright.sync_api import sync_playwright

    types = [
        "allied_with",
        "shares_intelligence_with",
        "logistics_partner_of",
        "defense_cooperation_with",
        "strategic_partner_of",
        "has_alliance_with",
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})

        def interactive(path: str) -> float:
            t0 = time.perf_counter()
            page.goto(base + path, timeout=600_000)
            page.wait_for_selector("body[data-network-ready]", state="attached", timeout=600_000)
            return (time.perf_counter() - t0) * 1000

        rows: list[tuple[str, str, float]] = []
        rows.append(("first view after start: landing question", "cold", interactive("/explore")))
        rows.append(
            (
                "first view: landing question",
                "warm",
                median_ms(runs, lambda: interactive("/explore")),
            )
        )
        world = "/explore?types=" + ",".join(types[:5])
        rows.append(("whole graph, default relations (baseline)", "cold", interactive(world)))
        baseline = median_ms(runs, lambda: interactive(world))
        rows.append(("whole graph, default relations (baseline)", "warm", baseline))
        partners = "/explore?preset=partners"
        rows.append(
            ("a state's partners (KOR)", "warm", median_ms(runs, lambda: interactive(partners)))
        )
        doc = f"{base}/api/v1/views/network?focus=KOR&types="
        subsets = [",".join(types[: i + 1]) for i in range(len(types))]
        rows.append(
            (
                "filter change, KOR (new relation set each run)",
                "cold",
                statistics.median(timed_get(doc + sub) for sub in subsets),
            )
        )
        years = iter(range(1990, 1990 + 3 * runs + 2))
        rows.append(
            (
                "date change, KOR (new year each run)",
                "cold",
                statistics.median(
                    timed_get(f"{doc}{subsets[2]}&as_of={next(years)}") for _ in range(runs)
                ),
            )
        )
        whole = f"{base}/api/v1/views/network?types={','.join(types[:5])}&as_of="
        rows.append(
            (
                "date change, whole graph (new year each run)",
                "cold",
                statistics.median(timed_get(f"{whole}{next(years)}") for _ in range(runs)),
            )
        )
        rows.append(
            (
                "date change, whole graph (year seen before)",
                "warm",
                median_ms(runs, lambda: timed_get(f"{whole}1990")),
            )
        )
        mission = (
            f"{base}/api/v1/views/path.json?from=CHN&path=allied_with/shares_intelligence_with"
        )
        rows.append(("mission tiers (JSON)", "warm", median_ms(runs, lambda: timed_get(mission))))
        compare = (
            f"{base}/api/v1/views/compare.json?focus=KOR&types={subsets[1]}&before=2015&as_of=2017"
        )
        rows.append(
            (
                "compare 2015 vs 2017, KOR (JSON)",
                "warm",
                median_ms(runs, lambda: timed_get(compare)),
            )
        )
        dyad = f"{base}/explore/dyad?a=KOR&b=JPN"
        rows.append(
            ("dyad timeline KOR-JPN (page)", "warm", median_ms(runs, lambda: timed_get(dyad)))
        )
        browser.close()
    print(f"server {base}; median of {runs} runs (cold: first request of its kind)\n")
    print("| measure | cache | ms | vs baseline |")
    print("|---|---|---:|---:|")
    for name, cache, ms in rows:
        print(f"| {name} | {cache} | {ms:.0f} | {ms / baseline:.2f}x |")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agreements", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--url", help="measure this running server instead of a synthetic one")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        print(f"no chromium at {CHROMIUM}: run `make browser-deps`", file=sys.stderr)
        return 1
    if args.url:
        return running_server(args.url.rstrip("/"), args.runs)
    from playwright.sync_api import sync_playwright

    store = EmbeddedStore(None)
    started = time.perf_counter()
    synthetic_world(store, args.agreements)
    print(f"synthetic world: {args.agreements} agreements in {time.perf_counter() - started:.1f} s")
    app = create_app(Settings(store="memory"), store=store)
    with serve(app) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        today = Scope.parse(None, dt.date.today(), None, BeyondCoverage.include)
        in_1990 = dataclasses.replace(today, as_of=dt.date(1990, 12, 31))
        full_view = parse_view(store, today)
        full_graph = network_graph(store, full_view)
        baseline_html = network_html(full_graph, "baseline", positions=None)
        page.route(
            f"{base}/bench/baseline",
            lambda route: route.fulfill(body=baseline_html, content_type="text/html"),
        )

        def server(query: str) -> Callable[[], float]:
            def run() -> float:
                t0 = time.perf_counter()
                httpx.get(f"{base}/api/v1/views/network?{query}", timeout=60).raise_for_status()
                return (time.perf_counter() - t0) * 1000

            return run

        def ready(url: str) -> Callable[[], float]:
            def run() -> float:
                t0 = time.perf_counter()
                page.goto(url)
                page.wait_for_selector("body[data-ready]", state="attached", timeout=120_000)
                return (time.perf_counter() - t0) * 1000

            return run

        def draw(url: str) -> Callable[[], float]:
            """From the network script's start to the drawn, interactive network."""

            def run() -> float:
                page.goto(url)
                page.wait_for_selector("body[data-ready]", state="attached", timeout=120_000)
                return float(page.get_attribute("body", "data-ready-ms") or "nan")

            return run

        views = [
            ("full graph, server layout", "", full_view),
            ("full graph as of 1990", "as_of=1990", parse_view(store, in_1990)),
            ("China, 2 hops", "focus=CHN&hops=2", parse_view(store, today, focus="CHN", hops=2)),
        ]
        rows = []
        for name, query, view in views:
            nodes = network_graph(store, view).number_of_nodes()
            url = f"{base}/api/v1/views/network?{query}"
            rows.append(
                (
                    name,
                    nodes,
                    median_ms(args.runs, server(query)),
                    median_ms(args.runs, draw(url)),
                    median_ms(args.runs, ready(url)),
                )
            )
        baseline_url = f"{base}/bench/baseline"
        baseline_draw = median_ms(args.runs, draw(baseline_url))
        baseline = median_ms(args.runs, ready(baseline_url))
        browser.close()
    edges = full_graph.number_of_edges()
    print(f"\nfull graph: {full_graph.number_of_nodes()} states, {edges} relation edges")
    print(f"median of {args.runs} runs after one warm-up; chromium {CHROMIUM}\n")
    print(
        "| view | states | server (ms) | draw in Chromium (ms) | request to interactive (ms) "
        "| vs baseline |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, nodes, server_ms, draw_ms, ready_ms in rows:
        ratio = ready_ms / baseline
        print(
            f"| {name} | {nodes} | {server_ms:.0f} | {draw_ms:.0f} | {ready_ms:.0f} "
            f"| {ratio:.2f}x |"
        )
    states = full_graph.number_of_nodes()
    print(
        f"| full graph, browser physics (baseline) | {states} | - | {baseline_draw:.0f} "
        f"| {baseline:.0f} | 1.00x |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
