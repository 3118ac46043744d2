"""The FastAPI application factory.

``create_app(settings)`` builds a fresh app; its lifespan opens the store and loads the bundled
graph when needed. Nothing happens at import time, so tests build as many apps as they like.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from app import __version__
from app.api import examples, problems
from app.api.caching import ConditionalGetMiddleware
from app.api.cors import PathCORSMiddleware
from app.api.deps import RELATION_TABLE
from app.api.head import HeadAsGetMiddleware
from app.api.headers import SecurityHeadersMiddleware
from app.api.links import PageLinksMiddleware
from app.api.routes import (
    agreements,
    analytics,
    docs,
    entities,
    extract,
    health,
    ingest,
    panels,
    query,
    relations,
    sources,
    sparql,
    states,
    views,
)
from app.config import Settings
from app.errors import StoreUnavailable
from app.ingest.startup import prepare
from app.sparql.endpoint import SparqlService
from app.store import Store, open_store
from app.views import STATIC_DIR
from app.views.explore import warm_up

log = logging.getLogger(__name__)


def prepare_store(store: Store, settings: Settings) -> None:
    """Bring the store up to date with the bundled graph and the configured datasets."""
    report = prepare(store, settings)
    for line in report.lines(store.triple_count()):
        log.info("%s", line)


def create_app(
    settings: Settings | None = None, store: Store | None = None, *, prepared: bool = False
) -> FastAPI:
    """Build the application; ``store`` overrides the one the settings name (tests, the CLI).

    ``prepared``: the caller already ran :func:`app.ingest.startup.prepare` on ``store``
    (``pactgraph serve`` does, to show progress on its terminal), so the lifespan does not run
    it a second time.
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = store or open_store(settings)
        app.state.store = opened
        try:
            if not prepared:
                await run_in_threadpool(prepare_store, opened, settings)
        except StoreUnavailable as exc:
            # Serve anyway: /health reports 503 until the store is back.
            log.warning("store not ready at start-up: %s", exc.detail)
        app.state.sparql = SparqlService(opened, settings)
        if settings.warm_up:
            # Before the first request is taken: a server that says it is up answers at speed.
            await run_in_threadpool(warm_up, opened)
            # What start-up built lives as long as the process (the interval table: ~200k
            # objects on the make-run store); kept out of the cyclic collector's full walks,
            # which paused requests for 0.1-0.6 s on a loaded machine.
            gc.freeze()
        try:
            yield
        finally:
            app.state.sparql.close()
            if store is None:
                opened.close()

    app = FastAPI(
        title="pactgraph",
        version=__version__,
        description=(
            "A knowledge graph of military pacts between states: intelligence-sharing, "
            "logistics and defense-cooperation agreements, alliances, strategic partnerships, "
            "each fact dated and tied to its source.\n\n"
            "Relations (the `type` of `/relations` and `/states/{id}/relations`, the steps of "
            "`/query/path`), all symmetric, read through the agreements valid on `as_of`:\n\n"
            + RELATION_TABLE
            + "\n\nCoverage horizons: an agreement known only from a dataset that was still "
            "running in the dataset's last year (COW alliances 2012, ATOP 2018, DCAD 2010) is "
            "'in force at last observation' after it. Every relation, path, analytics, export "
            "and view route takes `beyond_coverage`: `include` (default) counts such agreements "
            "and flags each answer resting only on them with `observed_until` (that year); "
            "`exclude` leaves them out."
        ),
        lifespan=lifespan,
        # Served offline by the docs router instead (FastAPI's pages load a CDN).
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    problems.install(app)
    app.include_router(health.router)
    app.include_router(docs.router)
    app.include_router(ingest.router)
    app.include_router(sparql.router)
    for resource in (states, agreements, relations, query, sources, entities, views):
        app.include_router(resource.router)
    app.include_router(analytics.router)
    app.include_router(panels.router)
    app.include_router(extract.router)
    examples.install(app)
    app.add_middleware(ConditionalGetMiddleware)
    app.add_middleware(PageLinksMiddleware)
    app.add_middleware(
        PathCORSMiddleware,
        paths=("/sparql", "/.well-known/void"),
        expose=(sparql.TRUNCATED_HEADER, "Link"),
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(HeadAsGetMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
