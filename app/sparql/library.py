"""The library of example research queries (``app/sparql/examples/*.rq``).

Each file opens with comment lines ``# title: ...`` and ``# description: ...`` (the
description may continue on following ``#`` lines), then the query without its PREFIX lines:
the query page and the tests put :data:`app.ontology.SPARQL_PREFIXES` in front, as a
researcher's editor does. A file may also say ``# needs: <graph IRI prefix>`` when it only
returns rows once a third-party dataset is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.ontology import SPARQL_PREFIXES

EXAMPLES_DIR = Path(__file__).parent / "examples"


@dataclass(frozen=True)
class Example:
    """One example query: file stem, title, description and the query with its prefixes."""

    name: str
    title: str
    description: str
    body: str
    needs: str | None = None

    @property
    def query(self) -> str:
        """The runnable query: the project's prefixes, then the body."""
        return SPARQL_PREFIXES + self.body


def parse_example(name: str, text: str) -> Example:
    """Split an example file into its header fields and its query body."""
    fields: dict[str, str] = {}
    lines = text.splitlines()
    key = None
    index = 0
    for index, line in enumerate(lines):  # noqa: B007 - index is the body's start below
        if not line.startswith("#"):
            break
        content = line.lstrip("#").strip()
        head, sep, rest = content.partition(":")
        if sep and head in ("title", "description", "needs"):
            key = head
            fields[key] = rest.strip()
        elif key is not None and content:
            fields[key] += " " + content
    else:
        index = len(lines)
    if "title" not in fields:
        raise ValueError(f"example {name} has no `# title:` line")
    return Example(
        name,
        fields["title"],
        fields.get("description", ""),
        "\n".join(lines[index:]).strip() + "\n",
        fields.get("needs"),
    )


def load_examples() -> list[Example]:
    """Every example, in file-name order (the files are numbered)."""
    return [parse_example(p.stem, p.read_text()) for p in sorted(EXAMPLES_DIR.glob("*.rq"))]
