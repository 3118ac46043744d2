"""docs/ontology.md and README's ontology section are generated from the ontology and fresh."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.cli import main
from app.config import PROJECT_ROOT
from app.ontology import PG
from app.ontology_docs import DOCS_FILE, load_ontology, readme_section, update_docs


def test_generated_docs_are_up_to_date() -> None:
    stale = update_docs(PROJECT_ROOT, check=True)
    assert stale == [], "run `pactgraph docs` and commit the result"


def test_readme_shows_the_diagram_and_tables() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_section(load_ontology(PROJECT_ROOT)) in readme
    assert "```mermaid\nclassDiagram" in readme


@pytest.mark.parametrize("term", ["Agreement", "State", "LifecycleEvent", "Citation"])
def test_every_class_is_in_the_diagram_and_the_table(term: str) -> None:
    section = readme_section(load_ontology(PROJECT_ROOT))
    assert f"  class {term}" in section
    assert f"| `pg:{term}` |" in section


def test_relations_appear_with_their_hierarchy() -> None:
    section = readme_section(load_ontology(PROJECT_ROOT))
    assert "Actor --> Actor : sharesIntelligenceWith" in section
    assert "Agreement --> Actor : intermediary" in section
    row = next(line for line in section.splitlines() if line.startswith("| `pg:alliedWith`"))
    assert "`pg:hasAllianceWith`" in row and "symmetric" in row


def test_every_pg_class_and_property_is_documented() -> None:
    doc = (PROJECT_ROOT / DOCS_FILE).read_text(encoding="utf-8")
    for term in PG:
        assert f"`pg:{term.value.rsplit('#', 1)[1]}`" in doc, term


def test_docs_command_rewrites_stale_docs_and_check_reports_them(tmp_path: Path) -> None:
    for name in ("ontology", "docs"):
        shutil.copytree(PROJECT_ROOT / name, tmp_path / name)
    shutil.copy(PROJECT_ROOT / "README.md", tmp_path / "README.md")
    (tmp_path / DOCS_FILE).write_text("stale\n")
    assert update_docs(tmp_path, check=True) == [tmp_path / DOCS_FILE]
    assert update_docs(tmp_path) == [tmp_path / DOCS_FILE]
    assert update_docs(tmp_path, check=True) == []


def test_docs_check_exits_0_on_the_project() -> None:
    assert main(["docs", "--check"]) == 0
