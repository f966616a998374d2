"""Delivery faults declared through the control plane: duplicate, reorder, delay, fail."""
from tests.fixtures.webhooks import advance, deliveries, flush, place_order, subscribe, verify_signature, SECRET


def add_fault(client, **spec):
    answer = client.post("/_fake/webhooks/faults", json=spec)
    assert answer.status_code == 201, answer.json
    return answer.json


def move(client, job_no, status, **extra):
    answer = client.post(f"/_fake/jobs/{job_no}/status", json={"Status": status, **extra})
    assert answer.status_code == 200, answer.json


def test_duplicate_sends_the_same_message_twice(hook_client, hook_auth, hook_backend, receiver):
    subscribe(hook_client, hook_auth, receiver.url)
    add_fault(hook_client, kind="duplicate", times=1)
    [job_no] = place_order(hook_backend, 10)
    move(hook_client, job_no, "InProduction")
    flush(hook_client)
    ids = [r.headers["webhook-id"] for r in receiver.received]
    sequences = [r.json["Sequence"] for r in receiver.received]
    assert len(ids) == 3 and ids[0] == ids[1] != ids[2]  # the first event twice, the second once
    assert sequences == [1, 1, 2]
    assert receiver.received[0].body == receiver.received[1].body
    assert all(verify_signature(SECRET, r.headers, r.body) for r in receiver.received)
    original, copy, _ = deliveries(hook_client)
    assert copy["duplicate_of"] == original["id"] and copy["status"] == "delivered"
    assert hook_client.get("/_fake/webhooks/faults").json["items"][0]["remaining"] == 0


def test_reorder_sends_newest_first_with_the_original_sequences(hook_client, hook_auth, hook_backend, receiver):
    subscribe(hook_client, hook_auth, receiver.url, events=["JobStatusChanged"])
    add_fault(hook_client, kind="reorder", count=3, times=1)
    [job_no] = place_order(hook_backend, 10)
    move(hook_client, job_no, "OutOnProof")
    move(hook_client, job_no, "InProduction")
    flush(hook_client)
    assert receiver.received == []  # the batch is not full: held, not due
    assert [d["status"] for d in deliveries(hook_client)] == ["held", "held"]
    move(hook_client, job_no, "FinishedProduction")
    move(hook_client, job_no, "OnHold")  # after the batch: in order
    flush(hook_client)
    received = [(e["Sequence"], e["Data"]["Status"]["Name"]) for e in receiver.events()]
    assert received[:3] == [(3, "FinishedProduction"), (2, "InProduction"), (1, "OutOnProof")]
    assert received[3] == (4, "OnHold")


def test_a_reorder_batch_that_does_not_fill_is_released_after_hold_s(hook_client, hook_auth, hook_backend, receiver):
    subscribe(hook_client, hook_auth, receiver.url)
    add_fault(hook_client, kind="reorder", count=5, hold_s=30)
    [job_no] = place_order(hook_backend, 10)
    move(hook_client, job_no, "InProduction")
    flush(hook_client)
    assert receiver.received == []
    advance(hook_client, 30)
    flush(hook_client)
    assert [e["Sequence"] for e in receiver.events()] == [2, 1]


def test_removing_a_reorder_fault_releases_what_it_held(hook_client, hook_auth, hook_backend, receiver):
    subscribe(hook_client, hook_auth, receiver.url)
    rule = add_fault(hook_client, kind="reorder", count=9)
    [job_no] = place_order(hook_backend, 10)
    move(hook_client, job_no, "OutOnProof")
    assert hook_client.get("/_fake/webhooks/faults").json["items"][0]["held"] == [1]
    assert hook_client.delete(f"/_fake/webhooks/faults/{rule['id']}").status_code == 200
    flush(hook_client)
    assert len(receiver.received) == 1


def test_delay_holds_the_first_attempt_on_the_fake_clock(hook_client, hook_auth, hook_backend, receiver):
    subscribe(hook_client, hook_auth, receiver.url)
    add_fault(hook_client, kind="delay", delay_s=45, event="JobStatusChanged")
    hook_client.patch("/_fake/products/1006", json={"UnitPrice": 3})  # another event: not delayed
    [job_no] = place_order(hook_backend, 10)
    move(hook_client, job_no, "OutOnProof")
    flush(hook_client)
    assert [e["Event"] for e in receiver.events()] == ["StockItemChanged"]
    advance(hook_client, 45)
    flush(hook_client)
    assert [e["Event"] for e in receiver.events()] == ["StockItemChanged", "JobStatusChanged"]


def test_fail_n_times_fails_attempts_without_contacting_the_receiver(hook_client, hook_auth, hook_backend, receiver):
    subscribe(hook_client, hook_auth, receiver.url)
    rule = add_fault(hook_client, kind="fail", times=2, status=502)
    [job_no] = place_order(hook_backend, 10)
    move(hook_client, job_no, "OutOnProof")
    for _ in range(3):
        flush(hook_client)
        advance(hook_client, 100)
    flush(hook_client)
    [delivery] = deliveries(hook_client)
    assert delivery["status"] == "delivered"
    assert [(a["status_code"], a["fault"]) for a in delivery["attempts"]] == [(502, rule["id"]), (502, rule["id"]), (204, None)]
    assert len(receiver.received) == 1


def test_injected_timeouts_and_retry_after(hook_client, hook_auth, hook_backend, receiver):
    subscribe(hook_client, hook_auth, receiver.url)
    add_fault(hook_client, kind="fail", times=1, error="timeout")
    add_fault(hook_client, kind="fail", times=1, status=503, retry_after_s=500)
    [job_no] = place_order(hook_backend, 10)
    move(hook_client, job_no, "OutOnProof")
    flush(hook_client)
    advance(hook_client, 100)
    flush(hook_client)
    first, second = deliveries(hook_client)[0]["attempts"]
    assert first["error"].startswith("timeout") and first["status_code"] is None
    assert second["status_code"] == 503 and second["retry_after_s"] == 500
    advance(hook_client, 400)
    flush(hook_client)
    assert receiver.received == []
    advance(hook_client, 100)
    flush(hook_client)
    assert len(receiver.received) == 1


def test_always_failing_deliveries_are_dead_lettered(hook_client, hook_auth, hook_backend, receiver):
    subscribe(hook_client, hook_auth, receiver.url)
    add_fault(hook_client, kind="fail", error="connection")
    [job_no] = place_order(hook_backend, 10)
    move(hook_client, job_no, "OutOnProof")
    for _ in range(5):
        flush(hook_client)
        advance(hook_client, 100)
    [dead] = deliveries(hook_client)
    assert dead["status"] == "dead" and len(dead["attempts"]) == 4
    assert receiver.received == []


def test_faults_can_target_one_subscription(hook_client, hook_auth, hook_backend, receiver):
    first = subscribe(hook_client, hook_auth, receiver.url + "?a", events=["JobStatusChanged"])
    subscribe(hook_client, hook_auth, receiver.url + "?b", events=["JobStatusChanged"])
    add_fault(hook_client, kind="duplicate", subscription_id=first["ID"])
    assert hook_client.post("/_fake/webhooks/faults", json={"kind": "delay", "delay_s": 1,
                                                            "subscription_id": 99}).status_code == 404
    [job_no] = place_order(hook_backend, 10)
    move(hook_client, job_no, "OutOnProof")
    flush(hook_client)
    by_subscription = [d["subscription_id"] for d in deliveries(hook_client)]
    assert sorted(by_subscription) == sorted([first["ID"], first["ID"], first["ID"] + 1])


def test_deleting_a_subscription_cancels_its_waiting_deliveries(hook_client, hook_auth, hook_backend, receiver):
    subscription = subscribe(hook_client, hook_auth, receiver.url)
    add_fault(hook_client, kind="delay", delay_s=60)
    [job_no] = place_order(hook_backend, 10)
    move(hook_client, job_no, "OutOnProof")
    hook_client.delete(f"/TharsternAPI/api/webhooks/subscriptions/{subscription['ID']}", headers=hook_auth)
    advance(hook_client, 120)
    flush(hook_client)
    assert [d["status"] for d in deliveries(hook_client)] == ["cancelled"]
    assert receiver.received == []


def test_coverage_counts_delivered_events_and_fired_delivery_faults(hook_client, hook_auth, hook_backend, receiver):
    subscribe(hook_client, hook_auth, receiver.url)
    add_fault(hook_client, kind="fail", times=1)
    [job_no] = place_order(hook_backend, 10)
    move(hook_client, job_no, "Despatched", TrackingNumber="T1")
    flush(hook_client)
    coverage = hook_client.get("/_fake/coverage").json
    assert coverage["faults"]["hit"] == {"webhook-fail": 1}
    assert "webhook-reorder" in coverage["faults"]["missed"] and "drop" in coverage["faults"]["missed"]
    assert coverage["events"]["hit"] == {"JobDespatched": 1, "JobStatusChanged": 3}  # the 1st failed, not yet delivered
    assert coverage["events"]["missed"] == ["StockItemChanged"]
    assert coverage["transitions"]["hit"]["FinishedProduction->Despatched"] == 1
