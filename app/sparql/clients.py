"""How many SPARQL requests each client may have running at once.

Query workers are few (``PACTGRAPH_QUERY_WORKERS``): without a bound, one client sending fifty
runaway queries keeps every worker busy until each times out, and everyone else waits. Each
client (the remote address the server sees: behind a reverse proxy, let the server trust the
proxy's forwarded address, see README) gets ``PACTGRAPH_SPARQL_PER_CLIENT`` slots; a request
beyond them is answered 429 at once, with ``Retry-After`` set to the query timeout (by then a
slot is free).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from app.errors import TooManyRequests


class ClientSlots:
    """At most ``limit`` running requests per client key; ``retry_after`` seconds advised."""

    def __init__(self, limit: int, retry_after: float) -> None:
        self.limit = limit
        self.retry_after = max(1, math.ceil(retry_after))
        self._running: dict[str, int] = {}
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, client: str) -> Iterator[None]:
        """Hold one of ``client``'s slots for the block.

        :raises TooManyRequests: ``client`` already holds every slot.
        """
        with self._lock:
            running = self._running.get(client, 0)
            if running >= self.limit:
                raise TooManyRequests(
                    f"{running} SPARQL requests of yours are still running, the most one client "
                    f"may have (PACTGRAPH_SPARQL_PER_CLIENT={self.limit}); retry after "
                    f"{self.retry_after} s, or send fewer at a time",
                    retry_after=self.retry_after,
                    limit="PACTGRAPH_SPARQL_PER_CLIENT",
                )
            self._running[client] = running + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._running[client] - 1
                if left:
                    self._running[client] = left
                else:
                    del self._running[client]
