"""Webhook delivery over real sockets to a recording receiver on loopback: signatures, bodies,
sequences, retries, timeouts, Retry-After, dead letters, redelivery. Backoff runs on the fake's
clock: tests advance it and flush instead of sleeping."""
from standardwebhooks import Webhook

from tests.fixtures.webhooks import (SECRET, advance, deliveries, flush, place_order, quick_server, subscribe,
                                    verify_signature)


def test_status_change_is_delivered_signed_with_the_contract_body(hook_client, hook_auth, hook_backend, receiver):
    subscribe(hook_client, hook_auth, receiver.url)
    [job_no] = place_order(hook_backend, 10, ref="WEB-42")
    assert hook_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "OutOnProof"}).status_code == 200
    flush(hook_client)
    [request] = receiver.received
    assert request.path == "/hooks/tharstern"
    assert request.headers["content-type"] == "application/json"
    assert verify_signature(SECRET, request.headers, request.body)
    assert Webhook(SECRET).verify(request.body, request.headers)  # the reference implementation agrees
    body = request.json
    assert set(body) == {"EventId", "Event", "OccurredAt", "Sequence", "Data"}
    assert request.headers["webhook-id"] == body["EventId"]
    assert body["Event"] == "JobStatusChanged" and body["Sequence"] == 1
    data = body["Data"]
    assert data["JobNo"] == job_no and data["Ref1"] == "WEB-42/1" and data["SalesOrderNo"].startswith("SO")
    assert data["Status"] == {"Value": 2, "Name": "OutOnProof"}
    assert data["PreviousStatus"] == {"Value": 1, "Name": "Entered"}


def test_despatch_sends_each_step_then_the_tracking_number_with_growing_sequence(
        hook_client, hook_auth, hook_backend, receiver):
    subscribe(hook_client, hook_auth, receiver.url)
    first, second = place_order(hook_backend, 10, 20)
    hook_client.post(f"/_fake/jobs/{first}/status", json={"Status": "Despatched", "TrackingNumber": "1Z999",
                                                          "Courier": "UPS"})
    hook_client.post(f"/_fake/jobs/{second}/status", json={"Status": "OutOnProof"})
    flush(hook_client)
    events = receiver.events()
    about_first = [(e["Event"], e["Sequence"], e["Data"]["Status"]["Name"]) for e in events if e["Data"]["JobNo"] == first]
    assert about_first == [("JobStatusChanged", 1, "OutOnProof"), ("JobStatusChanged", 2, "InProduction"),
                           ("JobStatusChanged", 3, "FinishedProduction"), ("JobStatusChanged", 4, "Despatched"),
                           ("JobDespatched", 5, "Despatched")]
    despatched = events[4]["Data"]
    assert despatched["Delivery"]["TrackingNumber"] == "1Z999" and despatched["Delivery"]["Courier"] == "UPS"
    assert [e["Sequence"] for e in events if e["Data"]["JobNo"] == second] == [1]
    assert all(verify_signature(SECRET, r.headers, r.body) for r in receiver.received)


def test_subscriptions_get_only_their_events(hook_client, hook_auth, hook_backend, receiver):
    subscribe(hook_client, hook_auth, receiver.url, events=["JobDespatched"])
    [job_no] = place_order(hook_backend, 10)
    hook_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "Despatched", "TrackingNumber": "T"})
    hook_client.patch("/_fake/products/1006", json={"UnitPrice": 2})
    flush(hook_client)
    assert [e["Event"] for e in receiver.events()] == ["JobDespatched"]
    assert receiver.events()[0]["Sequence"] == 5  # sequences count the events nobody subscribed to


def test_price_and_stock_edits_send_old_and_new_values(hook_client, hook_auth, receiver):
    subscribe(hook_client, hook_auth, receiver.url, events=["StockItemChanged"])
    hook_client.patch("/_fake/products/1007", json={"UnitPrice": 7.25, "Available": 2})
    hook_client.patch("/_fake/products/1007", json={"Visible": False})  # not a price or stock change
    hook_client.patch("/_fake/products/1007", json={"UnitPrice": 7.25})  # no change: no event
    hook_client.patch("/_fake/products/1007", json={"Balance": 40})
    flush(hook_client)
    first, second = receiver.events()
    assert first["Data"]["StockItemID"] == 1007 and first["Data"]["Code"] == "MUG-BRAND"
    assert first["Data"]["Changes"] == {"UnitPrice": {"Old": 6.5, "New": 7.25}, "Available": {"Old": 5, "New": 2}}
    assert second["Data"]["Changes"] == {"Balance": {"Old": 5, "New": 40}}
    assert (first["Sequence"], second["Sequence"]) == (1, 2)


def test_5xx_is_retried_after_backoff_on_the_fake_clock(hook_client, hook_auth, hook_backend, receiver):
    subscribe(hook_client, hook_auth, receiver.url)
    receiver.then(503, times=2)
    [job_no] = place_order(hook_backend, 10)
    hook_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "OutOnProof"})
    flush(hook_client)
    [pending] = deliveries(hook_client)
    assert pending["status"] == "pending" and len(receiver.received) == 1
    [attempt] = pending["attempts"]
    assert attempt["status_code"] == 503 and attempt["latency_ms"] >= 0 and attempt["next_retry_at"]
    flush(hook_client)  # nothing is due yet: the retry waits for the fake's clock
    assert len(receiver.received) == 1
    advance(hook_client, 10)  # the first backoff is within [5, 10] s (base 10 s)
    flush(hook_client)
    advance(hook_client, 20)
    flush(hook_client)
    [done] = deliveries(hook_client)
    assert done["status"] == "delivered" and [a["status_code"] for a in done["attempts"]] == [503, 503, 204]
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    assert len({r.body for r in receiver.received}) == 1
    assert all(verify_signature(SECRET, r.headers, r.body) for r in receiver.received)
    retry_signed_at = int(receiver.received[2].headers["webhook-timestamp"])
    assert retry_signed_at >= int(receiver.received[0].headers["webhook-timestamp"]) + 15  # signed when sent


def test_retry_after_is_honoured(hook_client, hook_auth, hook_backend, receiver):
    subscribe(hook_client, hook_auth, receiver.url)
    receiver.then(429, retry_after="300")
    [job_no] = place_order(hook_backend, 10)
    hook_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "OutOnProof"})
    flush(hook_client)
    [attempt] = deliveries(hook_client)[0]["attempts"]
    assert attempt["retry_after_s"] == 300
    advance(hook_client, 250)  # past any backoff (cap 100 s), short of Retry-After
    flush(hook_client)
    assert len(receiver.received) == 1
    advance(hook_client, 60)
    flush(hook_client)
    assert len(receiver.received) == 2 and deliveries(hook_client)[0]["status"] == "delivered"


def test_a_receiver_that_times_out_is_retried(hook_client, hook_auth, hook_backend, receiver):
    subscribe(hook_client, hook_auth, receiver.url)
    hook_backend.set_webhook_policy({"timeout_s": 0.3})
    receiver.then(204, sleep_s=1.0)  # longer than the 0.3 s timeout
    [job_no] = place_order(hook_backend, 10)
    hook_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "OutOnProof"})
    flush(hook_client)
    [first] = deliveries(hook_client)[0]["attempts"]
    assert first["status_code"] is None and first["error"].startswith("timeout")
    hook_backend.set_webhook_policy({"timeout_s": 10})  # the retry is answered at once, however loaded the machine
    advance(hook_client, 10)
    flush(hook_client)
    [delivery] = deliveries(hook_client)
    assert delivery["status"] == "delivered" and delivery["attempts"][1]["status_code"] == 204


def test_an_unreachable_receiver_is_dead_lettered_after_max_attempts_then_redelivered(
        hook_client, hook_auth, hook_backend, receiver):
    closed_port = receiver.server.port
    receiver.server.stop()  # nothing listens there any more: connection refused
    subscription = subscribe(hook_client, hook_auth, f"http://127.0.0.1:{closed_port}/gone")
    [job_no] = place_order(hook_backend, 10)
    hook_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "OutOnProof"})
    for _ in range(4):
        flush(hook_client)
        advance(hook_client, 100)
    [dead] = deliveries(hook_client, status="dead")
    assert len(dead["attempts"]) == 4 and all(a["error"].startswith("connection") for a in dead["attempts"])
    assert dead["attempts"][-1]["next_retry_at"] is None and dead["next_attempt_at"] is None
    assert deliveries(hook_client, status="pending") == []
    # the receiver is back (on another port); point the subscription there and redeliver
    with quick_server(receiver.app) as again:
        hook_client.delete(f"/TharsternAPI/api/webhooks/subscriptions/{subscription['ID']}", headers=hook_auth)
        subscribe(hook_client, hook_auth, again.url + "/back")
        answer = hook_client.post(f"/_fake/webhooks/deliveries/{dead['id']}/redeliver")
        assert answer.status_code == 409  # its own subscription was deleted
        hook_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "InProduction"})
        flush(hook_client)
        [fresh] = deliveries(hook_client, status="delivered")
        again_answer = hook_client.post(f"/_fake/webhooks/deliveries/{fresh['id']}/redeliver")
        assert again_answer.status_code == 201 and again_answer.json["redelivery_of"] == fresh["id"]
        flush(hook_client)
    assert [r.json["Sequence"] for r in receiver.received] == [2, 2]
    assert receiver.received[0].headers["webhook-id"] == receiver.received[1].headers["webhook-id"]


def test_policy_change_takes_effect_and_reset_restores_it(hook_client, hook_auth, hook_backend, receiver):
    assert hook_client.put("/_fake/webhooks/policy", json={"max_attempts": 1}).json["max_attempts"] == 1
    subscribe(hook_client, hook_auth, receiver.url)
    receiver.then(500)
    [job_no] = place_order(hook_backend, 10)
    hook_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "OutOnProof"})
    flush(hook_client)
    assert deliveries(hook_client)[0]["status"] == "dead"
    hook_client.post("/_fake/reset")
    assert hook_client.get("/_fake/webhooks/policy").json["max_attempts"] == 4


def test_delivery_happens_in_the_background_without_flush(hook_client, hook_auth, hook_backend, receiver):
    subscribe(hook_client, hook_auth, receiver.url)
    [job_no] = place_order(hook_backend, 10)
    hook_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "OutOnProof"})
    [request] = receiver.wait_for(1)
    assert request.json["Data"]["JobNo"] == job_no


def test_timed_progression_delivers_as_its_steps_fall_due(hook_client, hook_auth, hook_backend, receiver):
    subscribe(hook_client, hook_auth, receiver.url, events=["JobDespatched"])
    [job_no] = place_order(hook_backend, 10)
    answer = hook_client.post(f"/_fake/jobs/{job_no}/auto", json={"to": "Despatched", "after_s": 30,
                                                                   "TrackingNumber": "AUTO-1"})
    assert answer.status_code == 200 and answer.json["auto"]["mode"] == "time"
    advance(hook_client, 120)
    flush(hook_client)
    [event] = receiver.events()
    assert event["Data"]["Delivery"]["TrackingNumber"] == "AUTO-1"
