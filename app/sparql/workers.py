"""Query workers: separate processes that can be killed when a query runs too long.

pyoxigraph cannot cancel a running query, and a thread that gives up on one leaves it computing
(engineering notes). So embedded queries run in a small pool of warm worker processes; at the
deadline the parent kills the worker (SIGKILL) and starts a replacement in the background, and
the client gets 503.

Workers never open the live store (read-only opening while another process writes is undefined
behaviour): they open an immutable snapshot (:class:`SnapshotManager`) made with
``Store.backup`` (hard links, milliseconds) whenever the data version changes. An in-memory
store cannot be backed up: its snapshot is a copy written into a fresh on-disk store, which
costs time proportional to the data (fine for tests and small graphs; use the on-disk store
for large ones).
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph

from app.errors import QueryTimeout, SparqlSyntaxError, StoreUnavailable
from app.sparql.results import Job, Outcome, evaluate

log = logging.getLogger(__name__)


def worker_main(inbox: Connection, outbox: Connection) -> None:
    """Worker loop: receive ``(snapshot_dir, job)``, answer ``("ok", outcome)`` or an error."""
    opened: tuple[str, pyoxigraph.Store] | None = None
    while True:
        try:
            message = inbox.recv()
        except EOFError:
            return
        if message is None:
            return
        snapshot, job = message
        try:
            if opened is None or opened[0] != snapshot:
                opened = None  # release the old snapshot before opening the new one
                opened = (snapshot, pyoxigraph.Store.read_only(snapshot))
            outbox.send(("ok", evaluate(opened[1], job)))
        except SyntaxError as exc:
            outbox.send(("syntax", str(exc)))
        except Exception as exc:  # reported to the parent, which maps it to 503
            outbox.send(("error", f"{type(exc).__name__}: {exc}"))


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    inbox: Connection  # the worker's answers
    outbox: Connection  # jobs for the worker

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.inbox.close()
        self.outbox.close()


def _start_worker() -> _Worker:
    # A fresh interpreter (`python -m app.sparql.workers`), not a fork: forking a process that
    # runs threads (uvicorn, RocksDB) is unsafe, and multiprocessing's spawn would re-import
    # the parent's __main__. Two pipes carry pickled jobs and outcomes.
    job_read, job_write = os.pipe()
    answer_read, answer_write = os.pipe()
    process = subprocess.Popen(
        [sys.executable, "-m", "app.sparql.workers", str(job_read), str(answer_write)],
        pass_fds=(job_read, answer_write),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )
    os.close(job_read)
    os.close(answer_write)
    return _Worker(process, Connection(answer_read), Connection(job_write, readable=False))


class WorkerPool:
    """``size`` warm workers; :meth:`run` borrows one, or kills it at the deadline."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()  # idle and busy, so close() can stop every one
        self._started = False
        self._lock = threading.Lock()
        self._closed = False

    def _ensure_started(self) -> None:
        with self._lock:
            if not self._started:
                for _ in range(self.size):
                    self._add(_start_worker())
                self._started = True

    def _add(self, worker: _Worker) -> None:
        self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and put a fresh one in the pool, off the request's path."""
        worker.kill()
        self._all.discard(worker)

        def respawn() -> None:
            if not self._closed:
                self._add(_start_worker())

        threading.Thread(target=respawn, daemon=True).start()

    def run(self, snapshot: Path, job: Job, timeout: float) -> Outcome:
        """Evaluate ``job`` on ``snapshot`` in a worker, within ``timeout`` seconds overall.

        :raises QueryTimeout: the query (or the wait for a free worker) passed the limit.
        :raises SparqlSyntaxError: the query does not parse.
        :raises StoreUnavailable: the worker failed or died.
        """
        self._ensure_started()
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise query_timeout(timeout, busy=True) from None
        try:
            worker.outbox.send((str(snapshot), job))
            if not worker.inbox.poll(timeout):
                self._replace(worker)
                raise query_timeout(timeout)
            status, payload = worker.inbox.recv()
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise StoreUnavailable(
                "the query worker stopped unexpectedly (out of memory?); try a narrower query"
            ) from exc
        self._idle.put(worker)
        if status == "syntax":
            raise syntax_error(payload)
        if status == "error":
            raise StoreUnavailable(f"the query failed in the engine: {payload}")
        assert isinstance(payload, Outcome)
        return payload

    def close(self) -> None:
        """Stop every worker: idle ones are asked to exit, busy ones are killed."""
        self._closed = True
        idle = []
        while not self._idle.empty():
            idle.append(self._idle.get_nowait())
        for worker in idle:
            with contextlib.suppress(OSError):
                worker.outbox.send(None)
        for worker in list(self._all):
            if worker in idle:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    worker.process.wait(2)
            worker.kill()
        self._all.clear()


def syntax_error(message: str) -> SparqlSyntaxError:
    """A 400 problem carrying the parser's message and, when it says so, line and column."""
    extensions: dict[str, Any] = {}
    match = re.match(r"error at (\d+):(\d+)", message)
    if match:
        extensions = {"line": int(match.group(1)), "column": int(match.group(2))}
    return SparqlSyntaxError(message, **extensions)


def query_timeout(limit: float, busy: bool = False) -> QueryTimeout:
    """The 503 problem for a query stopped at the limit: says the limit and how to narrow."""
    why = (
        "every query worker stayed busy" if busy else "the query was still running and was stopped"
    )
    return QueryTimeout(
        f"{why} after the limit of {limit:g} s (PACTGRAPH_QUERY_TIMEOUT). Narrow the query: "
        "bind a state or an agreement type early, avoid unconstrained patterns such as "
        "`?s ?p ?o . ?x ?y ?z` (a cross product), add LIMIT, or use the REST API for common "
        "questions.",
        limit_seconds=limit,
    )


class SnapshotManager:
    """Immutable copies of the store for the workers, one per data version."""

    def __init__(self, store: pyoxigraph.Store, path: Path | None) -> None:
        self.store = store
        if path is not None:
            # Next to the store, on the same filesystem, so backups are hard links.
            self.root = path.parent / f"{path.name}.snapshots"
            shutil.rmtree(self.root, ignore_errors=True)
            self.root.mkdir(parents=True)
            self._on_disk = True
        else:
            self.root = Path(tempfile.mkdtemp(prefix="pactgraph-snapshots-"))
            self._on_disk = False
        self._lock = threading.Lock()
        self._snapshots: list[tuple[str, Path]] = []
        self._counter = 0

    def current(self, version: str) -> Path:
        """The snapshot of data version ``version``, made now if it does not exist yet."""
        with self._lock:
            if self._snapshots and self._snapshots[-1][0] == version:
                return self._snapshots[-1][1]
            self._counter += 1
            target = self.root / f"{self._counter:06d}"
            if self._on_disk:
                self.store.backup(str(target))
            else:
                copy = pyoxigraph.Store(str(target))
                copy.bulk_extend(self.store)
                copy.flush()
                del copy
            self._snapshots.append((version, target))
            # Keep the previous snapshot: a worker may still be reading it.
            while len(self._snapshots) > 2:
                _, old = self._snapshots.pop(0)
                shutil.rmtree(old, ignore_errors=True)
            log.debug("query snapshot %s for data version %s", target, version)
            return target

    def close(self) -> None:
        """Remove every snapshot."""
        shutil.rmtree(self.root, ignore_errors=True)


if __name__ == "__main__":
    worker_main(
        Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False)
    )
