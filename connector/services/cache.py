"""The cache of Tharstern data: stock item lists, product types, customer lists.

A cachetools ``TLRUCache`` whose timer is the connector clock, so ``POST /_control/clock``
expires entries. Each entry lives for the ``cache_ttl_s`` of the storefront that stored it (0 =
not cached). Keys start with the storefront id, so one storefront's cache can be cleared
(``POST /cache/clear``) without touching the others. While one thread loads an entry, others
asking for the same key wait for it instead of calling Tharstern too. A load that was under way
when the cache was cleared (a reset, ``Clear cache``) answers its caller but stores nothing: what
it read may predate the clear, and a later reader would take it for data read after.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Callable, Hashable

from cachetools import TLRUCache

from tharstern_kit.clock import Clock

from .locks import KeyedLocks


@dataclass(frozen=True)
class Cached:
    value: Any
    ttl: float
    stored_at: float
    hit: bool = False


class TharsternCache:
    def __init__(self, clock: Clock, max_entries: int) -> None:
        self.clock = clock
        self._entries: TLRUCache = TLRUCache(max_entries, ttu=lambda _key, entry, now: now + entry.ttl,
                                             timer=clock.time)
        self._guard = threading.Lock()
        self._loading = KeyedLocks()
        self._clears = 0  # how many times entries were cleared: a load stores only if none happened meanwhile

    def _peek(self, key: tuple) -> Cached | None:
        with self._guard:
            return self._entries.get(key)

    def peek(self, storefront_id: int, key: tuple[Hashable, ...]) -> Cached | None:
        """The cached value, if there is one still fresh; never loads."""
        return self._peek((storefront_id, *key))

    def get(self, storefront_id: int, key: tuple[Hashable, ...], ttl: float, load: Callable[[], Any]) -> Cached:
        """The cached value for ``(storefront_id, *key)``, or ``load()``'s, stored for ``ttl`` s."""
        full_key = (storefront_id, *key)
        if ttl <= 0:
            return Cached(load(), 0, self.clock.time())
        found = self._peek(full_key)
        if found is not None:
            return Cached(found.value, found.ttl, found.stored_at, hit=True)
        with self._loading.hold(full_key):
            found = self._peek(full_key)
            if found is not None:
                return Cached(found.value, found.ttl, found.stored_at, hit=True)
            with self._guard:
                clears_before = self._clears
            entry = Cached(load(), ttl, self.clock.time())
            with self._guard:
                if self._clears == clears_before:
                    self._entries[full_key] = entry
            return entry

    def clear(self, storefront_id: int | None = None) -> int:
        """Forget one storefront's entries (all when None); returns how many were dropped."""
        with self._guard:
            self._clears += 1
            self._entries.expire()
            keys = [k for k in list(self._entries.keys()) if storefront_id is None or k[0] == storefront_id]
            for key in keys:
                self._entries.pop(key, None)
            return len(keys)
