"""The gate in proxy mode: calls under the API base path go to the real Tharstern, not the fake.

``ProxyGate`` is the fake's own gate (path spelling, allowlist, faults, journal) with one change:
where the gate would call the faked API, it forwards the call (``forward.py``) and, when a folder
is given, records the exchange (``recording.py``). So the allowlist and injected faults still
apply in front of the real server, the journal still lists every call, and the control plane and
the console (``/_fake``) work as usual. What the journal keeps is masked as the recording is:
secret query values by their decoded names, secrets in bodies, tokens in answers.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from http import HTTPStatus
from typing import Any, Callable, Iterable
from urllib.parse import quote

from ..gate import Gate
from .forward import Answer, Forwarder, raw_headers
from ..backend.controls.masking import mask_body, mask_query
from .recording import Recorder


# the serving server writes its own; the real server's are in the recording
SERVER_OWN = {"server", "date"}
STARTED = "fake_tharstern.proxy.started"   # when the gate took the request (environ key)


class ProxyGate(Gate):
    forwarder: Forwarder
    recorder: Recorder | None

    @classmethod
    def around(cls, gate: Gate, forwarder: Forwarder, recorder: Recorder | None) -> "ProxyGate":
        """The same gate (same settings, same backend), forwarding instead of faking."""
        proxy = cls.__new__(cls)
        proxy.__dict__.update(gate.__dict__)
        proxy.forwarder = forwarder
        proxy.recorder = recorder
        return proxy

    def _through(self, environ: dict, start_response: Callable, entry: dict, client: str,
                 started: float) -> Iterable[bytes]:
        entry["query"] = mask_query(environ.get("QUERY_STRING", ""))
        if "request_body" in entry:
            entry["request_body"] = self._journal_text(entry["request_body"].encode("utf-8", "replace"),
                                                       environ.get("CONTENT_TYPE", ""))
        entry["proxied_to"] = self.forwarder.shown
        environ[STARTED] = started
        return super()._through(environ, start_response, entry, client, started)

    def _call_app(self, environ: dict, start_response: Callable, entry: dict) -> Iterable[bytes]:
        started_at = datetime.now(timezone.utc)
        method = environ.get("REQUEST_METHOD", "GET")
        path = self._raw_path(environ, entry["path"])
        sub_path = path[len(self.base_path):]
        query = environ.get("QUERY_STRING", "")
        headers = raw_headers(environ)
        body = self._read_body(environ)
        answer = self.forwarder.forward(method, sub_path, query, headers, body)
        if self.recorder is not None:
            self.recorder.record(method=method, path=path, sub_path=sub_path, query=query, headers=headers,
                                 body=body, answer=answer, started_at=started_at)
        if answer.error:
            entry["proxy_error"] = answer.error
        if answer.dropped:   # journalled first, as the gate's own drops are
            self._drop(environ, entry, environ[STARTED])
        entry["status"] = answer.status
        entry["response_body"] = self._journal_text(answer.body, _content_type(answer))
        headers = [(k, v) for k, v in answer.headers if k.lower() not in SERVER_OWN]
        start_response(_status_line(answer.status), headers + [("Content-Length", str(len(answer.body)))])
        return [answer.body]

    def _journal_text(self, raw: bytes, content_type: str) -> str:
        kind, masked = mask_body(raw, content_type)
        text = "" if kind == "empty" else (json.dumps(masked, ensure_ascii=False) if kind == "json" else masked)
        return text[:self.body_bytes] + ("…" if len(text) > self.body_bytes else "")

    def _raw_path(self, environ: dict, decoded_path: str) -> str:
        """The path as the caller wrote it (percent-escapes kept), under the API base path."""
        raw = (environ.get("RAW_URI") or environ.get("REQUEST_URI") or "").split("?", 1)[0]
        if raw.lower().startswith(self.base_path.lower()):
            return raw
        return quote(decoded_path, safe="/:@!$&'()*+,;=-._~")

    @staticmethod
    def _read_body(environ: dict) -> bytes:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        return environ["wsgi.input"].read(length) if length > 0 else b""


def _content_type(answer: Answer) -> str:
    return next((v for k, v in answer.headers if k.lower() == "content-type"), "")


def _status_line(status: Any) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"
