"""A real Virtuoso 7 (``virtuoso-t``) on free loopback ports with a throwaway database.

Debian's ``virtuoso-opensource`` package provides the binary; ``make test`` installs it when
it is missing. The database, its log and the ini file live in one temporary directory: a fresh
database has the user ``dba`` with the password ``dba`` and listens only on 127.0.0.1.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import httpx

from tests.oxigraph_server import free_port

USER = "dba"
PASSWORD = "dba"

_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = {d}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
CheckpointInterval = 60
MaxQueryMem = 1G

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {d}
ServerThreads = 20
MaxClientConnections = 20

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = {timeout}
MaxQueryCostEstimationTime = {timeout}
"""


def virtuoso_binary() -> str | None:
    """The server binary, or None when Virtuoso is not installed."""
    return shutil.which("virtuoso-t")


class VirtuosoServer:
    """Start and stop one ``virtuoso-t`` over one directory.

    ``buffers`` sizes the page cache (8 KiB pages): the default suits the test data; the
    benchmark passes more for the half-million quads of the datasets.
    """

    def __init__(self, location: Path, buffers: int = 10_000, timeout_s: int = 60) -> None:
        self.location = location
        self.http_port = free_port()
        self.sql_port = free_port()
        self.buffers = buffers
        self.timeout_s = timeout_s
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def start(self) -> None:
        binary = virtuoso_binary()
        if binary is None:
            raise RuntimeError("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
        self.location.mkdir(parents=True, exist_ok=True)
        ini = self.location / "virtuoso.ini"
        ini.write_text(
            _INI.format(
                d=self.location,
                sql_port=self.sql_port,
                http_port=self.http_port,
                buffers=self.buffers,
                dirty=self.buffers * 3 // 4,
                timeout=self.timeout_s,
            )
        )
        self.process = subprocess.Popen(
            [binary, "+foreground", "+configfile", str(ini)],
            cwd=self.location,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                response = httpx.post(self.url, data={"query": "ASK { ?s ?p ?o }"}, timeout=2)
                if response.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited at start-up; see {self.location}")
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("virtuoso-t did not answer within 90 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
            self.process = None
