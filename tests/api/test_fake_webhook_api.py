"""The new routes through the test client: subscriptions under the faked API (token, envelope,
ModelState), job and webhook controls under /_fake (4xx naming the field), and the OpenAPI
document."""
import pytest

from tests.fixtures.webhooks import SECRET, place_order

SUBSCRIPTIONS = "/TharsternAPI/api/webhooks/subscriptions"


def test_subscriptions_need_a_token(hook_client):
    assert hook_client.get(SUBSCRIPTIONS).status_code == 401
    answer = hook_client.post(SUBSCRIPTIONS, json={"Url": "http://127.0.0.1:1/x", "Events": ["JobDespatched"]})
    assert answer.status_code == 401 and answer.json["Status"]["Success"] is False


def test_create_list_and_delete_a_subscription(hook_client, hook_auth):
    created = hook_client.post(SUBSCRIPTIONS, headers=hook_auth, json={
        "Url": "https://connector.example/webhooks/tharstern/default", "Events": ["JobStatusChanged", "JobDespatched"],
        "Secret": SECRET})
    assert created.status_code == 200 and created.json["Status"]["Success"] is True
    details = created.json["Details"]
    assert details["ID"] == 1 and details["Secret"] == SECRET and details["CreatedByUserId"] == 1
    generated = hook_client.post("/tharsternapi/API/Webhooks/Subscriptions", headers=hook_auth,
                                 json={"Url": "http://127.0.0.1:9/x", "Events": ["StockItemChanged"]})
    assert generated.json["Details"]["Secret"].startswith("whsec_")
    listed = hook_client.get(SUBSCRIPTIONS, headers=hook_auth, query_string={"paging_numberOfRecords": 1})
    assert listed.json["Details"]["TotalItemCount"] == 2
    [first] = listed.json["Details"]["Items"]
    assert first["Url"] == details["Url"] and "Secret" not in first
    deleted = hook_client.delete(f"{SUBSCRIPTIONS}/1", headers=hook_auth)
    assert deleted.status_code == 200 and deleted.json["Details"]["ID"] == 1
    again = hook_client.delete(f"{SUBSCRIPTIONS}/1", headers=hook_auth)
    assert again.status_code == 200 and again.json["Status"]["Success"] is False
    assert "was not found" in again.json["Status"]["Reasons"][0]
    assert hook_client.get(SUBSCRIPTIONS, headers=hook_auth).json["Details"]["TotalItemCount"] == 1


@pytest.mark.parametrize("body, field", [
    ({"Url": "not a url", "Events": ["JobDespatched"]}, "subscription.Url"),
    ({"Url": "mailto:x@y.z", "Events": ["JobDespatched"]}, "subscription.Url"),
    ({"Events": ["JobDespatched"]}, "subscription.Url"),
    ({"Url": "http://h/x", "Events": ["JobDespatched", "JobExploded"]}, "subscription.Events[1]"),
    ({"Url": "http://h/x", "Events": []}, "subscription.Events"),
    ({"Url": "http://h/x", "Events": ["JobDespatched"], "Secret": "s3cret"}, "subscription.Secret"),
    ({"Url": 5, "Events": ["JobDespatched"]}, "subscription.Url"),
    ([1, 2], "subscription"),
])
def test_bad_subscriptions_are_modelstate_400(hook_client, hook_auth, body, field):
    answer = hook_client.post(SUBSCRIPTIONS, headers=hook_auth, json=body)
    assert answer.status_code == 400
    assert answer.json["Message"] == "The request is invalid."
    assert field in answer.json["ModelState"], answer.json


def test_subscription_body_that_is_not_json_or_empty_is_400(hook_client, hook_auth):
    for data in (b"{nope", b""):
        answer = hook_client.post(SUBSCRIPTIONS, headers={**hook_auth, "Content-Type": "application/json"}, data=data)
        assert answer.status_code == 400 and "subscription" in answer.json["ModelState"]
    assert hook_client.delete(f"{SUBSCRIPTIONS}/abc", headers=hook_auth).status_code == 404


def test_job_status_control_answers(hook_client, hook_backend):
    [job_no] = place_order(hook_backend, 10)
    moved = hook_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "Despatched", "TrackingNumber": "1Z",
                                                                   "Courier": "DPD"})
    assert moved.status_code == 200 and moved.json["Deliveries"][0]["Courier"] == "DPD"
    refused = hook_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "Cancelled"})
    assert refused.status_code == 409 and "before it is Despatched" in refused.json["message"]
    missing = hook_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "Despatched"})
    assert missing.status_code == 409  # already despatched comes first
    [fresh] = place_order(hook_backend, 5, ref="WEB-2")
    no_tracking = hook_client.post(f"/_fake/jobs/{fresh}/status", json={"Status": "Delivered"})
    assert no_tracking.status_code == 400 and "TrackingNumber" in no_tracking.json["errors"]
    assert hook_client.post("/_fake/jobs/424242/status", json={"Status": "OutOnProof"}).status_code == 404
    bad = hook_client.post(f"/_fake/jobs/{fresh}/status", json={"Status": "Lost", "TrackingNumber": 7})
    assert bad.status_code == 400 and "Status" in bad.json["errors"]
    assert hook_client.post(f"/_fake/jobs/{fresh}/status", data=b"{").status_code == 400
    assert hook_client.post(f"/_fake/jobs/{fresh}/status").status_code == 400
    view = hook_client.get(f"/_fake/jobs/{job_no}/status").json
    assert view["Next"] == ["Delivered"] and view["LastEventSequence"] == 5
    assert hook_client.get("/_fake/jobs/nope/status").status_code == 404


def test_auto_progression_controls(hook_client, hook_backend):
    [job_no] = place_order(hook_backend, 10)
    planned = hook_client.post(f"/_fake/jobs/{job_no}/auto", json={"to": "Completed", "after_reads": 1})
    assert planned.status_code == 200 and planned.json["auto"]["mode"] == "reads"
    assert hook_client.post(f"/_fake/jobs/{job_no}/auto", json={"to": "Entered"}).status_code == 409
    bad = hook_client.post(f"/_fake/jobs/{job_no}/auto", json={"to": "Completed", "after_s": "soon"})
    assert bad.status_code == 400 and "after_s" in bad.json["errors"]
    assert hook_client.delete(f"/_fake/jobs/{job_no}/auto").json["cancelled"] is True
    assert hook_client.delete(f"/_fake/jobs/{job_no}/auto").json["cancelled"] is False
    default = hook_client.put("/_fake/jobs/auto", json={"to": "Despatched", "after_s": 60, "Courier": "DHL"})
    assert default.status_code == 200 and default.json["default"]["to"] == "Despatched"
    assert hook_client.get("/_fake/jobs/auto").json["default"]["Courier"] == "DHL"
    assert hook_client.put("/_fake/jobs/auto", json={"to": "Despatched", "TrackingNumber": "X"}).status_code == 400
    assert hook_client.delete("/_fake/jobs/auto").json["default"] is None


def test_webhook_control_validation(hook_client):
    assert hook_client.get("/_fake/webhooks/deliveries", query_string={"status": "lost"}).status_code == 400
    both = hook_client.get("/_fake/webhooks/deliveries", query_string={"job_no": "1", "stock_item_id": 2})
    assert both.status_code == 200 and both.json["items"] == []  # filters combine; no event is about both
    assert hook_client.get("/_fake/webhooks/deliveries/9").status_code == 404
    assert hook_client.post("/_fake/webhooks/deliveries/9/redeliver").status_code == 404
    bad_flush = hook_client.post("/_fake/webhooks/flush", json={"timeout_s": -1, "colour": 1})
    assert bad_flush.status_code == 400
    assert hook_client.post("/_fake/webhooks/flush", json=[]).status_code == 400
    assert hook_client.post("/_fake/webhooks/flush").json["drained"] is True
    fault = hook_client.post("/_fake/webhooks/faults", json={"kind": "fail", "status": 99})
    assert fault.status_code == 400 and "status" in fault.json["errors"]
    assert hook_client.delete("/_fake/webhooks/faults/5").status_code == 404
    policy = hook_client.put("/_fake/webhooks/policy", json={"max_attempts": 1000})
    assert policy.status_code == 400 and "max_attempts" in policy.json["errors"]
    assert hook_client.put("/_fake/webhooks/policy", json={"backoff_base_s": 1.5}).json["backoff_base_s"] == 1.5


def test_every_new_route_is_in_the_openapi_document(hook_client):
    paths = hook_client.get("/openapi.json").json["paths"]
    for path in ["/TharsternAPI/api/webhooks/subscriptions", "/TharsternAPI/api/webhooks/subscriptions/{subscription_id}",
                 "/_fake/jobs/{job_no}/status", "/_fake/jobs/{job_no}/auto", "/_fake/jobs/auto",
                 "/_fake/webhooks/deliveries", "/_fake/webhooks/deliveries/{delivery_id}",
                 "/_fake/webhooks/deliveries/{delivery_id}/redeliver", "/_fake/webhooks/flush",
                 "/_fake/webhooks/faults", "/_fake/webhooks/faults/{fault_id}", "/_fake/webhooks/policy"]:
        assert path in paths, path
    post = paths["/TharsternAPI/api/webhooks/subscriptions"]["post"]
    assert post["security"] == [{"TharsternToken": []}] and "400" in post["responses"]
