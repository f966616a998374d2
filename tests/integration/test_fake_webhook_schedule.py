"""The retry schedule of webhook deliveries (Standard Webhooks' by default, configurable) on the
fake's clock, and a receiver answering 410 Gone ending its subscription."""
from __future__ import annotations

import pytest

from fake_tharstern.app import create_app
from tests.fixtures.fake import basic, issue_token
from tests.fixtures.webhooks import advance, deliveries, flush, place_order, subscribe


@pytest.fixture
def scheduled_app():
    """A fake with the default schedule."""
    app = create_app({"TESTING": True})
    yield app
    app.extensions["fake_tharstern"].close()


def attempts_of(client) -> list[int]:
    return [d["attempt_count"] for d in deliveries(client)]


def test_failed_deliveries_follow_the_standard_webhooks_schedule_on_the_fake_clock(scheduled_app, receiver):
    client = scheduled_app.test_client()
    backend = scheduled_app.extensions["fake_tharstern"]
    subscribe(client, basic(issue_token(client)), receiver.url, events=["JobStatusChanged"])
    receiver.then(503, times=2)
    [job_no] = place_order(backend, 10)
    client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "OutOnProof"})
    flush(client)
    assert attempts_of(client) == [1]
    advance(client, 4.5)
    flush(client)
    assert attempts_of(client) == [1]  # the first retry waits 5 s
    advance(client, 0.5)
    flush(client)
    assert attempts_of(client) == [2]
    advance(client, 299)
    flush(client)
    assert attempts_of(client) == [2]  # the second waits 5 minutes
    advance(client, 1)
    flush(client)
    [delivery] = deliveries(client)
    assert delivery["attempt_count"] == 3 and delivery["status"] == "delivered"
    assert client.get("/_fake/webhooks/policy").json["schedule_s"] == [5, 300, 1800, 7200, 18000, 36000, 36000]


def test_a_schedule_is_set_through_the_control_plane(scheduled_app, receiver):
    client = scheduled_app.test_client()
    policy = client.put("/_fake/webhooks/policy", json={"schedule_s": [60]}).json
    assert policy["schedule_s"] == [60]
    refused = client.put("/_fake/webhooks/policy", json={"schedule_s": ["soon"]})
    assert refused.status_code in (400, 422)


def test_a_receiver_answering_410_gone_ends_its_subscription(scheduled_app, receiver):
    client = scheduled_app.test_client()
    backend = scheduled_app.extensions["fake_tharstern"]
    auth = basic(issue_token(client))
    subscription = subscribe(client, auth, receiver.url, events=["JobStatusChanged"])
    receiver.then(410)
    # both deliveries wait a minute of the fake's clock, so both exist when the first is sent
    assert client.post("/_fake/webhooks/faults", json={"kind": "delay", "delay_s": 60}).status_code in (200, 201)
    [job_no] = place_order(backend, 10)
    client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "OutOnProof"})
    client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "InProduction"})
    client.delete("/_fake/webhooks/faults")
    advance(client, 61)
    flush(client)
    first, second = sorted(deliveries(client), key=lambda d: d["id"])
    assert (first["status"], first["attempt_count"], first["attempts"][0]["status_code"]) == ("dead", 1, 410)
    assert second["status"] == "cancelled" and second["attempt_count"] == 0  # its subscription is gone
    listed = client.get("/_fake/webhooks/subscriptions").json["items"]
    assert subscription["ID"] not in [s["ID"] for s in listed]
    advance(client, 86_400)
    client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "FinishedProduction"})
    flush(client)
    assert len(deliveries(client)) == 2 and len(receiver.received) == 1  # nothing more is sent


def test_the_console_form_keeps_the_schedule_unless_changed(scheduled_app):
    client = scheduled_app.test_client()
    page = client.get("/_fake/ui/webhooks")
    assert page.status_code == 200 and "5.0, 300.0, 1800.0" in page.get_data(as_text=True)
    policy = client.get("/_fake/webhooks/policy").json
    form = {k: policy[k] for k in ("max_attempts", "timeout_s", "backoff_base_s", "backoff_cap_s", "retry_after_max_s")}
    saved = client.put("/_fake/webhooks/policy", json={**form, "max_attempts": 5,
                                                       "schedule_s": "5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0"})
    assert saved.json["max_attempts"] == 5 and saved.json["schedule_s"][:2] == [5, 300]
    unchanged = client.put("/_fake/webhooks/policy", json=form).json  # the same backoff: the schedule stays
    assert unchanged["schedule_s"][:2] == [5, 300]
    backoff = client.put("/_fake/webhooks/policy", json={**form, "backoff_base_s": 4}).json
    assert backoff["schedule_s"] == []
