"""Checking a Standard Webhooks request (https://www.standardwebhooks.com): the three headers,
the timestamp within a window of the connector's clock (not the machine's: tests move it), and
an HMAC-SHA256 signature made with one of the storefront's secrets. The HMAC itself comes from
the ``standardwebhooks`` package; its own ``verify`` is not used because it judges the
timestamp against real time."""
from __future__ import annotations

import base64
import binascii
import hmac
from datetime import datetime, timezone

from standardwebhooks import Webhook


class SignatureRefused(Exception):
    """Why a webhook request is refused (the message never holds a secret or signature)."""


def check(headers: dict[str, str], body: bytes, secrets: list[str], now_s: float, tolerance_s: float) -> str:
    """Returns the ``webhook-id``; raises SignatureRefused."""
    lowered = {k.lower(): v for k, v in headers.items()}
    msg_id, stamp, signature = (lowered.get(h, "").strip() for h in
                                ("webhook-id", "webhook-timestamp", "webhook-signature"))
    missing = [h for h, v in (("webhook-id", msg_id), ("webhook-timestamp", stamp), ("webhook-signature", signature))
               if not v]
    if missing:
        raise SignatureRefused(f"missing header(s) {', '.join(missing)}")
    if len(msg_id) > 100:
        raise SignatureRefused("webhook-id is longer than 100 characters")
    if not stamp.isdigit() or len(stamp) > 12:
        raise SignatureRefused("webhook-timestamp is not Unix seconds")
    sent = int(stamp)
    if abs(now_s - sent) > tolerance_s:
        side = "behind" if sent < now_s else "ahead of"
        raise SignatureRefused(f"webhook-timestamp is {abs(now_s - sent):.0f} s {side} the connector's clock "
                               f"(at most ±{tolerance_s:g} s)")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise SignatureRefused("the body is not UTF-8") from None
    given = []
    for part in signature.split():
        version, _, value = part.partition(",")
        if version == "v1" and value:
            try:
                given.append(base64.b64decode(value, validate=True))
            except (binascii.Error, ValueError):
                continue
    if not given:
        raise SignatureRefused("webhook-signature has no v1 signature")
    moment = datetime.fromtimestamp(sent, tz=timezone.utc)
    for secret in secrets:
        expected = base64.b64decode(Webhook(secret).sign(msg_id, moment, text).split(",", 1)[1])
        if any(hmac.compare_digest(expected, candidate) for candidate in given):
            return msg_id
    raise SignatureRefused("no signature matches the storefront's webhook secret")


def new_secret(random_bytes: bytes) -> str:
    return "whsec_" + base64.b64encode(random_bytes).decode("ascii")
