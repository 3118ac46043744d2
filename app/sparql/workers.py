"""Query workers: separate processes that can be killed when a query runs too long.

pyoxigraph cannot cancel a running query, and a thread that gives up on one leaves it computing
(engineering notes). So embedded queries run in a small pool of warm worker processes; at the
deadline the parent kills the worker (SIGKILL) and starts a replacement in the background, and
the client gets 503.

Workers are also the second wall against server-side request forgery: unless SERVICE is allowed,
each worker moves itself into a network namespace of its own, with no interface but a loopback
that is down, before it reads any job (:func:`isolate_network`); the engine then cannot reach
any address even if a request slipped past :mod:`app.sparql.guard`.

Updates run here first too (:class:`UpdateJob`): a worker applies the update to a private,
writable copy of the current snapshot within the time limit and reports how it went; only an
update that finished there is applied to the live store (see
:meth:`app.sparql.endpoint.SparqlService.update`), so a runaway update is killed with its worker
and never holds the live store.

Workers never open the live store (read-only opening while another process writes is undefined
behaviour): they open an immutable snapshot (:class:`SnapshotManager`) made with
``Store.backup`` (hard links, milliseconds) whenever the data version changes. An in-memory
store cannot be backed up: its snapshot is a copy written into a fresh on-disk store, which
costs time proportional to the data (fine for tests and small graphs; use the on-disk store
for large ones).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
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

from app.errors import BadRequest, PactgraphError, QueryTimeout, SparqlSyntaxError, StoreUnavailable
from app.sparql.guard import Policy, check_query, check_update
from app.sparql.results import Job, evaluate

log = logging.getLogger(__name__)

_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000
#: What :func:`isolate_network` reports when no wall could be raised.
NO_WALL = "none"


@dataclass(frozen=True)
class UpdateJob:
    """A client's update to try on a copy of the snapshot (it must pickle)."""

    update: str
    base_iri: str | None
    policy: Policy


@dataclass(frozen=True)
class QueryJob:
    """A client's query: checked against ``policy`` (:mod:`app.sparql.guard`), then run."""

    job: Job
    policy: Policy


def isolate_network() -> str:
    """Move this process into a new network namespace; returns which wall is up.

    ``"network namespace"`` (root, or CAP_SYS_ADMIN), ``"user and network namespace"``
    (unprivileged, where the kernel allows user namespaces) or :data:`NO_WALL` (not Linux, or
    both refused: the parse-based checks of :mod:`app.sparql.guard` are then the only wall).
    Must run while the process has a single thread.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        unshare = libc.unshare
    except (OSError, AttributeError):
        return NO_WALL
    if unshare(_CLONE_NEWNET) == 0:
        return "network namespace"
    if ctypes.get_errno() == errno.EPERM and unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0:
        return "user and network namespace"
    return NO_WALL


def _try_update(directory: str, snapshot: pyoxigraph.Store, job: UpdateJob) -> None:
    """Check ``job`` and apply it to a throw-away writable copy of ``snapshot``.

    The copy is made beside the snapshot (``directory``), on the same filesystem, so the
    backup is hard links, not a copy of the data.
    """
    check_update(job.update, job.policy)
    parent = Path(directory).parent
    with tempfile.TemporaryDirectory(prefix="update-", dir=parent) as work_dir:
        copy_dir = str(Path(work_dir) / "store")  # backup() makes the directory itself
        snapshot.backup(copy_dir)  # hard links where possible
        copy = pyoxigraph.Store(copy_dir)
        try:
            copy.update(job.update, base_iri=job.base_iri)
        finally:
            del copy


def worker_main(inbox: Connection, outbox: Connection, isolate: bool) -> None:
    """Worker loop: raise the network wall (when asked), say which, then answer jobs.

    A job is ``(snapshot_dir, QueryJob | Job | UpdateJob)``; the answer ``("ok", outcome)``,
    ``("problem", class, detail, extensions)`` for a refusal, or ``("syntax"|"error", text)``.
    """
    outbox.send(("wall", isolate_network() if isolate else NO_WALL))
    opened: tuple[str, pyoxigraph.Store] | None = None
    while True:
        try:
            message = inbox.recv()
        except EOFError:
            return
        if message is None:
            return
        snapshot, work = message
        try:
            if opened is None or opened[0] != snapshot:
                opened = None  # release the old snapshot before opening the new one
                opened = (snapshot, pyoxigraph.Store.read_only(snapshot))
            if isinstance(work, UpdateJob):
                _try_update(snapshot, opened[1], work)
                outbox.send(("ok", None))
                continue
            if isinstance(work, QueryJob):
                check_query(work.job.query, work.policy)
                work = work.job
            outbox.send(("ok", evaluate(opened[1], work)))
        except PactgraphError as exc:
            outbox.send(("problem", type(exc), exc.detail, exc.extensions))
        except SyntaxError as exc:
            outbox.send(("syntax", str(exc)))
        except Exception as exc:  # reported to the parent, which maps it to 503 or 400
            outbox.send(("error", f"{type(exc).__name__}: {exc}"))


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    inbox: Connection  # the worker's answers
    outbox: Connection  # jobs for the worker
    wall: str = NO_WALL  # what the worker reported of its network wall

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.inbox.close()
        self.outbox.close()


def _start_worker(isolate: bool) -> _Worker:
    # A fresh interpreter (`python -m app.sparql.workers`), not a fork: forking a process that
    # runs threads (uvicorn, RocksDB) is unsafe, and multiprocessing's spawn would re-import
    # the parent's __main__. Two pipes carry pickled jobs and outcomes.
    job_read, job_write = os.pipe()
    answer_read, answer_write = os.pipe()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.sparql.workers",
            str(job_read),
            str(answer_write),
            "isolate" if isolate else "open",
        ],
        pass_fds=(job_read, answer_write),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )
    os.close(job_read)
    os.close(answer_write)
    worker = _Worker(process, Connection(answer_read), Connection(job_write, readable=False))
    try:
        if worker.inbox.poll(60):
            _, worker.wall = worker.inbox.recv()
    except (EOFError, OSError):
        pass  # a worker that died at start fails its first job, answered as 503
    return worker


class WorkerPool:
    """``size`` warm workers; :meth:`run` borrows one, or kills it at the deadline."""

    def __init__(self, size: int, isolate: bool = True) -> None:
        self.size = size
        self.isolate = isolate
        #: The network wall the workers raised (:func:`isolate_network`), known once started.
        self.wall = NO_WALL
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()  # idle and busy, so close() can stop every one
        self._started = False
        self._lock = threading.Lock()
        self._closed = False

    def _ensure_started(self) -> None:
        with self._lock:
            if not self._started:
                for _ in range(self.size):
                    self._add(_start_worker(self.isolate))
                self._started = True
                log.info("query workers started; network wall: %s", self.wall)

    def _add(self, worker: _Worker) -> None:
        self.wall = worker.wall
        self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and put a fresh one in the pool, off the request's path."""
        worker.kill()
        self._all.discard(worker)

        def respawn() -> None:
            if not self._closed:
                self._add(_start_worker(self.isolate))

        threading.Thread(target=respawn, daemon=True).start()

    def run(self, snapshot: Path, job: Job | QueryJob | UpdateJob, timeout: float) -> Any:
        """Run ``job`` on ``snapshot`` in a worker, within ``timeout`` seconds overall.

        Returns the :class:`Outcome` of a query, ``None`` for an update that went through.

        :raises QueryTimeout: the job (or the wait for a free worker) passed the limit.
        :raises SparqlSyntaxError: the query does not parse.
        :raises PactgraphError: the checks refused the job (403, 413, 400), or an update failed
            in the engine (400).
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
                raise query_timeout(
                    timeout, what="update" if isinstance(job, UpdateJob) else "query"
                )
            status, *payload = worker.inbox.recv()
        except (EOFError, OSError) as exc:
            self._replace(worker)
            raise StoreUnavailable(
                "the query worker stopped unexpectedly (out of memory?); try a narrower query"
            ) from exc
        self._idle.put(worker)
        if status == "problem":
            cls, detail, extensions = payload
            raise cls(detail, **extensions)
        if status == "syntax":
            raise syntax_error(payload[0])
        if status == "error" and isinstance(job, UpdateJob):
            # Evaluation errors of a well-formed update, e.g. CLEAR of a graph the store does
            # not have (SPARQL 1.1 Update lets it fail unless SILENT is given).
            raise BadRequest(f"the update could not be applied: {payload[0]}")
        if status == "error":
            raise StoreUnavailable(f"the query failed in the engine: {payload[0]}")
        return payload[0]

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


def query_timeout(limit: float, busy: bool = False, what: str = "query") -> QueryTimeout:
    """The 503 problem for a query stopped at the limit: says the limit and how to narrow."""
    why = (
        "every query worker stayed busy"
        if busy
        else f"the {what} was still running and was stopped"
    )
    return QueryTimeout(
        f"{why} after the limit of {limit:g} s (PACTGRAPH_QUERY_TIMEOUT). Narrow the query: "
        "bind a state or an agreement type early, avoid unconstrained patterns such as "
        "`?s ?p ?o . ?x ?y ?z` (a cross product), add LIMIT, or use the REST API for common "
        "questions.",
        limit_seconds=limit,
    )


def _remove_orphans(path: Path) -> None:
    """Remove snapshot directories of ``path`` whose process no longer runs."""
    for candidate in path.parent.glob(f"{path.name}.snapshots-*-*"):
        pid = candidate.name.removeprefix(f"{path.name}.snapshots-").split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(candidate, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only checks that the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class SnapshotManager:
    """Immutable copies of the store for the workers, one per data version."""

    def __init__(self, store: pyoxigraph.Store, path: Path | None) -> None:
        self.store = store
        if path is not None:
            # Next to the store, on the same filesystem, so backups are hard links. One
            # directory per service, named after its process: left-overs of a process that
            # was killed are removed here.
            _remove_orphans(path)
            self.root = Path(
                tempfile.mkdtemp(prefix=f"{path.name}.snapshots-{os.getpid()}-", dir=path.parent)
            )
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
    # Run the imported module's loop, not this __main__ copy's: the jobs unpickle as classes of
    # app.sparql.workers, which __main__'s own classes are not (isinstance would fail).
    from app.sparql.workers import worker_main as imported_main

    imported_main(
        Connection(int(sys.argv[1]), writable=False),
        Connection(int(sys.argv[2]), readable=False),
        isolate=sys.argv[3] == "isolate",
    )
