"""The dispatcher thread: it never blocks an API request, reset drops in-flight work and clears
everything, close stops the thread, and nothing starts a thread until there is work."""
import threading

from fake_tharstern.app import create_app
from tests.fixtures.fake import basic, issue_token
from tests.fixtures.webhooks import FAST_POLICY, deliveries, flush, place_order, subscribe


def run_in_thread(fn):
    """Run ``fn`` in a thread; return (finished within 10 s, its result). A guard against a
    deadlock, not a timing assertion."""
    box = {}
    worker = threading.Thread(target=lambda: box.setdefault("result", fn()), daemon=True)
    worker.start()
    worker.join(10)
    return not worker.is_alive(), box.get("result")


def test_api_requests_do_not_wait_for_a_receiver_that_hangs(hook_app, hook_client, hook_auth, hook_backend, receiver):
    hook_backend.set_webhook_policy({"timeout_s": 30})  # the fake waits for the receiver for up to 30 s
    subscribe(hook_client, hook_auth, receiver.url)
    first, second = place_order(hook_backend, 10, 20)
    gate = receiver.hold_next()
    hook_client.post(f"/_fake/jobs/{first}/status", json={"Status": "OutOnProof"})
    receiver.wait_for(1)  # the delivery is on the wire, and the receiver will not answer until the gate opens

    def api_calls():
        client = hook_app.test_client()
        listed = client.get("/TharsternAPI/api/jobs", query_string={"jobNo": first}, headers=hook_auth)
        moved = client.post(f"/_fake/jobs/{second}/status", json={"Status": "OutOnProof"})
        subscribed = client.get("/TharsternAPI/api/webhooks/subscriptions", headers=hook_auth)
        state = client.get("/_fake/webhooks/deliveries")
        return listed, moved, subscribed, state

    finished, (listed, moved, subscribed, state) = run_in_thread(api_calls)
    assert finished and not gate.is_set()
    assert listed.json["Details"]["Items"][0]["Status"]["Name"] == "OutOnProof"
    assert moved.status_code == 200 and subscribed.status_code == 200
    assert [d["status"] for d in state.json["items"]] == ["sending", "pending"]
    gate.set()
    flush(hook_client)
    assert [d["status"] for d in deliveries(hook_client)] == ["delivered", "delivered"]


def test_reset_drops_the_attempt_in_flight_and_clears_everything(hook_app, hook_client, hook_auth, hook_backend, receiver):
    hook_backend.set_webhook_policy({"timeout_s": 0.3})  # a reset waits at most this for the attempt in flight
    subscribe(hook_client, hook_auth, receiver.url)
    hook_client.post("/_fake/webhooks/faults", json={"kind": "duplicate"})  # a copy waits behind the first
    [job_no] = place_order(hook_backend, 10)
    gate = receiver.hold_next()
    hook_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "OutOnProof"})
    receiver.wait_for(1)
    finished, _ = run_in_thread(lambda: hook_app.test_client().post("/_fake/reset"))
    assert finished  # waits at most one timeout (0.3 s) for the attempt in flight
    gate.set()
    snapshot = hook_client.get("/_fake/state", query_string={"summary": "true"}).json["webhooks"]
    assert snapshot["subscriptions"] == [] and snapshot["faults"] == []
    assert sum(snapshot["deliveries"].values()) == 0
    flush(hook_client)
    assert deliveries(hook_client) == []  # the attempt that came back after the reset left no trace
    # the dispatcher still works after a reset, and sequences start again
    auth = basic(issue_token(hook_client))
    subscribe(hook_client, auth, receiver.url)
    [again] = place_order(hook_backend, 10, ref="AFTER")
    hook_client.post(f"/_fake/jobs/{again}/status", json={"Status": "OutOnProof"})
    flush(hook_client)
    assert [d["status"] for d in deliveries(hook_client)] == ["delivered"]
    assert receiver.received[-1].json["Sequence"] == 1


def test_no_thread_until_there_is_work_and_close_stops_it(receiver):
    app = create_app(FAST_POLICY)
    backend = app.extensions["fake_tharstern"]
    client = app.test_client()
    try:
        [job_no] = place_order(backend, 10)
        client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "OutOnProof"})
        client.post("/_fake/clock", json={"advance_s": 60})
        assert not backend.webhooks.dispatcher.running  # nobody subscribed: nothing to send
        subscribe(client, basic(issue_token(client)), receiver.url)
        client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "InProduction"})
        assert backend.webhooks.dispatcher.running
        flush(client)
    finally:
        backend.close()
    assert not backend.webhooks.dispatcher.running
    backend.close()  # idempotent
    client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "FinishedProduction"})
    assert not backend.webhooks.dispatcher.running  # a closed backend starts no thread again
    answer = client.post("/_fake/webhooks/flush", json={"timeout_s": 1})
    assert answer.status_code == 200 and answer.json["drained"] is False
    assert [d["status"] for d in deliveries(client)] == ["delivered", "pending"]


def test_flush_gives_up_after_its_timeout(hook_client, hook_auth, hook_backend, receiver):
    hook_backend.set_webhook_policy({"timeout_s": 30})
    subscribe(hook_client, hook_auth, receiver.url)
    gate = receiver.hold_next()
    hook_backend.edit_product(1006, {"UnitPrice": 1})
    answer = hook_client.post("/_fake/webhooks/flush", json={"timeout_s": 0.2})
    assert answer.json["drained"] is False and answer.json["counts"]["sending"] == 1
    gate.set()
    assert flush(hook_client)["counts"]["delivered"] == 1


def test_an_unexpected_error_while_sending_fails_the_attempt_and_the_thread_goes_on(
        hook_client, hook_auth, hook_backend, receiver, monkeypatch):
    from fake_tharstern.backend.webhooks import dispatcher
    real = dispatcher.signature_headers
    calls = []

    def broken_once(*args):
        calls.append(args)
        if len(calls) == 1:
            raise RuntimeError("signer exploded")
        return real(*args)

    monkeypatch.setattr(dispatcher, "signature_headers", broken_once)
    subscribe(hook_client, hook_auth, receiver.url)
    hook_backend.edit_product(1006, {"UnitPrice": 2})
    hook_backend.edit_product(1006, {"UnitPrice": 3})
    flush(hook_client)
    first, second = deliveries(hook_client)
    assert first["status"] == "pending" and first["attempts"][0]["error"].startswith("internal: RuntimeError")
    assert second["status"] == "delivered"
