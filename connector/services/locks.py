"""Locks by key, held in the app (never at module level): one per customer for link-or-create,
one per cache entry while it loads. Unused locks disappear with their last holder."""
from __future__ import annotations

import threading
import weakref
from contextlib import contextmanager
from typing import Hashable, Iterator


class _KeyLock:
    __slots__ = ("lock", "__weakref__")

    def __init__(self) -> None:
        self.lock = threading.Lock()


class KeyedLocks:
    def __init__(self) -> None:
        self._locks: "weakref.WeakValueDictionary[Hashable, _KeyLock]" = weakref.WeakValueDictionary()
        self._guard = threading.Lock()

    def _get(self, key: Hashable) -> _KeyLock:
        with self._guard:
            holder = self._locks.get(key)
            if holder is None:
                holder = _KeyLock()
                self._locks[key] = holder
            return holder

    @contextmanager
    def hold(self, key: Hashable, timeout_s: float = -1) -> Iterator[None]:
        holder = self._get(key)  # kept alive by this frame while held
        if not holder.lock.acquire(timeout=timeout_s):
            raise TimeoutError(f"waited {timeout_s:g} s for {key!r}")
        try:
            yield
        finally:
            holder.lock.release()
