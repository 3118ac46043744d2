"""The write-token check shared by every write endpoint (SPARQL Update, Graph Store, ingest)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import SecretStr

from app.api.auth import check_write_token
from app.config import Settings
from app.errors import Forbidden, Unauthorized


def test_no_token_configured_switches_writes_off() -> None:
    with pytest.raises(Forbidden, match="PACTGRAPH_TOKEN"):
        check_write_token(Settings(store="memory"), "Bearer anything")


def test_missing_header_is_401_and_wrong_token_is_403() -> None:
    settings = Settings(store="memory", token=SecretStr("s3cret"))
    with pytest.raises(Unauthorized):
        check_write_token(settings, None)
    with pytest.raises(Unauthorized):
        check_write_token(settings, "Basic czNjcmV0")
    with pytest.raises(Forbidden, match="not valid"):
        check_write_token(settings, "Bearer s3cre")
    assert check_write_token(settings, "Bearer s3cret") == "default"


def test_tokens_file_names_the_writer_and_is_reread_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    path.write_text("# writers\nalice:token-a\nbob:token-b\n")
    settings = Settings(store="memory", tokens_file=path)
    assert check_write_token(settings, "Bearer token-b") == "bob"
    path.write_text("carol:token-c\n")
    os.utime(path, ns=(1, 1))
    with pytest.raises(Forbidden):
        check_write_token(settings, "Bearer token-b")
    assert check_write_token(settings, "bearer token-c") == "carol"


def test_unreadable_tokens_file_keeps_writes_off(tmp_path: Path) -> None:
    settings = Settings(store="memory", tokens_file=tmp_path / "absent")
    with pytest.raises(Forbidden, match="cannot be read"):
        check_write_token(settings, "Bearer x")
