"""One page of a longer list: the items, how many there are in all, and where the page starts.

Every listing (states, agreements, sources, relation edges) returns a :class:`Page`, so clients
page through all of them the same way (``limit``/``offset``, ``total``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """``items`` is ``everything[offset:offset + limit]``; ``total`` counts everything."""

    items: list[T]
    total: int
    limit: int
    offset: int


def page(everything: Sequence[T], limit: int, offset: int) -> Page[T]:
    """Cut one page out of a full, already ordered list."""
    return Page(list(everything[offset : offset + limit]), len(everything), limit, offset)
