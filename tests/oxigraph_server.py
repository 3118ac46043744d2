"""A real ``oxigraph serve`` process on a free loopback port, for the remote-store path."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if found is None:
        raise RuntimeError("the `oxigraph` server is not installed (pip install oxigraph)")
    return found


class OxigraphServer:
    """Start, stop and restart one server process over one on-disk location."""

    def __init__(self, location: Path, timeout_s: int | None = None) -> None:
        self.location = location
        self.port = free_port()
        self.timeout_s = timeout_s
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def start(self) -> None:
        command = [
            oxigraph_binary(),
            "serve",
            "--location",
            str(self.location),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--union-default-graph",
        ]
        if self.timeout_s is not None:
            command += ["--timeout-s", str(self.timeout_s)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.post(
                    self.url,
                    content=b"ASK {}",
                    headers={"Content-Type": "application/sparql-query"},
                    timeout=1,
                )
                return
            except httpx.TransportError:
                if self.process.poll() is not None:
                    raise RuntimeError("oxigraph serve exited at start-up") from None
                time.sleep(0.05)
        raise RuntimeError("oxigraph serve did not answer within 30 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None
