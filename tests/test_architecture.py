"""The import rule of ARCHITECTURE.md: every layer imports only the layers below it.

Imports are read with :mod:`ast` from the source, so an import inside a function counts as
much as one at the top. A new top-level module or package of ``app`` must be given a layer
here (and in ARCHITECTURE.md) before this test passes.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.config import PROJECT_ROOT

APP = PROJECT_ROOT / "app"

#: Layer of each top-level unit of ``app``, lowest first (ARCHITECTURE.md, "What may import what").
LAYERS: dict[str, int] = {
    # the package itself, settings, errors, namespace strings
    "app": 0,
    "config": 0,
    "errors": 0,
    "namespaces": 0,
    # the bundled graph shipped as package data
    "bundle": 0,
    # the graph registry; the media-type table and Accept parser
    "graphs": 1,
    "media": 1,
    # the store
    "store": 2,
    # the vocabulary, then the ontology's terms, relation table and as-of rule
    "vocab": 3,
    "ontology": 4,
    # the as-of rule materialised, for readers and writers
    "asof": 5,
    # domain questions, writes, derivation rules, ontology documentation
    "queries": 6,
    "ingest": 6,
    "rules": 6,
    "ontology_docs": 6,
    # analytics, text extraction, the SPARQL service
    "analytics": 7,
    "extract": 7,
    "panels": 7,
    "sparql": 7,
    # pages and pictures
    "views": 8,
    # REST; the command line, which also serves the REST app
    "api": 9,
    "cli": 10,
    "cli_analytics": 10,
    "cli_panels": 10,
}

#: Web frameworks: only the REST layer speaks HTTP.
_WEB = {"fastapi", "starlette"}


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every import in ``path``, relative ones resolved."""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.append((node.lineno, module))
    return found


_SOURCES = sorted(APP.rglob("*.py"))


def test_every_unit_of_app_has_a_layer() -> None:
    units = {_unit(_module_name(p)) for p in _SOURCES}
    assert units - LAYERS.keys() == set(), (
        "give the new module a layer (and a line in ARCHITECTURE.md)"
    )


def _upward(own: str, imports: list[tuple[int, str]]) -> list[str]:
    """The imports of ``app`` units in a layer not below ``own``'s."""
    return [
        f"line {line}: {module} (layer {LAYERS.get(_unit(module))}, {own} is {LAYERS[own]})"
        for line, module in imports
        if module.split(".")[0] == "app"
        and _unit(module) != own
        and LAYERS.get(_unit(module), len(LAYERS)) >= LAYERS[own]
    ]


@pytest.mark.parametrize("path", _SOURCES, ids=lambda p: str(p.relative_to(APP)))
def test_a_module_imports_only_layers_below_its_own(path: Path) -> None:
    assert _upward(_unit(_module_name(path)), _imports(path)) == []


@pytest.mark.parametrize("path", _SOURCES, ids=lambda p: str(p.relative_to(APP)))
def test_nothing_below_the_rest_layer_imports_a_web_framework(path: Path) -> None:
    if _unit(_module_name(path)) == "api":
        return
    web = [f"line {line}: {m}" for line, m in _imports(path) if m.split(".")[0] in _WEB]
    assert web == []


def test_the_rule_catches_an_upward_import_and_allows_a_downward_one() -> None:
    assert len(_upward("queries", [(1, "app.api.app"), (2, "app.views")])) == 2
    assert _upward("queries", [(1, "app.ontology"), (2, "app.queries.paths"), (3, "os")]) == []
