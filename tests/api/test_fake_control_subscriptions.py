"""Webhook subscriptions made through the control plane (as a Tharstern administrator would, and
as the console does): the same rules as the faked API's subscriptions, control-plane shapes."""
from tests.fixtures.webhooks import SECRET, flush, place_order, subscribe

CONTROL = "/_fake/webhooks/subscriptions"
API = "/TharsternAPI/api/webhooks/subscriptions"


def test_a_control_plane_subscription_receives_events(hook_client, hook_backend, receiver):
    made = hook_client.post(CONTROL, json={"Url": receiver.url, "Events": ["jobstatuschanged"], "Secret": SECRET})
    assert made.status_code == 201
    assert made.json["Events"] == ["JobStatusChanged"] and made.json["Secret"] == SECRET
    assert made.json["CreatedByUserId"] == 0
    (job_no,) = place_order(hook_backend, 10)
    assert hook_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "OutOnProof"}).status_code == 200
    flush(hook_client)
    assert [e["Event"] for e in receiver.events()] == ["JobStatusChanged"]


def test_generated_secret_is_shown_once_and_lists_leave_it_out(hook_client, hook_auth):
    made = hook_client.post(CONTROL, json={"Url": "http://127.0.0.1:9/hook", "Events": ["JobDespatched"]}).json
    assert made["Secret"].startswith("whsec_")
    listed = hook_client.get(CONTROL).json
    assert listed["count"] == 1 and "Secret" not in listed["items"][0]
    assert listed["items"][0]["Url"] == "http://127.0.0.1:9/hook"


def test_both_planes_see_the_same_subscriptions(hook_client, hook_auth):
    subscribe(hook_client, hook_auth, "http://127.0.0.1:9/api-made")
    hook_client.post(CONTROL, json={"Url": "http://127.0.0.1:9/control-made", "Events": ["StockItemChanged"]})
    from_control = [s["Url"] for s in hook_client.get(CONTROL).json["items"]]
    from_api = [s["Url"] for s in hook_client.get(API, headers=hook_auth).json["Details"]["Items"]]
    assert from_control == from_api == ["http://127.0.0.1:9/api-made", "http://127.0.0.1:9/control-made"]


def test_bad_subscriptions_name_each_field(hook_client):
    answer = hook_client.post(CONTROL, json={"Url": "ftp://x", "Events": ["JobExploded"], "Secret": "s3cret"})
    assert answer.status_code == 400
    assert set(answer.json["errors"]) == {"subscription.Url", "subscription.Events[0]", "subscription.Secret"}
    assert hook_client.post(CONTROL, data="not json").status_code == 400
    assert hook_client.post(CONTROL, json=[1]).status_code == 400
    assert hook_client.get(CONTROL).json["count"] == 0


def test_deleting_cancels_waiting_deliveries_and_unknown_ids_are_404(hook_client, hook_backend):
    made = hook_client.post(CONTROL, json={"Url": "http://127.0.0.1:9/hook", "Events": ["JobStatusChanged"]}).json
    hook_client.post("/_fake/webhooks/faults", json={"kind": "delay", "delay_s": 3600})
    (job_no,) = place_order(hook_backend, 10)
    hook_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "OutOnProof"})
    removed = hook_client.delete(f"{CONTROL}/{made['ID']}")
    assert removed.status_code == 200 and removed.json["ID"] == made["ID"] and "Secret" not in removed.json
    statuses = [d["status"] for d in hook_client.get("/_fake/webhooks/deliveries").json["items"]]
    assert statuses == ["cancelled"]
    gone = hook_client.delete(f"{CONTROL}/{made['ID']}")
    assert gone.status_code == 404 and "does not exist" in gone.json["message"]
