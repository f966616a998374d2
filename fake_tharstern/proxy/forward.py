"""Sending one request on to the real Tharstern and bringing its answer back unchanged.

The path under the fake's API base path is appended to the upstream API base (``--proxy-to``), the
raw query string is kept as the caller wrote it (``id[0]=…`` stays that way), the headers go on
except hop-by-hop ones and ``Host``. The answer comes back with its status, its body byte for byte
and its headers except hop-by-hop ones (``Content-Length`` is recomputed; a compressed answer is
asked for uncompressed, and decoded if the server compresses anyway). What the real server did when
it did not answer is kept as it happened: a refused or unresolvable connection is a 502, a
timeout a 504 (both with a ``{"Message"}`` body naming the server and the
``X-Fake-Tharstern-Proxy: error`` header), and a connection it closed without answering is closed
on the caller too.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import requests

from ..backend.controls.masking import strip_userinfo

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "trailers", "transfer-encoding", "upgrade", "host", "content-length", "accept-encoding",
              "content-encoding"}


@dataclass
class Answer:
    """What came back from upstream (``error`` set when nothing usable did)."""

    status: int | None
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    error: dict[str, str] | None = None   # {"kind": refused|unreachable|timeout|dropped, "message"}
    duration_ms: float = 0.0

    @property
    def dropped(self) -> bool:
        return self.error is not None and self.error.get("kind") == "dropped"


class Forwarder:
    def __init__(self, upstream: str, *, connect_timeout_s: float = 10.0, read_timeout_s: float = 60.0,
                 verify: bool | str = True) -> None:
        self.verify = verify   # True, or the path of a CA bundle for a server with its own certificate authority
        self.upstream = upstream.rstrip("/")
        self.shown = strip_userinfo(self.upstream)
        self.timeouts = (connect_timeout_s, read_timeout_s)
        self._local = threading.local()

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.trust_env = False   # no proxy or .netrc from the environment: exactly this server
            session.verify = self.verify
            self._local.session = session
        return session

    def url_for(self, sub_path: str, query: str) -> str:
        return self.upstream + sub_path + (f"?{query}" if query else "")

    def forward(self, method: str, sub_path: str, query: str, headers: list[tuple[str, str]], body: bytes) -> Answer:
        url = self.url_for(sub_path, query)
        sent = [(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP]
        sent.append(("Accept-Encoding", "identity"))
        started = time.perf_counter()
        try:
            response = self._session().request(method, url, headers=dict(sent), data=body or None,
                                               timeout=self.timeouts, allow_redirects=False)
            content = response.content
        except requests.ConnectTimeout:
            return self._failed(started, 504, "timeout", f"{self.shown} did not accept a connection within "
                                f"{self.timeouts[0]:g} s (connect timeout)")
        except requests.ReadTimeout:
            return self._failed(started, 504, "timeout", f"{self.shown} did not answer within "
                                f"{self.timeouts[1]:g} s (read timeout)")
        except requests.ConnectionError as error:
            return self._connection_failed(started, error)
        except requests.RequestException as error:
            return self._failed(started, 502, "unreachable", f"{self.shown} could not be asked: {error}")
        answer_headers = [(k, v) for k, v in response.raw.headers.items() if k.lower() not in HOP_BY_HOP]
        return Answer(response.status_code, answer_headers, content, None, _ms(started))

    def _connection_failed(self, started: float, error: Exception) -> Answer:
        text = str(error)
        lowered = text.lower()
        if any(word in lowered for word in ("remotedisconnected", "connection aborted", "connection reset",
                                            "without response", "badstatusline")):
            return Answer(None, error={"kind": "dropped",
                                       "message": f"{self.shown} closed the connection without an answer"},
                          duration_ms=_ms(started))
        if "refused" in lowered:
            return self._failed(started, 502, "refused", f"{self.shown} refused the connection")
        if "certificate" in lowered:
            return self._failed(started, 502, "unreachable", f"the TLS certificate of {self.shown} is not trusted "
                                "(give its certificate authority with --proxy-ca-bundle)")
        if any(word in lowered for word in ("name or service", "nodename", "getaddrinfo", "name resolution")):
            return self._failed(started, 502, "unreachable", f"the host of {self.shown} is unknown")
        return self._failed(started, 502, "unreachable", f"{self.shown} could not be reached: {_short(text)}")

    @staticmethod
    def _failed(started: float, status: int, kind: str, message: str) -> Answer:
        body = json.dumps({"Message": f"The recording proxy got no answer: {message}."}).encode()
        return Answer(status, [("Content-Type", "application/json; charset=utf-8"),
                               ("X-Fake-Tharstern-Proxy", "error")], body,
                      {"kind": kind, "message": message}, _ms(started))


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


def raw_headers(environ: dict[str, Any]) -> list[tuple[str, str]]:
    """The request headers of a WSGI environ, as the caller named them (as far as WSGI keeps it)."""
    found = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            found.append((key[5:].replace("_", "-").title(), value))
    if environ.get("CONTENT_TYPE"):
        found.append(("Content-Type", environ["CONTENT_TYPE"]))
    return found
