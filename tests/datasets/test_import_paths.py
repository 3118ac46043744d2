"""The other ways in: a remote store, start-up loading, the CLI (on the smallest dataset)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT, Settings
from app.ingest.datasets import import_dataset
from app.ingest.startup import prepare
from app.ontology import ID_NS, SPARQL_PREFIXES
from app.store import EmbeddedStore, RemoteStore
from tests.datasets.conftest import DATA, PATHS
from tests.oxigraph_server import OxigraphServer

DCAD_GRAPH = ID_NS + "graph/dataset/dcad-1.0"
COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{DCAD_GRAPH}> {{ ?s ?p ?o }} }}"
KOREA = (
    SPARQL_PREFIXES + f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH <{DCAD_GRAPH}> "
    "{ ?a pg:party pgid:state\\/KOR } }"
)


@pytest.mark.remote
def test_dcad_import_on_a_remote_store_is_idempotent(oxigraph_server: OxigraphServer) -> None:
    store = RemoteStore(oxigraph_server.url)
    store.update("DROP SILENT ALL")
    try:
        first = import_dataset(store, "dcad", PATHS["dcad"])
        count = store.select(COUNT)[0]["n"].value
        second = import_dataset(store, "dcad", PATHS["dcad"])
        assert store.select(COUNT)[0]["n"].value == count == str(second.triples)
        assert first.rows_read == 1871 and first.rows_used == 1868
        assert store.select(KOREA)[0]["n"].value == "54"
        assert store.ask(
            SPARQL_PREFIXES + "ASK { ?a pg:party pgid:state\\/KOR ; pg:statusPeriod ?p }"
        ), "derived data was refreshed"
    finally:
        store.update("DROP SILENT ALL")
        store.close()


def test_startup_imports_datasets_once(tmp_path: Path) -> None:
    shutil.copytree(DATA / "dcad-1.0", tmp_path / "data" / "dcad-1.0")
    settings = Settings(store="memory", datasets=str(tmp_path / "data"))
    store = EmbeddedStore(None)
    first = prepare(store, settings, root=PROJECT_ROOT)
    assert [s.dataset for s in first.datasets] == ["dcad-1.0"] and first.bundle.loaded
    version = store.data_version
    second = prepare(store, settings, root=PROJECT_ROOT)
    assert not second.changed and store.data_version == version
    assert store.select(KOREA)[0]["n"].value == "54"


def test_cli_import_prints_the_summary(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "import", "dcad", str(PATHS["dcad"])],
        capture_output=True,
        text=True,
        env={"PACTGRAPH_STORE": str(tmp_path / "store"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "dcad-1.0: 1871 rows read, 1868 used, 3 skipped; 1868 agreements" in result.stderr


def test_cli_reports_a_missing_dataset_file(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "import", "atop", str(tmp_path)],
        capture_output=True,
        text=True,
        env={"PACTGRAPH_STORE": "memory", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 2 and "atop5_1m.csv" in result.stderr
