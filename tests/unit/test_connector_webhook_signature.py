"""The receiver's Standard Webhooks check, against signatures made with the stdlib (not the
library the check uses)."""
from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from connector.domain.webhook_signature import SignatureRefused, check

SECRET = "whsec_" + base64.b64encode(b"k" * 32).decode()
OLD = "whsec_" + base64.b64encode(b"o" * 32).decode()
BODY = b'{"EventId":"evt_1","Event":"JobStatusChanged","Sequence":1,"Data":{}}'
NOW = 1_800_000_000


def signed(secret=SECRET, msg_id="evt_1", stamp=NOW, body=BODY):
    key = base64.b64decode(secret.removeprefix("whsec_"))
    sig = base64.b64encode(hmac.new(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest()).decode()
    return {"webhook-id": msg_id, "webhook-timestamp": str(stamp), "webhook-signature": f"v1,{sig}"}


def test_a_good_signature_passes_with_the_current_or_previous_secret():
    assert check(signed(), BODY, [SECRET], NOW, 300) == "evt_1"
    assert check(signed(OLD), BODY, [SECRET, OLD], NOW + 299, 300) == "evt_1"
    headers = signed()
    headers["webhook-signature"] = "v1,AAAA " + headers["webhook-signature"]  # several signatures
    assert check(headers, BODY, [SECRET], NOW, 300) == "evt_1"


@pytest.mark.parametrize("change, reason", [
    (lambda h: h.pop("webhook-signature"), r"missing header\(s\) webhook-signature"),
    (lambda h: h.pop("webhook-id"), r"missing header\(s\) webhook-id"),
    (lambda h: h.update({"webhook-timestamp": "soon"}), "not Unix seconds"),
    (lambda h: h.update({"webhook-signature": "v2,abc"}), "no v1 signature"),
    (lambda h: h.update({"webhook-signature": "v1,!!notbase64"}), "no v1 signature"),
    (lambda h: h.update({"webhook-id": "evt_2"}), "no signature matches"),
])
def test_bad_headers_are_refused_with_the_reason(change, reason):
    headers = signed()
    change(headers)
    with pytest.raises(SignatureRefused, match=reason):
        check(headers, BODY, [SECRET], NOW, 300)


def test_another_secret_or_a_changed_body_is_refused():
    with pytest.raises(SignatureRefused, match="no signature matches"):
        check(signed(OLD), BODY, [SECRET], NOW, 300)
    with pytest.raises(SignatureRefused, match="no signature matches"):
        check(signed(), BODY.replace(b":1,", b":2,"), [SECRET], NOW, 300)
    with pytest.raises(SignatureRefused, match="not UTF-8"):
        check(signed(body=b"\xff"), b"\xff", [SECRET], NOW, 300)


def test_the_timestamp_must_be_within_the_window_of_the_connectors_clock():
    with pytest.raises(SignatureRefused, match="301 s behind the connector's clock"):
        check(signed(), BODY, [SECRET], NOW + 301, 300)
    with pytest.raises(SignatureRefused, match="301 s ahead of the connector's clock"):
        check(signed(), BODY, [SECRET], NOW - 301, 300)
    assert check(signed(), BODY, [SECRET], NOW - 300, 300) == "evt_1"
