"""Who may use the control plane: a caller on loopback (the socket peer, never a header it
writes), or one sending ``X-Control-Token`` equal to the configured token (compared in
constant time). The gate asks it for ``/_fake``; the tenant router for making a new tenant."""
from __future__ import annotations

import hmac
import ipaddress


def control_token_text(token: object) -> str | None:
    """The configured token as text, None when unset (an environment value such as
    ``FAKE_THARSTERN_CONTROL_TOKEN=1234`` is parsed as JSON, so a number)."""
    return str(token) if token not in (None, "") else None


def is_control_caller(environ: dict, token: str | None) -> bool:
    try:
        if ipaddress.ip_address(environ.get("REMOTE_ADDR", "")).is_loopback:
            return True
    except ValueError:
        pass
    sent = environ.get("HTTP_X_CONTROL_TOKEN")
    if not token or sent is None:
        return False
    return hmac.compare_digest(sent.encode("utf-8", "surrogateescape"), token.encode("utf-8", "surrogateescape"))
