"""How answers name resources: :func:`local_id` and :class:`StateRef`.

The query layer names every state it returns, so REST, pages and the CLI serve its records as
they are instead of each looking labels up again.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    #: ISO 3166-1 alpha-3 code (states) or the IRI's last segment.
    id: str
    label: str

    @classmethod
    def of(cls, iri: str, labels: dict[str, str]) -> StateRef:
        """The reference to ``iri`` named from ``labels`` (its id when the label is missing)."""
        ident = local_id(iri)
        return cls(iri, ident, labels.get(iri, ident))
