"""What is computed from a store once per data version, and the one cache that keeps it.

Readers that summarise the whole store (the relation interval table of
:mod:`app.queries.intervals`, the networkx projections of :mod:`app.analytics.projection`)
build once per :attr:`~app.store.Store.data_version` and keep the result in a
:class:`VersionedCache` under :func:`version_key`. Writers bump the data version after every
change, which is what invalidates everything built before it.
"""

from __future__ import annotations

import threading
import uuid
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.store.base import Store

V = TypeVar("V")


@dataclass(frozen=True)
class CacheInfo:
    """Counters of a :class:`VersionedCache` (like :func:`functools.lru_cache`'s)."""

    hits: int
    misses: int
    size: int
    maxsize: int


class VersionedCache(Generic[V]):
    """A thread-safe bounded LRU of values built from a store.

    Builds run outside the lock, so two threads asking for the same missing key may both
    build it; the second result replaces the first. That costs time, never correctness.

    Examples
    --------
    >>> cache: VersionedCache[list[int]] = VersionedCache(maxsize=1)
    >>> v = cache.get_or_build("a", list)
    >>> cache.get_or_build("a", list) is v
    True
    >>> _ = cache.get_or_build("b", list)  # evicts "a"
    >>> cache.info()
    CacheInfo(hits=1, misses=2, size=1, maxsize=1)
    """

    def __init__(self, maxsize: int = 64) -> None:
        self.maxsize = maxsize
        self.hits = 0
        self.misses = 0
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_build(self, key: Hashable, build: Callable[[], V]) -> V:
        """The cached value for ``key``, or ``build()`` remembered."""
        with self._lock:
            if key in self._values:
                self.hits += 1
                self._values.move_to_end(key)
                return self._values[key]
            self.misses += 1
        value = build()
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.maxsize:
                self._values.popitem(last=False)
        return value

    def info(self) -> CacheInfo:
        """Hit and miss counters and the current size."""
        with self._lock:
            return CacheInfo(self.hits, self.misses, len(self._values), self.maxsize)

    def clear(self) -> None:
        """Forget every value and reset the counters."""
        with self._lock:
            self._values.clear()
            self.hits = self.misses = 0


# A token per live store object: two stores may report the same data version (a fresh store
# says "empty"), and id() values are reused after garbage collection, so neither identifies a
# store in a cache key. The weak map forgets a store when it goes away.
_STORE_TOKENS: weakref.WeakKeyDictionary[Store, str] = weakref.WeakKeyDictionary()
_TOKENS_LOCK = threading.Lock()


def version_key(store: Store) -> tuple[str, str]:
    """``(token of this store object, its data version)``: the key of anything built from it."""
    with _TOKENS_LOCK:
        token = _STORE_TOKENS.get(store)
        if token is None:
            token = _STORE_TOKENS[store] = uuid.uuid4().hex
    return token, store.data_version
