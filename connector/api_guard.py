"""The guard of the REST API and the admin pages: WSGI middleware in front of Flask that, when
``API_TOKEN`` (``CONNECTOR_API_TOKEN``) is set, lets through callers on loopback and others only
with ``Authorization: Bearer <token>``.

- The caller is judged on the socket peer (``REMOTE_ADDR``), never on a header, as the test
  controls' guard does (``control_guard.py``). Behind a reverse proxy on the same machine every
  caller is on loopback: put the proxy's own authentication in front, or keep the connector off
  loopback for it (``docs/security.md``).
- Guarded: ``/api/...``, ``/admin/...``, the shop (``/shop/...``: it acts as any customer) and the API documents (``/openapi.json``, ``/docs``).
  Not guarded: ``/webhooks/tharstern/...`` (Tharstern signs every delivery, and sends no token),
  ``/_control`` (its own token), and the static files the pages load.
- Browsers do not send a Bearer token when a person opens a page, so the same token is also
  accepted as the password of HTTP Basic authentication (any user name): a refusal carries
  ``WWW-Authenticate`` for Bearer and for Basic, so a browser asks the person for it once and
  then sends it with the pages' own API calls too.
- A refusal is a 401 in the connector's error shape, logged with the caller's address and never
  with what it sent. Tokens are compared in constant time.
"""
from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
from typing import Callable, Iterable

from .control_guard import is_loopback

log = logging.getLogger("connector.auth")
GUARDED = ("api", "admin", "shop", "openapi.json", "docs")
REALM = "Connect:Tharstern connector"
MESSAGE = ("The connector's API and admin pages answer loopback callers, or callers with "
           "Authorization: Bearer <CONNECTOR_API_TOKEN>.")


def is_guarded(path: str) -> bool:
    head = path.lstrip("/").lower()
    return any(head == part or head.startswith(part + "/") for part in GUARDED)


def sent_token(authorization: str | None) -> str | None:
    """The token in ``Bearer <token>`` or in Basic's password; None when there is none."""
    scheme, _, value = (authorization or "").strip().partition(" ")
    value = value.strip()
    if scheme.lower() == "bearer" and value:
        return value
    if scheme.lower() == "basic" and value:
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return decoded.partition(":")[2] or None
    return None


def allowed(peer: str, token: str | None, configured: str | None) -> bool:
    if not configured or is_loopback(peer):
        return True
    if token is None:
        return False
    return hmac.compare_digest(token.encode("utf-8", "surrogateescape"), configured.encode("utf-8", "surrogateescape"))


class ApiTokenGuard:
    def __init__(self, app: Callable, token: str | None) -> None:
        self.app = app
        self.token = token or None

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "") or "/"
        if not is_guarded(path):
            return self.app(environ, start_response)
        peer = environ.get("REMOTE_ADDR", "") or ""
        if allowed(peer, sent_token(environ.get("HTTP_AUTHORIZATION")), self.token):
            return self.app(environ, start_response)
        log.warning("%s %s refused: caller %s is not on loopback and sent %s", environ.get("REQUEST_METHOD", "?"),
                    path[:200], peer or "?",
                    "a wrong token" if environ.get("HTTP_AUTHORIZATION") else "no Authorization")
        body = json.dumps({"code": 401, "status": "Unauthorized", "message": MESSAGE}).encode()
        start_response("401 UNAUTHORIZED", [
            ("Content-Type", "application/json"), ("Content-Length", str(len(body))),
            ("WWW-Authenticate", f'Bearer realm="{REALM}"'), ("WWW-Authenticate", f'Basic realm="{REALM}"')])
        return [body]
