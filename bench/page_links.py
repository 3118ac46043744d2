"""Benchmark: what the ``Link`` headers of paged listings cost (app.api.links).

The middleware re-reads the JSON body of every paged answer to find ``total``/``limit``/
``offset``. This times the largest pages (limit=1000) of each listing through the ASGI app with
the middleware and, as the baseline in the same run, the same app without it, and prints the
medians and their ratio.

    .venv/bin/python bench/page_links.py                      # the bundled graph, in memory
    .venv/bin/python bench/page_links.py --store /tmp/store   # a store `make run` built
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from app.api import create_app  # noqa: E402
from app.api.links import PageLinksMiddleware  # noqa: E402
from app.config import Settings  # noqa: E402

REQUESTS = [
    "/api/v1/states?limit=1000",
    "/api/v1/agreements?limit=1000",
    "/api/v1/relations?type=cooperates_militarily_with&limit=1000",
    "/api/v1/sources?limit=1000",
]


def client(settings: Settings, links: bool) -> TestClient:
    app = create_app(settings)
    if not links:
        # Starlette types `cls` as a factory protocol that mypy does not match to a class.
        app.user_middleware = [
            m for m in app.user_middleware if cast(object, m.cls) is not PageLinksMiddleware
        ]
    return TestClient(app)


def medians_ms(
    plain: TestClient, linked: TestClient, url: str, repeats: int
) -> tuple[float, float, int]:
    """Median times without and with the middleware, the two requests interleaved so that
    other load on the machine falls on both alike; and the answer's size."""
    times: dict[bool, list[float]] = {False: [], True: []}
    size = 0
    for _ in range(repeats):
        for links, c in ((False, plain), (True, linked)):
            start = time.perf_counter()
            response = c.get(url)
            times[links].append((time.perf_counter() - start) * 1000)
            size = len(response.content)
    return statistics.median(times[False]), statistics.median(times[True]), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", help="an on-disk store directory (default: bundle in memory)")
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args()
    settings = Settings(store=args.store or "memory")
    print("| request | bytes | without Link (ms) | with Link (ms) | ratio |")
    print("|---|---:|---:|---:|---:|")
    with client(settings, links=False) as plain, client(settings, links=True) as linked:
        for url in REQUESTS:
            medians_ms(plain, linked, url, 2)  # warm caches
            base, with_links, size = medians_ms(plain, linked, url, args.repeats)
            ratio = with_links / base
            print(f"| `{url}` | {size:,} | {base:.1f} | {with_links:.1f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
