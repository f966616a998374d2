"""The webhook receiver refuses what Tharstern did not sign, or signed too long ago (or ahead) on
the connector's clock — 401, logged without secret or signature, nothing stored or applied — and
applies a replayed event only once.

The test plays Tharstern: it signs with the storefront's secret as read from the connector's
database (the API never answers it) using the stdlib, not the library the receiver uses."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging

import pytest
from sqlalchemy import select

from connector.models import WebhookSubscription

RECEIVER = "/webhooks/tharstern/default"
OTHER_SECRET = "whsec_" + base64.b64encode(b"not-the-storefronts-secret-32by!").decode()


def event(event_id: str = "evt_sec_1", status: str = "Cancelled", sequence: int = 90) -> bytes:
    return json.dumps({"EventId": event_id, "Event": "JobStatusChanged", "Sequence": sequence,
                       "Data": {"JobNo": "900001", "Status": {"Value": 9, "Name": status}}}).encode()


def sign(secret: str, msg_id: str, stamp: int, body: bytes) -> dict[str, str]:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest()
    return {"webhook-id": msg_id, "webhook-timestamp": str(stamp),
            "webhook-signature": "v1," + base64.b64encode(digest).decode(), "Content-Type": "application/json"}


@pytest.fixture
def hooked(connector, tharstern):
    """The demo storefront subscribed; returns (secret, the connector's clock as Unix seconds)."""
    assert connector.sf("POST", "/subscriptions/sync").status_code == 200
    with connector.runtime().store.sessions() as session:
        secret = connector.runtime().passwords.open(session.scalar(select(WebhookSubscription.secret)))
    return secret, lambda: int(connector.runtime().clock.time())


def refusals(secret: str, now: int) -> dict[str, tuple[dict, bytes]]:
    body = event()
    good = sign(secret, "evt_sec_1", now, body)
    return {
        "no headers": ({}, body),
        "no signature": ({k: v for k, v in good.items() if k != "webhook-signature"}, body),
        "no timestamp": ({k: v for k, v in good.items() if k != "webhook-timestamp"}, body),
        "no id": ({k: v for k, v in good.items() if k != "webhook-id"}, body),
        "wrong secret": (sign(OTHER_SECRET, "evt_sec_1", now, body), body),
        "tampered body": (good, event(status="Completed")),
        "another event's id": ({**good, "webhook-id": "evt_sec_2"}, body),
        "signature not base64": ({**good, "webhook-signature": "v1,@@not-base64@@"}, body),
        "unknown scheme": ({**good, "webhook-signature": good["webhook-signature"].replace("v1,", "v2,")}, body),
        "400 s old": (sign(secret, "evt_sec_1", now - 400, body), body),  # the window is ±300 s; the margin
        "400 s ahead": (sign(secret, "evt_sec_1", now + 400, body), body),  # keeps a slow run out of it
        "timestamp not seconds": (sign(secret, "evt_sec_1", now, body) | {"webhook-timestamp": "soon"}, body),
    }


def test_unsigned_forged_tampered_and_out_of_window_webhooks_are_refused_and_logged(connector, hooked, caplog):
    secret, now = hooked
    with caplog.at_level(logging.WARNING, logger="connector.webhooks"):
        for name, (headers, body) in refusals(secret, now()).items():
            answer = connector.post(RECEIVER, data=body, headers={**headers, "Content-Type": "application/json"})
            assert answer.status_code == 401, (name, answer.status_code, answer.json)
            assert answer.json["message"].startswith("Webhook refused: "), name
    logged = [r.getMessage() for r in caplog.records if r.name == "connector.webhooks"]
    assert len(logged) == len(refusals(secret, now())) and all("refused (401)" in m for m in logged)
    assert not any(secret in m or secret.removeprefix("whsec_") in m or "v1," in m for m in logged)
    assert connector.sf("GET", "/webhook-events").json == []
    assert connector.sf("GET", "/orders/1").json["lines"][0]["job_status"] == "InProduction"


def test_the_window_is_judged_on_the_connectors_clock(connector, hooked):
    secret, now = hooked
    body = event()
    signed_now = sign(secret, "evt_sec_1", now(), body)
    connector.advance_clock(301)  # the connector's clock moves on; the signature's time stays
    late = connector.post(RECEIVER, data=body, headers=signed_now)
    assert late.status_code == 401 and "behind the connector's clock" in late.json["message"]
    fresh = connector.post(RECEIVER, data=body, headers=sign(secret, "evt_sec_1", now(), body))
    assert fresh.status_code == 200 and fresh.json["outcome"] == "applied"


def test_a_replayed_event_is_applied_once(connector, hooked, caplog):
    secret, now = hooked
    body = event(status="OnHold", sequence=90)
    headers = sign(secret, "evt_sec_1", now(), body)
    assert connector.post(RECEIVER, data=body, headers=headers).json["outcome"] == "applied"
    release = event("evt_sec_2", status="InProduction", sequence=91)
    assert connector.post(RECEIVER, data=release, headers=sign(secret, "evt_sec_2", now(), release)
                          ).json["outcome"] == "applied"
    with caplog.at_level(logging.INFO, logger="connector.webhooks"):
        replay = connector.post(RECEIVER, data=body, headers=headers)  # the same signed request again
    assert replay.status_code == 200 and replay.json["duplicate"] is True
    assert any("evt_sec_1" in r.getMessage() and "again" in r.getMessage() for r in caplog.records)
    line = connector.sf("GET", "/orders/1").json["lines"][0]
    assert line["job_status"] == "InProduction"  # the replayed hold did not come back
    [stored] = [e for e in connector.sf("GET", "/webhook-events").json if e["event_id"] == "evt_sec_1"]
    assert stored["deliveries"] == 2
    connector.advance_clock(301)
    late_replay = connector.post(RECEIVER, data=body, headers=headers)
    assert late_replay.status_code == 401  # once out of the window, a replay is refused outright
