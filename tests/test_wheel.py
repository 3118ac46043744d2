"""The wheel installs anywhere: built, installed into a fresh venv, served from an empty directory.

A source checkout hides missing package data (the code finds the repository's files beside
it), so this builds the wheel the Dockerfile builds, installs it with ``--no-deps`` into a new
venv that reuses this venv's dependencies through a ``.pth`` line (nothing is downloaded), and
runs that venv's ``pactgraph serve`` from an empty directory on a memory store: the states,
an ingest checked by SHACL and the explorer must all work from the installed package alone.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.config import PROJECT_ROOT
from tests.ingest.conftest import AUTH, TOKEN, readme_example
from tests.oxigraph_server import free_port
from tests.test_deployment import dockerfile_stages

#: This venv's pip: it builds the wheel (with this venv's setuptools) and installs it elsewhere.
PIP = [sys.executable, "-m", "pip"]


def build_wheel(out: Path) -> Path:
    """``pip wheel`` of what the Dockerfile's build stage copies, in a clean directory.

    Building in the checkout would reuse its ``build/`` directory, whose stale copies could
    hide a file missing from the package data.
    """
    source = out / "src"
    source.mkdir(parents=True)
    build, _run = dockerfile_stages()
    for instruction, args in build:
        if instruction != "COPY":
            continue
        for name in args.split()[:-1]:
            if (PROJECT_ROOT / name).is_dir():
                ignore = shutil.ignore_patterns("__pycache__")
                shutil.copytree(PROJECT_ROOT / name, source / name, symlinks=True, ignore=ignore)
            else:
                shutil.copy(PROJECT_ROOT / name, source / name)
    subprocess.run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), "."],
        check=True,
        capture_output=True,
        cwd=source,
    )
    (wheel,) = out.glob("pactgraph-*.whl")
    return wheel


def install(wheel: Path, venv: Path) -> Path:
    """A fresh venv with the wheel installed; its dependencies are this venv's packages."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # Appended after the new venv's own site-packages: the wheel's `app` is found first.
    Path(purelib, "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run(
        [*PIP, "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    return venv / "bin"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin directory of a venv holding the freshly built wheel."""
    root = tmp_path_factory.mktemp("wheel")
    return install(build_wheel(root / "dist"), root / "venv")


@pytest.fixture(scope="module")
def served(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``pactgraph serve`` of the installed package, run from an empty directory."""
    empty = tmp_path_factory.mktemp("empty")
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PACTGRAPH_STORE": "memory",
        "PACTGRAPH_DATASETS": "",
        "PACTGRAPH_TOKEN": TOKEN,
        "PACTGRAPH_PORT": str(port),
        "PACTGRAPH_QUERY_WORKERS": "1",
        "PACTGRAPH_LOG_LEVEL": "warning",
    }
    log = empty.parent / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(installed / "pactgraph"), "serve"], cwd=empty, env=env, stdout=out, stderr=out
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(1200):
            if process.poll() is not None:
                pytest.fail(f"pactgraph serve exited: {log.read_text()}")
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                threading.Event().wait(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(30)
    assert not list(empty.iterdir()), "serving a memory store writes nothing to the cwd"


def test_the_installed_package_is_the_wheel_not_the_checkout(installed: Path) -> None:
    where = subprocess.run(
        [str(installed / "python"), "-c", "import app.bundle; print(app.bundle.BUNDLE_ROOT)"],
        check=True,
        capture_output=True,
        text=True,
        cwd="/",
    ).stdout.strip()
    assert where.startswith(str(installed.parent)), where
    assert Path(where, "ontology", "shapes.ttl").is_file()


def test_the_installed_service_serves_the_bundled_states(served: str) -> None:
    answer = httpx.get(f"{served}/api/v1/states/KOR", timeout=30)
    assert answer.status_code == 200
    assert "Korea" in answer.text


def test_the_installed_service_checks_ingests_with_the_bundled_shapes(served: str) -> None:
    _command, turtle = readme_example()
    headers = {**AUTH, "Content-Type": "text/turtle"}
    one_party = turtle.replace(b"pg:party state:KOR, state:THA ;", b"pg:party state:KOR ;")
    assert one_party != turtle
    refused = httpx.post(f"{served}/api/v1/ingest", content=one_party, headers=headers, timeout=60)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "party" in refused.text
    accepted = httpx.post(f"{served}/api/v1/ingest", content=turtle, headers=headers, timeout=60)
    assert accepted.status_code == 201, accepted.text


def test_the_installed_explorer_loads_with_its_assets(served: str) -> None:
    page = httpx.get(f"{served}/explore", timeout=60)
    assert page.status_code == 200
    assets = set(re.findall(r'(?:src|href)="(/static/[^"?#]+)', page.text))
    assert assets, "the explorer page references its scripts and styles"
    for asset in sorted(assets):
        assert httpx.get(served + asset, timeout=30).status_code == 200, asset
