"""The guard of the test controls (``/_control``): WSGI middleware in front of Flask that lets
through callers on loopback, and others only with the configured token.

It mirrors the fake Tharstern's gate (``fake_tharstern/gate.py``): the caller is judged on the
socket peer (``REMOTE_ADDR``), never on ``X-Forwarded-For`` or any other header a caller can
write; a caller elsewhere needs ``X-Control-Token`` equal to ``CONTROL_TOKEN``
(``CONNECTOR_CONTROL_TOKEN``). With no token configured only loopback callers get in. A refusal
is a 403 in the connector's error shape, and is logged with the caller's address (never the
token it sent).
"""
from __future__ import annotations

import hmac
import ipaddress
import json
import logging
from typing import Callable, Iterable

log = logging.getLogger("connector.control")
PREFIX = "_control"
MESSAGE = "The test controls answer loopback callers, or callers with X-Control-Token."


def is_control_path(path: str) -> bool:
    """``/_control`` and everything under it, in any letter case and with any leading slashes."""
    head = path.lstrip("/").lower()
    return head == PREFIX or head.startswith(PREFIX + "/")


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def allowed(peer: str, sent_token: str | None, configured_token: str | None) -> bool:
    """The rule, without WSGI: loopback peers always; others only with the configured token."""
    if is_loopback(peer):
        return True
    if not configured_token or sent_token is None:
        return False
    return hmac.compare_digest(sent_token.encode("utf-8", "surrogateescape"),
                               configured_token.encode("utf-8", "surrogateescape"))


class ControlGuard:
    def __init__(self, app: Callable, token: str | None) -> None:
        self.app = app
        self.token = token or None

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if is_control_path(environ.get("PATH_INFO", "") or "/"):
            peer = environ.get("REMOTE_ADDR", "") or ""
            if not allowed(peer, environ.get("HTTP_X_CONTROL_TOKEN"), self.token):
                log.warning("Test control %s %s refused: caller %s is not on loopback and sent %s",
                            environ.get("REQUEST_METHOD", "?"), environ.get("PATH_INFO", "")[:200], peer or "?",
                            "a wrong X-Control-Token" if "HTTP_X_CONTROL_TOKEN" in environ else "no X-Control-Token")
                body = json.dumps({"code": 403, "status": "Forbidden", "message": MESSAGE}).encode()
                start_response("403 FORBIDDEN", [("Content-Type", "application/json"),
                                                 ("Content-Length", str(len(body)))])
                return [body]
        return self.app(environ, start_response)
