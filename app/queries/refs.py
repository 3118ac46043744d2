"""How answers name resources: :func:`local_id` and :class:`StateRef`; how served records say
what their fields mean (:func:`doc`) and that each is always there (:class:`Served`).

The query layer names every state it returns, so REST, pages and the CLI serve its records as
they are instead of each looking labels up again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar


def doc(description: str) -> dict[str, str]:
    """Field metadata saying what a served record's field means: ``field(metadata=doc(...))``.

    The REST API serves the query layer's dataclasses as they are; pydantic reads a
    dataclass field's ``metadata["description"]`` into the OpenAPI document, and the metadata
    travels with the field into subclasses (an attribute docstring would not), so the core
    documents its records without importing pydantic.
    """
    return {"description": description}


class Served:
    """Base of the records REST serves whose fields have defaults.

    A field with a default is still in every answer, so the OpenAPI document must list it as
    required; pydantic reads this class attribute as the dataclass's configuration (subclasses
    inherit it), which keeps the core free of pydantic imports.
    """

    __pydantic_config__: ClassVar[dict[str, bool]] = {
        "json_schema_serialization_defaults_required": True
    }


def local_id(iri: str) -> str:
    """The id a resource has in URLs: the last segment of its IRI (``.../state/KOR`` → ``KOR``).

    >>> local_id("https://w3id.org/pactgraph/id/state/KOR")
    'KOR'
    """
    return iri.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True, order=True)
class StateRef:
    """A state (or organisation) named in an answer; ordered by IRI, so sorted lists are stable."""

    iri: str
    id: str = field(metadata=doc("ISO 3166-1 alpha-3 code (states), else the IRI's last segment."))
    label: str

    @classmethod
    def of(cls, iri: str, labels: dict[str, str]) -> StateRef:
        """The reference to ``iri`` named from ``labels`` (its id when the label is missing)."""
        ident = local_id(iri)
        return cls(iri, ident, labels.get(iri, ident))
