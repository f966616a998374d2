"""HTTP sessions to Tharstern: one per outgoing IP, each binding that source address, with
urllib3 ``Retry`` for idempotent calls.

Binding the source address is what "call from the storefront's outgoing IP" means on a real
host (the machine has several addresses; Tharstern's firewall allowlists one). Retries: connect
errors for any method (nothing was sent yet), dropped connections and 502/503/504 for GET only;
a read timeout is never retried (the wait already happened) and ``Retry-After`` is not honoured
(a server must not make a request thread sleep for as long as it likes).
"""
from __future__ import annotations

import threading

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from ..logging_filters import install_secret_filters

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})


class NoReadTimeoutRetry(Retry):
    """``Retry`` that counts a read timeout as an "other" error, which is not retried."""

    def _is_read_error(self, err: Exception) -> bool:
        return not isinstance(err, ReadTimeoutError) and super()._is_read_error(err)


def make_retry(retries: int, backoff_s: float) -> Retry:
    return NoReadTimeoutRetry(
        total=retries, connect=retries, read=retries, status=retries, other=0, redirect=3,
        allowed_methods=IDEMPOTENT, status_forcelist=(502, 503, 504), backoff_factor=backoff_s,
        raise_on_status=False, raise_on_redirect=False, respect_retry_after_header=False,
    )


class SourceAddressAdapter(HTTPAdapter):
    def __init__(self, source_ip: str, retry: Retry) -> None:
        self.source_ip = source_ip
        super().__init__(max_retries=retry, pool_connections=4, pool_maxsize=16)

    def init_poolmanager(self, connections, maxsize, block=False, **pool_kwargs):
        pool_kwargs["source_address"] = (self.source_ip, 0)
        super().init_poolmanager(connections, maxsize, block=block, **pool_kwargs)


class HttpSessions:
    """``requests`` sessions by outgoing IP, made on first use. ``trust_env`` is off: no proxy
    or .netrc from the environment may change where (or as whom) the connector calls."""

    def __init__(self, retries: int, backoff_s: float) -> None:
        install_secret_filters()  # urllib3 logs request lines, query (the password) included
        self.retries = retries
        self.backoff_s = backoff_s
        self._sessions: dict[str, requests.Session] = {}
        self._lock = threading.Lock()

    def for_source(self, source_ip: str) -> requests.Session:
        with self._lock:
            session = self._sessions.get(source_ip)
            if session is None:
                session = requests.Session()
                session.trust_env = False
                adapter = SourceAddressAdapter(source_ip, make_retry(self.retries, self.backoff_s))
                session.mount("http://", adapter)
                session.mount("https://", adapter)
                session.headers.update({"Accept": "application/json", "User-Agent": "connect-tharstern-connector/1.0"})
                self._sessions[source_ip] = session
            return session

    def close(self) -> None:
        with self._lock:
            for session in self._sessions.values():
                session.close()
            self._sessions.clear()
