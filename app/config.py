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

#: The source checkout's root (docs/, the sibling shared/ data). The bundled graph is read
#: from the package instead (:data:`app.bundle.BUNDLE_ROOT`), so it is found when installed.
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
    sparql_max_bytes: int = Field(
        default=64 * 1024,
        ge=1024,
        description=(
            "Largest SPARQL query or update text in bytes (413 above): every text is parsed "
            "and checked before it runs. Bulk data goes through POST /api/v1/ingest."
        ),
    )
    sparql_max_depth: int = Field(
        default=24,
        ge=4,
        le=64,
        description="Deepest nesting of `{ ( [` in a SPARQL text (400 above).",
    )
    sparql_per_client: int | None = Field(
        default=None,
        ge=1,
        description=(
            "SPARQL requests one client (remote address) may have running at once; more are "
            "answered 429 with Retry-After. Default: PACTGRAPH_QUERY_WORKERS - 1, at least 1, "
            "so one client never holds every worker."
        ),
    )
    max_body_bytes: int = Field(
        default=10 * 1024 * 1024, ge=1024, description="Largest request body accepted (413 above)."
    )
    max_nesting_depth: int = Field(
        default=64,
        ge=2,
        le=10_000,
        description=(
            "Deepest nesting of JSON-LD objects/arrays or RDF/XML elements in a written body "
            "(422 above, checked before parsing)."
        ),
    )
    max_blank_nodes: int = Field(
        default=20_000,
        ge=1,
        description="Most distinct blank nodes in one written body (422 above, before hashing).",
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
    warm_up: bool = Field(
        default=True,
        description=(
            "Build the relation interval table and the explorer's default view at start-up, "
            "before the server takes requests, so the first visitor does not wait for them."
        ),
    )

    @cached_property
    def dataset_dirs(self) -> list[Path]:
        """The dataset directories that exist, in the order given."""
        return [Path(p) for p in self.datasets.split(os.pathsep) if p and Path(p).is_dir()]

    @property
    def sparql_client_limit(self) -> int:
        """``sparql_per_client``, or its default: one less than the query workers, at least 1."""
        if self.sparql_per_client is not None:
            return self.sparql_per_client
        return max(1, self.query_workers - 1)

    @property
    def store_kind(self) -> Literal["embedded", "memory", "remote"]:
        """Which store implementation the `store` setting selects."""
        if self.store == "memory":
            return "memory"
        if self.store.startswith(("http://", "https://")):
            return "remote"
        return "embedded"
