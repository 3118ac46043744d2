"""Serve an app over real HTTP for tests that need a real client: in a thread, or a process."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI

from tests.oxigraph_server import free_port


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Run ``app`` under uvicorn on a free loopback port in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", ws="none")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        threading.Event().wait(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


@contextmanager
def serve_process(store: Path, **settings: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Run ``pactgraph serve`` as its own process on ``store``; yields its URL and process.

    ``settings`` are ``PACTGRAPH_*`` variables without the prefix (``token="t"``). A real
    process, not a thread: an input that crashed the server would end it, not the test run.
    """
    port = free_port()
    env = {
        **os.environ,
        "PACTGRAPH_STORE": str(store),
        "PACTGRAPH_PORT": str(port),
        "PACTGRAPH_LOG_LEVEL": "warning",
        **{f"PACTGRAPH_{key.upper()}": value for key, value in settings.items()},
    }
    process = subprocess.Popen([sys.executable, "-m", "app.cli", "serve"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None:
                raise RuntimeError("pactgraph serve exited at start-up")
            threading.Event().wait(0.1)
        yield url, process
    finally:
        process.terminate()
        process.wait(30)
