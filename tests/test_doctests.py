"""Every example in a docstring of ``app`` runs, as numpydoc examples do in networkx.

Modules are found by their text (``>>>``) so a new example is picked up without a list here;
each module runs as one test with doctest's own comparison (ELLIPSIS on, for long reprs).
"""

from __future__ import annotations

import doctest
import importlib

import pytest

from app.config import PROJECT_ROOT

_WITH_EXAMPLES = sorted(
    ".".join(p.relative_to(PROJECT_ROOT).with_suffix("").parts).removesuffix(".__init__")
    for p in (PROJECT_ROOT / "app").rglob("*.py")
    if ">>> " in p.read_text(encoding="utf-8")
)


def test_the_examples_are_found() -> None:
    assert "app.vocab" in _WITH_EXAMPLES
    assert len(_WITH_EXAMPLES) >= 11


@pytest.mark.parametrize("name", _WITH_EXAMPLES)
def test_the_examples_of_a_module_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.attempted > 0, f"{name} has '>>> ' but no example doctest can run"
    assert result.failed == 0
