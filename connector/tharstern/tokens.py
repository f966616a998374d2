"""The token cache: one Tharstern token per connection (API URL, user, application id, password),
kept until shortly before its ``ExpiresDateTime`` on the connector clock (reference §6.2).

Only a fingerprint of the password is part of the key, so changing the password in the
settings asks for a new token. A lock per connection makes concurrent callers wait for one
token request instead of each making their own.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from tharstern_kit.clock import Clock


@dataclass(frozen=True)
class CachedToken:
    token: str
    expires_at: float  # epoch seconds

    def __repr__(self) -> str:  # a token is a credential: keep it out of logs and tracebacks
        return f"<CachedToken expires_at={self.expires_at}>"


def connection_key(api_root: str, email: str, application_id: str, password: str) -> tuple[str, str, str, str]:
    fingerprint = hashlib.sha256(password.encode("utf-8", "surrogatepass")).hexdigest()
    return (api_root.lower(), email.strip().lower(), application_id, fingerprint)


def parse_expiry(text: str | None) -> float | None:
    """``ExpiresDateTime`` → epoch seconds; a time without a zone is UTC; None if unreadable."""
    if not text or not isinstance(text, str):
        return None
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


class TokenCache:
    def __init__(self, clock: Clock, renew_margin_s: float, fallback_ttl_s: float) -> None:
        self.clock = clock
        self.renew_margin_s = renew_margin_s
        self.fallback_ttl_s = fallback_ttl_s
        self._tokens: dict[tuple, CachedToken] = {}
        self._locks: dict[tuple, threading.Lock] = {}
        self._guard = threading.Lock()

    def _lock_for(self, key: tuple) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    def valid(self, key: tuple) -> CachedToken | None:
        cached = self._tokens.get(key)
        if cached is not None and cached.expires_at - self.renew_margin_s > self.clock.time():
            return cached
        return None

    def get(self, key: tuple, fetch: Callable[[], tuple[str, str | None]]) -> str:
        """A valid cached token, or one from ``fetch()`` → (token, ExpiresDateTime)."""
        cached = self.valid(key)
        if cached is not None:
            return cached.token
        with self._lock_for(key):
            cached = self.valid(key)
            if cached is not None:
                return cached.token
            return self.store(key, *fetch()).token

    def store(self, key: tuple, token: str, expires: str | None) -> CachedToken:
        expires_at = parse_expiry(expires) or (self.clock.time() + self.fallback_ttl_s)
        cached = CachedToken(token, expires_at)
        with self._guard:
            self._tokens[key] = cached
        return cached

    def forget(self, key: tuple, token: str | None = None) -> None:
        """Drop the cached token (only if it is still ``token``, when given)."""
        with self._guard:
            cached = self._tokens.get(key)
            if cached is not None and (token is None or cached.token == token):
                del self._tokens[key]

    def clear(self) -> None:
        with self._guard:
            self._tokens.clear()
