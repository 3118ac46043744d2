"""docker-compose.yml and the Dockerfile are wired as README says (no Docker engine here)."""

from __future__ import annotations

import os
import re
from typing import Any

import yaml

from app.config import PROJECT_ROOT, Settings
from app.store.remote import derive_endpoints


def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    return data


def dockerfile_stages() -> list[list[tuple[str, str]]]:
    """The Dockerfile's stages, each a list of (INSTRUCTION, arguments), continuations joined."""
    text = (PROJECT_ROOT / "Dockerfile").read_text()
    lines = re.sub(r"\\\n\s*", " ", text).splitlines()
    stages: list[list[tuple[str, str]]] = []
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        instruction, _, arguments = line.strip().partition(" ")
        if instruction == "FROM":
            stages.append([])
        stages[-1].append((instruction, arguments.strip()))
    return stages


def test_api_service_builds_the_repo_dockerfile_and_runs_serve() -> None:
    api = compose()["services"]["api"]
    assert api["build"] == "."
    *_, run = dockerfile_stages()
    assert ("CMD", '["pactgraph", "serve"]') in run


def test_the_build_stage_builds_the_wheel_from_what_it_needs() -> None:
    build, _run = dockerfile_stages()
    assert re.fullmatch(r"\S+ AS build", build[0][1])
    copied = {args.split()[0] for instruction, args in build if instruction == "COPY"}
    # The links of app/bundle point at top-level directories: those are copied too.
    linked = {
        os.readlink(p).split("/")[-1]
        for p in (PROJECT_ROOT / "app" / "bundle").iterdir()
        if p.is_symlink()
    }
    assert linked == {"ontology", "graph_data"}
    assert {"pyproject.toml", "app", *linked} <= copied
    (command,) = [args for instruction, args in build if instruction == "RUN"]
    # tests/test_wheel.py runs the same `pip wheel --no-deps` and serves what it built.
    assert re.match(r"pip wheel .*--no-deps .*\.$", command)


def test_the_run_stage_installs_only_the_wheel_and_runs_unprivileged() -> None:
    _build, run = dockerfile_stages()
    copies = [args for instruction, args in run if instruction == "COPY"]
    assert copies == ["--from=build /dist /dist"], "no source tree in the image"
    (install,) = [args for instruction, args in run if instruction == "RUN"]
    assert "pip install --no-cache-dir /dist/pactgraph-*.whl" in install
    user = [args for instruction, args in run if instruction == "USER"]
    assert user and user[-1] not in {"root", "0"}
    assert f"useradd --create-home --uid 10001 {user[-1]}" in install
    instructions = [instruction for instruction, _args in run]
    assert instructions.index("USER") < instructions.index("CMD")


def test_the_image_health_check_asks_health() -> None:
    *_, run = dockerfile_stages()
    (check,) = [args for instruction, args in run if instruction == "HEALTHCHECK"]
    assert "CMD " in check
    assert "http://127.0.0.1:${PACTGRAPH_PORT}/health" in check
    assert ("ENV", "PACTGRAPH_HOST=0.0.0.0 PACTGRAPH_PORT=8000") in run


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
