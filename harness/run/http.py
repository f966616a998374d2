"""The harness's HTTP client: every request it makes to either server, and the answer, goes into
the scenario's timeline (secrets masked, bodies shortened).

Calls to the fake are made from ``harness_ip`` when one is set (a loopback address of its own,
127.0.0.9 by default in-process), so the fake's journal tells the harness's own calls from the
connector's.
"""
from __future__ import annotations

import json
import os
import re
import socket
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Callable

import requests
from requests.adapters import HTTPAdapter

BODY_LIMIT = 4000
STATE_CHANGES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SECRET_KEY = re.compile(r"password|secret|token", re.IGNORECASE)
SECRET_QUERY = re.compile(r"((?:^|[?&])[^=&]*(?:password|secret)[^=&]*=)[^&]*", re.IGNORECASE)
# The control planes let callers elsewhere in only with their token: the harness sends the one
# each server is configured with (the same environment variables), on every call to that server.
CONTROL_TOKEN_VARIABLES = {"tharstern": "FAKE_THARSTERN_CONTROL_TOKEN", "connector": "CONNECTOR_CONTROL_TOKEN"}


def control_headers(side: str) -> dict[str, str]:
    """``X-Control-Token`` for ``side`` (tharstern | connector) when its variable is set, and for the
    connector ``Authorization: Bearer`` with ``CONNECTOR_API_TOKEN`` when that is set; never recorded."""
    token = os.environ.get(CONTROL_TOKEN_VARIABLES[side], "")
    headers = {"X-Control-Token": token} if token else {}
    api_token = os.environ.get("CONNECTOR_API_TOKEN", "") if side == "connector" else ""
    if api_token:
        headers["Authorization"] = f"Bearer {api_token}"
    return headers


class NotJson:
    def __repr__(self) -> str:
        return "not JSON"

    def __reduce__(self) -> str:
        return "NOT_JSON"  # the one instance, also after a trip between processes (tharness run -n)


NOT_JSON = NotJson()


@dataclass
class Answer:
    """What came back: a status and body, or ``error`` when no answer came at all."""

    status: int | None
    headers: dict[str, str] = field(default_factory=dict)
    text: str = ""
    json: Any = NOT_JSON
    error: str | None = None
    duration_ms: float = 0.0

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == lowered), None)


@dataclass
class Exchange:
    """One request the harness made, for the timeline and the reports."""

    side: str  # connector | tharstern
    purpose: str  # step, reset, given, token, poll, clock, journal, deliveries, check
    method: str
    url: str
    at_ms: float
    request_body: str | None = None
    status: int | None = None
    response_body: str = ""
    duration_ms: float = 0.0
    error: str | None = None
    wall_at: float = 0.0  # seconds since the epoch when the request was sent (for HAR and the timeline)
    request_headers: dict[str, str] = field(default_factory=dict)  # as sent, secrets masked
    response_headers: dict[str, str] = field(default_factory=dict)

    def line(self) -> str:
        outcome = self.status if self.status is not None else f"no answer ({self.error})"
        return f"{self.side} {self.method} {self.url} → {outcome} ({self.duration_ms:.0f} ms)"


class SourceAddressAdapter(HTTPAdapter):
    def __init__(self, address: str, **kwargs: Any) -> None:
        self.source_address = (address, 0)
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = self.source_address
        super().init_poolmanager(*args, **kwargs)


def can_bind(address: str) -> bool:
    """Whether this machine lets a socket use ``address`` as its source (Linux: all of 127/8)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind((address, 0))
        return True
    except OSError:
        return False


class HttpSessions:
    """The harness's two HTTP sessions, one per server, kept for a whole run so that their
    connections stay open from one request and one scenario to the next (the servers keep them
    alive). Each scenario starts with no cookies and with the control headers read afresh, as a
    session of its own would."""

    def __init__(self, source_address: str | None = None) -> None:
        self.connector = requests.Session()
        self.tharstern = requests.Session()
        self.connector.trust_env = self.tharstern.trust_env = environment_says_anything()
        if source_address:
            adapter = SourceAddressAdapter(source_address)
            self.tharstern.mount("http://", adapter)
            self.tharstern.mount("https://", adapter)

    def for_scenario(self) -> "HttpSessions":
        for side in ("connector", "tharstern"):
            session = getattr(self, side)
            session.cookies.clear()
            for name in ("X-Control-Token", "Authorization"):
                session.headers.pop(name, None)
            session.headers.update(control_headers(side))
        return self

    def close(self) -> None:
        self.connector.close()
        self.tharstern.close()


def environment_says_anything() -> bool:
    """Whether requests' reading of the environment at every request (proxy variables, CA bundle
    variables, a netrc file) could change anything: when nothing of it is set, reading it costs
    about a quarter of a millisecond per request for nothing, so the sessions skip it."""
    if urllib.request.getproxies() or os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE"):
        return True
    netrc = os.environ.get("NETRC")
    files = [netrc] if netrc else [os.path.join(os.path.expanduser("~"), name) for name in (".netrc", "_netrc")]
    return any(os.path.exists(f) for f in files)


class RecordingClient:
    """Sends requests for one scenario and appends an ``Exchange`` per request to ``record``.
    With ``sessions`` (the run's, ``HttpSessions``) its connections are reused and left open at
    ``close()``; without, it has sessions of its own and closes them."""

    def __init__(self, record: Callable[[Exchange], None], *, source_address: str | None = None,
                 started: float | None = None, sessions: HttpSessions | None = None,
                 before_send: Callable[..., None] | None = None) -> None:
        self.record = record
        self.before_send = before_send  # (side, url, params, json, data, headers): told of every request first
        self.started = started if started is not None else time.perf_counter()
        self._owned = sessions is None
        self.sessions = (sessions or HttpSessions(source_address)).for_scenario()
        self.connector = self.sessions.connector
        self.tharstern = self.sessions.tharstern

    def close(self) -> None:
        if self._owned:
            self.sessions.close()

    def send(self, side: str, method: str, url: str, *, purpose: str = "step", json_body: Any = None,
             data: str | None = None, params: dict | None = None, headers: dict | None = None,
             auth: tuple[str, str] | None = None, timeout_s: float = 10.0, record: bool = True) -> Answer:
        session = self.connector if side == "connector" else self.tharstern
        if self.before_send is not None:
            self.before_send(side, url, params, json_body, data, headers)
        kwargs: dict[str, Any] = {"params": params, "headers": {k: str(v) for k, v in (headers or {}).items()},
                                  "auth": auth, "timeout": timeout_s}
        if json_body is not None:
            kwargs["json"] = json_body
        elif data is not None:
            kwargs["data"] = data.encode("utf-8")
        elif method.upper() in STATE_CHANGES and not any(k.lower() == "content-type" for k in kwargs["headers"]):
            kwargs["headers"]["Content-Type"] = "application/json"  # both servers require it, bodiless or not
        exchange = Exchange(side, purpose, method, url, at_ms=self._now_ms(),
                            request_body=_masked_body(json_body, data), wall_at=time.time())
        started = time.perf_counter()
        try:
            response = session.request(method, url, **kwargs)
        except requests.RequestException as error:
            answer = Answer(None, error=_why(error, timeout_s))
        else:
            answer = Answer(response.status_code, dict(response.headers), response.text, _json_of(response))
            exchange.url = _masked_url(response.url)
            exchange.request_headers = _masked_headers(response.request.headers)
            exchange.response_headers = dict(response.headers)
        answer.duration_ms = (time.perf_counter() - started) * 1000
        exchange.status, exchange.error = answer.status, answer.error
        exchange.response_body = _shorten(answer.text)
        exchange.duration_ms = answer.duration_ms
        if record:
            self.record(exchange)
        return answer

    def _now_ms(self) -> float:
        return (time.perf_counter() - self.started) * 1000


def _json_of(response: requests.Response) -> Any:
    if not response.content:
        return NOT_JSON
    try:
        return response.json()
    except ValueError:
        return NOT_JSON


def _why(error: requests.RequestException, timeout_s: float) -> str:
    if isinstance(error, requests.Timeout):
        return f"no answer within {timeout_s:g} s"
    if isinstance(error, requests.ConnectionError):
        text = str(error)
        if "RemoteDisconnected" in text or "Connection aborted" in text or "reset by peer" in text.lower():
            return "the connection was closed without an answer"
        if "refused" in text.lower():
            return "connection refused (is the server running?)"
        return f"connection failed: {text[:200]}"
    return f"{type(error).__name__}: {str(error)[:200]}"


def mask(value: Any) -> Any:
    """``value`` with the values of secret-looking keys replaced by ``***``."""
    if isinstance(value, dict):
        return {k: "***" if isinstance(k, str) and SECRET_KEY.search(k) and isinstance(v, str) else mask(v)
                for k, v in value.items()}
    if isinstance(value, list):
        return [mask(v) for v in value]
    return value


def _masked_body(json_body: Any, data: str | None) -> str | None:
    if json_body is not None:
        return _shorten(json.dumps(mask(json_body), ensure_ascii=False))
    if data is not None:
        return _shorten(data)
    return None


SECRET_HEADERS = ("authorization", "x-control-token", "cookie", "x-tharstern-signature", "webhook-signature")


def _masked_headers(headers: Any) -> dict[str, str]:
    return {k: "***" if k.lower() in SECRET_HEADERS else str(v) for k, v in headers.items()}


def _masked_url(url: str) -> str:
    return SECRET_QUERY.sub(r"\1***", url)


def _shorten(text: str, limit: int = BODY_LIMIT) -> str:
    return text if len(text) <= limit else text[:limit] + f"… ({len(text) - limit} more characters)"
