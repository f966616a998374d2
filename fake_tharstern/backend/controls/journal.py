"""A bounded ring buffer of every request the fake answered (or dropped).

Each entry: ``seq, time, client, method, path, query, status, duration_ms`` plus, when recorded,
``fault`` (the fault that shaped the answer), ``request_body`` and ``response_body`` (truncated).
``status`` is None for a connection the fake dropped. Secrets in query strings (passwords,
tokens: judged by their decoded names, ``masking.py``) are masked by the gate before an entry is
recorded.
"""
from __future__ import annotations

import fnmatch
import itertools
import threading
from collections import deque
from typing import Any, Iterable


class Journal:
    def __init__(self, size: int = 1000) -> None:
        self._entries: deque[dict[str, Any]] = deque(maxlen=max(1, int(size)))
        self._lock = threading.Lock()
        self._seq = itertools.count(1)

    @property
    def size(self) -> int:
        return self._entries.maxlen or 0

    def record(self, entry: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            entry = {"seq": next(self._seq), **entry}
            self._entries.append(entry)
        return entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def entries(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        since_seq: int | None = None,
        status: int | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        with self._lock:
            found: Iterable[dict[str, Any]] = list(self._entries)
        if method:
            found = (e for e in found if e["method"].upper() == method.upper())
        if path:
            pattern = path.lower()
            found = (e for e in found if path_matches(pattern, e["path"]))
        if since_seq is not None:
            found = (e for e in found if e["seq"] > since_seq)
        if status is not None:
            found = (e for e in found if e["status"] == status)
        found = list(found)
        if limit is not None:
            found = found[-limit:] if limit > 0 else []
        return found


def path_matches(pattern: str, path: str) -> bool:
    """Case-insensitive glob on a request path. A pattern without a leading slash matches the
    end of the path after ``/api/`` too, so ``customers/create`` finds
    ``/TharsternAPI/api/customers/create``."""
    pattern = pattern.lower()
    path = path.lower()
    if fnmatch.fnmatchcase(path, pattern):
        return True
    if not pattern.startswith("/"):
        return fnmatch.fnmatchcase(path, "*/api/" + pattern) or fnmatch.fnmatchcase(path, "*/" + pattern)
    return False
