"""What is computed from a store once per data version, and the one cache that keeps it.

Readers that summarise the whole store (the relation interval table of
:mod:`app.queries.intervals`, the networkx projections of :mod:`app.analytics.projection`)
build once per :attr:`~app.store.Store.data_version` and keep the result in a
:class:`VersionedCache` under :func:`version_key`. Writers bump the data version after every
change, which is what invalidates everything built before it.
"""

from __future__ import annotations

import logging
import threading
import uuid
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.store.base import Store

V = TypeVar("V")
_log = logging.getLogger(__name__)


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
        self._building: dict[Hashable, threading.Lock] = {}

    def get_or_build(self, key: Hashable, build: Callable[[], V]) -> V:
        """The cached value for ``key``, or ``build()`` remembered.

        One build per key at a time: a caller asking while another builds the same key waits
        for that build instead of repeating it (a cold start under load builds once).
        """
        with self._lock:
            if key in self._values:
                self.hits += 1
                self._values.move_to_end(key)
                return self._values[key]
            self.misses += 1
            building = self._building.setdefault(key, threading.Lock())
        with building:
            with self._lock:
                if key in self._values:
                    self._values.move_to_end(key)
                    return self._values[key]
            try:
                value = build()
                self.put(key, value)
            finally:
                with self._lock:
                    self._building.pop(key, None)
        return value

    def peek(self, key: Hashable) -> V | None:
        """The cached value for ``key`` if there is one, without counting or building."""
        with self._lock:
            return self._values.get(key)

    def put(self, key: Hashable, value: V) -> None:
        """Remember ``value`` for ``key`` (evicting the least recently used past ``maxsize``)."""
        with self._lock:
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self.maxsize:
                self._values.popitem(last=False)

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


def store_token(store: Store) -> str:
    """A token naming this store object for as long as it lives."""
    with _TOKENS_LOCK:
        token = _STORE_TOKENS.get(store)
        if token is None:
            token = _STORE_TOKENS[store] = uuid.uuid4().hex
    return token


def version_key(store: Store) -> tuple[str, str]:
    """``(token of this store object, its data version)``: the key of anything built from it."""
    return store_token(store), store.data_version


#: Called after every write with the store, the data versions before and after it, and the
#: agreements whose derived data the write recomputed (``None``: everything may have changed).
WriteListener = Callable[[Store, str, str, "frozenset[str] | None"], None]
_LISTENERS: list[WriteListener] = []


def on_write(listener: WriteListener) -> WriteListener:
    """Register ``listener`` to be told of every write (usable as a decorator).

    Readers that keep something per data version (:mod:`app.queries.intervals`) sit above the
    writers in the layers, so the writer tells them through this list rather than importing
    them; a listener may carry its value over to the new version instead of rebuilding it.
    """
    _LISTENERS.append(listener)
    return listener


def written(store: Store, before: str, after: str, agreements: frozenset[str] | None) -> None:
    """Tell every listener that a write moved ``store`` from data version ``before`` to
    ``after``. A listener's failure never fails the write: the reader rebuilds on demand."""
    for listener in list(_LISTENERS):
        try:
            listener(store, before, after, agreements)
        except Exception:  # a cache refresh must not undo a committed write
            _log.exception("write listener %r failed; its readers will rebuild", listener)
