"""The token cache: one Tharstern token per connection (API URL, user, application id, password),
kept until shortly before it expires (reference §6.2).

How long a token lives is read from its ``ExpiresDateTime`` against the connector's clock. When
that says the token has expired already on arrival, the clocks disagree (a moved test clock, a
server with the wrong time): the life is then read against Tharstern's own clock, the ``Date``
header of the answer that brought the token, or, without one, is ``fallback_ttl_s`` (a warning
is logged). Either way it is counted on the connector's clock from the moment the token arrived.
Judging a new token expired on arrival made the connector ask for a new one at every call —
and since Tharstern keeps one token per user and application, each took the token from under
the calls in flight (two 401s, and an order line left without its job number).

Only a fingerprint of the password is part of the key, so changing the password in the
settings asks for a new token. A lock per connection makes concurrent callers wait for one
token request instead of each making their own.
"""
from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Callable

from tharstern_kit.clock import Clock

log = logging.getLogger("connector.tharstern")


@dataclass(frozen=True)
class IssuedToken:
    """A token as Tharstern gave it: its ``ExpiresDateTime`` and the answer's ``Date`` header."""
    token: str
    expires: str | None = None
    server_date: str | None = None

    def __repr__(self) -> str:
        return f"<IssuedToken expires={self.expires!r}>"


@dataclass(frozen=True)
class CachedToken:
    token: str
    renew_at: float  # epoch seconds on the connector's clock

    def __repr__(self) -> str:  # a token is a credential: keep it out of logs and tracebacks
        return f"<CachedToken renew_at={self.renew_at}>"


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


def parse_http_date(text: str | None) -> float | None:
    """An HTTP ``Date`` header → epoch seconds; None if missing or unreadable."""
    if not text:
        return None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()


def lifetime_s(issued: IssuedToken, local_now: float) -> float | None:
    """How many seconds the token has left: by the connector's clock, or, when that says none, by
    Tharstern's (the answer's ``Date``); None when neither can tell."""
    expires = parse_expiry(issued.expires)
    if expires is None:
        return None
    if expires > local_now:
        return expires - local_now
    server_now = parse_http_date(issued.server_date)
    return expires - server_now if server_now is not None and expires > server_now else None


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
        if cached is not None and cached.renew_at > self.clock.time():
            return cached
        return None

    def get(self, key: tuple, fetch: Callable[[], IssuedToken]) -> str:
        """A valid cached token, or a new one from ``fetch()``."""
        cached = self.valid(key)
        if cached is not None:
            return cached.token
        with self._lock_for(key):
            cached = self.valid(key)
            if cached is not None:
                return cached.token
            return self.store(key, fetch()).token

    def store(self, key: tuple, issued: IssuedToken) -> CachedToken:
        """Keep a token just received until ``renew_margin_s`` (at most half its life) before it
        expires, counted on the connector's clock from now."""
        now = self.clock.time()
        lifetime = lifetime_s(issued, now)
        if lifetime is None:
            if issued.expires is not None:
                log.warning("Tharstern's token expiry %s is not in the future by the connector's clock: the clocks "
                            "disagree; keeping the token for %g s", issued.expires, self.fallback_ttl_s)
            lifetime = self.fallback_ttl_s
        cached = CachedToken(issued.token, now + lifetime - min(self.renew_margin_s, lifetime / 2))
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
