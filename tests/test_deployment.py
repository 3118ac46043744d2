"""docker-compose.yml and the Dockerfile are wired as README says (no Docker engine here)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from app.config import PROJECT_ROOT, Settings
from app.store.remote import derive_endpoints


def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    return data


def test_api_service_builds_the_repo_dockerfile_and_runs_serve() -> None:
    api = compose()["services"]["api"]
    assert api["build"] == "."
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    assert re.search(r'CMD \["pactgraph", "serve"\]', dockerfile)
    for needed in ("app", "ontology", "graph_data", "pyproject.toml"):
        assert needed in dockerfile


def test_store_service_is_oxigraph_with_a_volume_and_union_default_graph() -> None:
    services = compose()["services"]
    store = services["store"]
    assert store["image"].startswith("ghcr.io/oxigraph/oxigraph")
    assert "--union-default-graph" in store["command"]
    volume = store["volumes"][0].split(":")[0]
    assert volume in compose()["volumes"]


def test_api_reaches_the_store_through_the_remote_store_setting() -> None:
    services = compose()["services"]
    env = services["api"]["environment"]
    settings = Settings(store=env["PACTGRAPH_STORE"])
    assert settings.store_kind == "remote"
    host = env["PACTGRAPH_STORE"].split("//")[1].split(":")[0]
    assert host == "store"
    assert "store" in services["api"]["depends_on"]
    port = env["PACTGRAPH_STORE"].split(":")[2].split("/")[0]
    assert store_binds(services["store"]["command"], port)
    assert derive_endpoints(env["PACTGRAPH_STORE"]) == (
        "http://store:7878/update",
        "http://store:7878/store",
    )


def store_binds(command: list[str], port: str) -> bool:
    return command[command.index("--bind") + 1].endswith(":" + port)
