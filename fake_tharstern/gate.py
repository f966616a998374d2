"""The gate: WSGI middleware in front of the Flask app, where a firewall and a flaky network sit.

For requests under the API base path it
1. spells the path canonically (the real API answers ``/tharsternapi/API/Products`` too);
2. applies the IP allowlist to the client address (the socket peer; the first
   ``X-Forwarded-For`` address only with ``trust_proxy``): ``drop``, ``hang`` or ``forbidden``;
3. applies injected faults (latency, error, drop — before the app handles the request, or after,
   losing only the answer — malformed, html; an answering fault's headers);
4. records the exchange in the journal (secret query values masked by their decoded names, bodies
   truncated; the stub that answered, if one did).
After every API request, and every control-plane request that is not a read, it tells the
backend's change counter, so a state file saves the change.
For the control plane (``/_fake``) it refuses callers that are not on loopback unless they send
the configured control token (``X-Control-Token``).

Dropping a connection needs the raw socket, which the built-in server (werkzeug) and gunicorn
expose; under another server a drop becomes an exception that server answers with a 500.

The recording proxy (``proxy/gate.py``) is this gate with ``_through`` (masking the journal entry)
and ``_call_app`` (forwarding instead of faking) overridden: keep their signatures.
"""
from __future__ import annotations

import io
import json
import socket
import time
from http import HTTPStatus
from typing import Any, Callable, Iterable

from .backend.controls.masking import mask_query
from .backend.controls.stubs import STUB_KEY
from .control_access import control_token_text, is_control_caller
from .tenants.routing import BACKEND_KEY

DROP_ERRORS = ConnectionAbortedError
READS = ("GET", "HEAD", "OPTIONS")
# The ``html`` fault's answer: a web page where the API should be, as a login page, a proxy or a
# captive portal in front of the API gives (the page is invented).
WEB_PAGE = (b"<!DOCTYPE html><html><head><title>Tharstern - Sign in</title></head><body>"
            b"<h1>Sign in</h1><form method=\"post\" action=\"/Account/Login\"><input name=\"UserName\">"
            b"<input name=\"Password\" type=\"password\"><button>Sign in</button></form></body></html>")


class Gate:
    def __init__(self, app: Callable, backend, *, base_path: str, trust_proxy: bool = False,
                 body_bytes: int = 4096, max_body: int = 1_048_576, control_token: str | None = None) -> None:
        self.app = app
        self.backend = backend  # the default tenant's; a request under /t/{name} brings its own
        self.base_path = base_path.rstrip("/")
        self.prefix_lower = self.base_path.lower() + "/"
        self.trust_proxy = trust_proxy
        self.body_bytes = body_bytes
        self.max_body = max_body
        self.control_token = control_token_text(control_token)

    # -- WSGI entry --------------------------------------------------------------------------
    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "") or "/"
        lowered = path.lower()
        if lowered.startswith("/_fake") and not self._control_allowed(environ):
            return self._answer(start_response, 403, {"code": 403, "status": "Forbidden",
                                "message": "The control plane answers loopback callers, or callers with X-Control-Token."})
        if not (lowered + "/").startswith(self.prefix_lower):
            result = self.app(environ, start_response)
            if lowered.startswith("/_fake") and environ.get("REQUEST_METHOD", "GET") not in READS:
                self.backend_of(environ).changes.changed()  # the state file saves what the control plane changed
            return result
        environ["PATH_INFO"] = self.base_path + path[len(self.base_path):].lower()
        return self._guarded(environ, start_response, path)

    def _guarded(self, environ: dict, start_response: Callable, original_path: str) -> Iterable[bytes]:
        started = time.perf_counter()
        client = self.client_address(environ)
        entry: dict[str, Any] = {
            "time": self.backend_of(environ).clock_state()["now"],
            "client": client,
            "method": environ.get("REQUEST_METHOD", "GET"),
            "path": original_path,
            "query": mask_query(environ.get("QUERY_STRING", "")),
            "status": None,
        }
        request_body = self._buffer_body(environ)
        if request_body is not None:
            entry["request_body"] = _text(request_body, self.body_bytes)
        try:
            return self._through(environ, start_response, entry, client, started)
        finally:
            self._record(environ, entry, started)
            self.backend_of(environ).changes.changed()

    def _record(self, environ: dict, entry: dict, started: float) -> None:
        """Journal the exchange, once. A drop records it before closing the connection: the
        client learns of the drop at once, and what it sends next must come later in the journal."""
        if entry.pop("_recorded", False):
            return
        entry["duration_ms"] = round((time.perf_counter() - started) * 1000, 3)
        self.backend_of(environ).journal.record(entry)
        entry["_recorded"] = True

    def _drop(self, environ: dict, entry: dict, started: float) -> None:
        self._record(environ, entry, started)
        drop(environ)

    def _through(self, environ: dict, start_response: Callable, entry: dict, client: str,
                 started: float) -> Iterable[bytes]:
        fake = self.backend_of(environ)
        allowlist = fake.allowlist
        if not allowlist.allows(client):
            entry["blocked"] = allowlist.mode
            if allowlist.mode == "forbidden":
                entry["status"] = 403
                return self._answer(start_response, 403, _envelope(fake, f"Client address {client} is not allowed.", environ))
            if allowlist.mode == "hang":
                fake.wait_interruptibly(allowlist.hang_s)
            self._drop(environ, entry, started)
        decision = fake.faults.decide(entry["method"], entry["path"])
        if decision.fired:
            entry["fault"] = decision.fired
            for fired in decision.fired:
                fake.coverage.hit("faults", fired["kind"])
        if decision.delay_ms:
            fake.wait_interruptibly(decision.delay_ms / 1000)
        if decision.kind == "drop":
            if decision.rule.when == "after":  # the request takes effect; only its answer is lost
                self._call_app(environ, lambda status, headers, exc_info=None: None, entry)
                entry["dropped_answer"], entry["status"] = entry["status"], None
            self._drop(environ, entry, started)
        headers = decision.rule.headers if decision.rule is not None else {}
        if decision.kind == "error":
            rule = decision.rule
            entry["status"] = rule.status
            return self._answer(start_response, rule.status, _envelope(fake, rule.message, environ), headers=headers)
        if decision.kind == "malformed":
            entry["status"] = 200
            return self._answer(start_response, 200, None, raw=b'{"Status": {"Success": tru', headers=headers)
        if decision.kind == "html":
            entry["status"] = 200
            return self._answer(start_response, 200, None, raw=WEB_PAGE, content_type="text/html; charset=utf-8",
                                headers=headers)
        return self._call_app(environ, start_response, entry)

    def _call_app(self, environ: dict, start_response: Callable, entry: dict) -> Iterable[bytes]:
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list, exc_info=None):
            captured["status"] = int(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        try:
            chunks = list(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        entry["status"] = captured.get("status")
        if environ.get(STUB_KEY) is not None:  # a stub answered (api/stubbed.py): the journal names it
            entry.update(environ[STUB_KEY])
        body = b"".join(chunks)
        entry["response_body"] = _text(body, self.body_bytes)
        return [body]

    # -- helpers -----------------------------------------------------------------------------
    def backend_of(self, environ: dict):
        """The backend of the request's tenant (``TenantRouter`` puts it in the environ)."""
        return environ.get(BACKEND_KEY) or self.backend

    def client_address(self, environ: dict) -> str:
        if self.trust_proxy:
            forwarded = environ.get("HTTP_X_FORWARDED_FOR", "")
            first = forwarded.split(",")[0].strip()
            if first:
                return first
        return environ.get("REMOTE_ADDR", "") or ""

    def _control_allowed(self, environ: dict) -> bool:
        return is_control_caller(environ, self.control_token)

    def _buffer_body(self, environ: dict) -> bytes | None:
        """Read the body once so the journal can show it and the app can still read it."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        if length <= 0 or length > self.max_body:
            return None
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)
        return body

    @staticmethod
    def _answer(start_response: Callable, status: int, body: Any, raw: bytes | None = None,
                content_type: str = "application/json; charset=utf-8",
                headers: dict[str, str] | None = None) -> list[bytes]:
        payload = raw if raw is not None else json.dumps(body).encode()
        reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
        start_response(f"{status} {reason}", [("Content-Type", content_type),
                                              ("Content-Length", str(len(payload))), *(headers or {}).items()])
        return [payload]


def drop(environ: dict) -> None:
    """Close the client's connection without an answer, as a firewall that drops would."""
    sock = environ.get("werkzeug.socket") or environ.get("gunicorn.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    raise DROP_ERRORS("connection dropped by the fake Tharstern")


def _envelope(fake, reason: str, environ: dict) -> dict[str, Any]:
    """The envelope of an answer the gate makes itself; its token status is the caller's."""
    return {"Status": {"APIVersion": fake.settings.api_version, "Success": False,
                       "Token": fake.token_state(environ.get("HTTP_AUTHORIZATION")),
                       "Reasons": [reason], "Exceptions": []},
            "Enums": [], "Details": None}


def _text(body: bytes, limit: int) -> str:
    text = body[:limit].decode("utf-8", errors="replace")
    return text + ("…" if len(body) > limit else "")
