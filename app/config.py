"""Settings: the only place the environment is read.

Every setting is a ``PACTGRAPH_*`` environment variable; ``tests/test_docs.py`` fails when
one is missing from README, so the table there stays complete.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The repository (or installed source tree) root: ontology/ and graph_data/ live here.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_datasets() -> str:
    shared = PROJECT_ROOT.parent / "shared" / "data"
    return str(shared) if shared.is_dir() else ""


class Settings(BaseSettings):
    """Runtime configuration of the service and the CLI."""

    model_config = SettingsConfigDict(env_prefix="PACTGRAPH_", extra="ignore")

    store: str = Field(
        default="var/store",
        description=(
            "Where the graph lives: a directory for the embedded on-disk store, `memory` for "
            "an in-memory store, or the URL of a SPARQL 1.1 query endpoint (http:// or https://)."
        ),
    )
    store_update_url: str | None = Field(
        default=None,
        description="Remote store only: SPARQL Update endpoint (default: derived from the URL).",
    )
    store_gsp_url: str | None = Field(
        default=None,
        description="Remote store only: Graph Store Protocol endpoint (default: derived).",
    )
    store_dialect: Literal["sparql11", "virtuoso"] = Field(
        default="sparql11",
        description=(
            "Remote store only: `sparql11` for servers that follow the standards (Oxigraph "
            "server, Fuseki), `virtuoso` for Virtuoso 7 (its endpoints, pragmas and quirks)."
        ),
    )
    store_user: str | None = Field(
        default=None,
        description="Remote store only: user for writes (Basic auth; digest on Virtuoso).",
    )
    store_password: SecretStr | None = Field(
        default=None, description="Remote store only: password of `PACTGRAPH_STORE_USER`."
    )
    host: str = Field(default="127.0.0.1", description="Interface `pactgraph serve` binds to.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `pactgraph serve` binds to.")
    token: SecretStr | None = Field(
        default=None,
        description="Bearer token that allows writes. Unset: every write is refused.",
    )
    tokens_file: Path | None = Field(
        default=None,
        description="File of named write tokens, one `name:token` per line (alternative to TOKEN).",
    )
    query_timeout: float = Field(
        default=10.0, gt=0, description="Seconds a SPARQL query may run before it is stopped."
    )
    query_workers: int = Field(
        default=2,
        ge=1,
        le=32,
        description="Worker processes that run SPARQL queries on the embedded store.",
    )
    result_cap: int = Field(
        default=10_000, ge=1, description="Most rows a SPARQL SELECT returns before truncation."
    )
    max_body_bytes: int = Field(
        default=10 * 1024 * 1024, ge=1024, description="Largest request body accepted (413 above)."
    )
    datasets: str = Field(
        default_factory=_default_datasets,
        description=(
            "Directories (separated by `:`) searched for third-party datasets to import on first "
            "start. Default: ../shared/data when it exists."
        ),
    )
    allow_service: bool = Field(
        default=False, description="Allow SPARQL SERVICE (federation) and LOAD of remote URLs."
    )
    log_level: Literal["critical", "error", "warning", "info", "debug"] = Field(
        default="info", description="Log level of the service."
    )

    @cached_property
    def dataset_dirs(self) -> list[Path]:
        """The dataset directories that exist, in the order given."""
        return [Path(p) for p in self.datasets.split(os.pathsep) if p and Path(p).is_dir()]

    @property
    def store_kind(self) -> Literal["embedded", "memory", "remote"]:
        """Which store implementation the `store` setting selects."""
        if self.store == "memory":
            return "memory"
        if self.store.startswith(("http://", "https://")):
            return "remote"
        return "embedded"
