"""The calls a public client makes that the Infigo flow does not (DESIGN §8.1), through the test
client: ``estimate/newestimatefromexisting``, ``orders/submitorderasset`` (kept with the order and
shown in the console), ``job/update`` and ``jdf/submitjobs``. Each validates its input (400
naming the field) and answers business failures with ``Success=false``."""
from __future__ import annotations

import base64
import hashlib

import pytest

from tests.fixtures.webhooks import place_order

API = "/TharsternAPI/api"
ARTWORK = b"%PDF-1.4 artwork for the order\n"


def post(client, path, auth, json=None, **query):
    return client.post(f"{API}/{path}", json=json, query_string=query, headers=auth)


def first_estimate(client, auth, quantity=100):
    answer = post(client, "estrequest", auth, {"ProductTypeID": 2, "Quantity": quantity, "Customer": {"Code": "WEB001"},
                                               "IgnoreShipping": True, "Ref1": "basket-9"})
    return answer.json["Details"]["Estimate"]


def test_new_estimate_from_existing_prices_another_quantity(fake_client, auth):
    source = first_estimate(fake_client, auth)
    answer = post(fake_client, "estimate/newestimatefromexisting", auth, estimateId=source["ID"], quantity=2500)
    assert answer.status_code == 200 and answer.json["Status"]["Success"], answer.json
    made = answer.json["Details"]["Estimate"]
    assert made["ID"] != source["ID"] and made["Quantity"] == 2500
    assert (made["RevisedFromEstimateId"], made["IsRevision"]) == (source["ID"], True)
    assert (made["ProductTypeId"], made["Customer"], made["Ref1"]) == (2, source["Customer"], "basket-9")
    assert made["Price"] == made["PriceExclShipping"]  # IgnoreShipping carried over
    assert made["Price"] != source["Price"]
    again = post(fake_client, "estrequest", auth, {"ProductTypeID": 2, "Quantity": 2500, "Customer": {"Code": "WEB001"},
                                                   "IgnoreShipping": True})
    assert again.json["Details"]["Estimate"]["Price"] == made["Price"]  # the same price as asking afresh
    listed = fake_client.get(f"{API}/estimates", query_string={"id": made["ID"]}, headers=auth).json["Details"]
    assert listed["TotalItemCount"] == 1


def test_new_estimate_from_existing_validates_and_refuses(fake_client, auth):
    missing = post(fake_client, "estimate/newestimatefromexisting", auth)
    assert missing.status_code == 400 and set(missing.json["ModelState"]) == {"estimateId", "quantity"}
    zero = post(fake_client, "estimate/newestimatefromexisting", auth, estimateId=50001, quantity=0)
    assert zero.status_code == 400 and "greater than zero" in zero.json["ModelState"]["quantity"][0]
    unknown = post(fake_client, "estimate/newestimatefromexisting", auth, estimateId=424242, quantity=10)
    assert unknown.status_code == 200 and unknown.json["Status"]["Success"] is False
    assert "424242 was not found" in unknown.json["Status"]["Reasons"][0]
    source = first_estimate(fake_client, auth)
    too_few = post(fake_client, "estimate/newestimatefromexisting", auth, estimateId=source["ID"], quantity=3)
    assert too_few.json["Status"]["Success"] is False and "below the minimum" in too_few.json["Status"]["Reasons"][0]
    wrong_method = fake_client.get(f"{API}/estimate/newestimatefromexisting?estimateId=1&quantity=1", headers=auth)
    assert wrong_method.status_code == 405


def test_order_asset_is_kept_with_the_order_and_shown_in_the_console(fake_client, fake_backend, auth):
    place_order(fake_backend, 10, ref="ART-1")
    order = fake_client.get(f"{API}/orders", query_string={"keyword": "ART-1"}, headers=auth).json["Details"]["Items"][0]
    body = {"OrderId": order["ID"], "Filename": "cover art.pdf", "Content_Base64": base64.b64encode(ARTWORK).decode()}
    answer = post(fake_client, "orders/submitorderasset", auth, body)
    assert answer.status_code == 200 and answer.json["Status"]["Success"], answer.json
    sent = answer.json["Details"]
    assert (sent["OrderId"], sent["OrderNo"], sent["Filename"], sent["Size"]) == (
        order["ID"], order["OrderNo"], "cover art.pdf", len(ARTWORK))
    assert sent["SHA256"] == hashlib.sha256(ARTWORK).hexdigest() and sent["ContentType"] == "application/pdf"
    listed = fake_client.get(f"{API}/orders", query_string={"orderIDs": order["ID"]}, headers=auth).json
    assert [a["ID"] for a in listed["Details"]["Items"][0]["Assets"]] == [sent["ID"]]
    page = fake_client.get("/_fake/ui/orders").get_data(as_text=True)
    assert "cover art.pdf" in page and f"/_fake/ui/orders/{order['ID']}/assets/{sent['ID']}" in page
    download = fake_client.get(f"/_fake/ui/orders/{order['ID']}/assets/{sent['ID']}")
    assert download.status_code == 200 and download.data == ARTWORK
    assert "attachment" in download.headers["Content-Disposition"]
    assert fake_client.get(f"/_fake/ui/orders/{order['ID']}/assets/1").status_code == 404


@pytest.mark.parametrize("body, field", [
    ({}, "orderAsset.OrderId"),
    ({"OrderId": "x", "Filename": "a.pdf", "Content_Base64": "QQ=="}, "orderAsset.OrderId"),
    ({"OrderId": 70001, "Content_Base64": "QQ=="}, "orderAsset.Filename"),
    ({"OrderId": 70001, "Filename": "../etc/passwd", "Content_Base64": "QQ=="}, "orderAsset.Filename"),
    ({"OrderId": 70001, "Filename": "a.pdf"}, "orderAsset.Content_Base64"),
    ({"OrderId": 70001, "Filename": "a.pdf", "Content_Base64": "not base64!"}, "orderAsset.Content_Base64"),
])
def test_order_asset_bad_input_is_a_400_naming_the_field(fake_client, auth, body, field):
    answer = post(fake_client, "orders/submitorderasset", auth, body)
    assert answer.status_code == 400 and field in answer.json["ModelState"], answer.json


def test_order_asset_for_an_unknown_order_fails_and_keeps_nothing(fake_client, fake_backend, auth):
    answer = post(fake_client, "orders/submitorderasset", auth, {"OrderId": 79999, "Filename": "a.pdf",
                                                                  "Content_Base64": "QQ=="})
    assert answer.status_code == 200 and answer.json["Status"]["Success"] is False
    assert "79999 was not found" in answer.json["Status"]["Reasons"][0] and answer.json["Details"] is None
    assert not fake_backend.state.order_assets


def test_job_update_changes_what_a_client_may_change(fake_client, fake_backend, auth):
    job_no = place_order(fake_backend, 10, ref="UPD-1")[0]
    answer = post(fake_client, "job/update", auth, {"JobNo": job_no, "Title": "Pens, blue", "Ref3": "PO-77",
                                                     "RequiredDateTime": "2027-01-15", "QuantityOrdered": 12,
                                                     "Status": "Completed"})
    assert answer.status_code == 200 and answer.json["Status"]["Success"], answer.json
    updated = answer.json["Details"]["UpdatedJob"]
    assert (updated["Title"], updated["Ref3"], updated["QuantityOrdered"]) == ("Pens, blue", "PO-77", 12)
    assert updated["RequiredDateTime"].startswith("2027-01-15") and updated["Status"]["Name"] == "Entered"
    read = fake_client.get(f"{API}/jobs", query_string={"jobNo": job_no}, headers=auth).json["Details"]["Items"][0]
    assert read["Title"] == "Pens, blue" and read["QuantityOrdered"] == 12
    fake_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "InProduction"})
    late = post(fake_client, "job/update", auth, {"JobId": int(job_no), "QuantityOrdered": 20})
    assert late.json["Status"]["Success"] is False and "before production" in late.json["Status"]["Reasons"][0]
    fake_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "Cancelled"})
    closed = post(fake_client, "job/update", auth, {"JobId": int(job_no), "Title": "x"})
    assert closed.json["Status"]["Success"] is False and "Cancelled" in closed.json["Status"]["Reasons"][0]


@pytest.mark.parametrize("body, field", [
    ({"Title": "x"}, "jobUpdate.JobId"),
    ({"JobId": 100001}, "jobUpdate"),
    ({"JobId": 100001, "QuantityOrdered": 0}, "jobUpdate.QuantityOrdered"),
    ({"JobId": 100001, "RequiredDateTime": "soon"}, "jobUpdate.RequiredDateTime"),
    ({"JobId": "abc", "Title": "x"}, "jobUpdate.JobId"),
])
def test_job_update_bad_input_is_a_400_naming_the_field(fake_client, auth, body, field):
    answer = post(fake_client, "job/update", auth, body)
    assert answer.status_code == 400 and field in answer.json["ModelState"], answer.json


def test_job_update_of_an_unknown_job_fails(fake_client, auth):
    answer = post(fake_client, "job/update", auth, {"JobNo": "999999", "Title": "x"})
    assert answer.status_code == 200 and answer.json["Status"]["Success"] is False
    assert answer.json["Details"] == {"UpdatedJob": None}


def test_jdf_submit_jobs_sends_each_job_it_can(fake_client, fake_backend, auth):
    first, second = place_order(fake_backend, 10, 20, ref="JDF-1")
    fake_client.post(f"/_fake/jobs/{second}/status", json={"Status": "Cancelled"})
    answer = post(fake_client, "jdf/submitjobs", auth, {"Items": [{"JobId": int(first)}, {"JobId": "424242"},
                                                                   {"JobId": int(second)}]})
    assert answer.status_code == 200 and answer.json["Status"]["Success"], answer.json
    results = answer.json["Details"]["Items"]
    assert [(r["JobId"], r["Submitted"]) for r in results] == [(int(first), True), (424242, False), (int(second), False)]
    assert "not found" in results[1]["Message"] and "Cancelled" in results[2]["Message"]
    job = fake_client.get(f"{API}/jobs", query_string={"jobNo": first}, headers=auth).json["Details"]["Items"][0]
    assert job["JdfSubmittedDateTime"]


@pytest.mark.parametrize("body, field", [
    ({}, "jdfSubmitJobs.Items"),
    ({"Items": []}, "jdfSubmitJobs.Items"),
    ({"Items": "100001"}, "jdfSubmitJobs.Items"),
    ({"Items": [{"JobId": 0}]}, "jdfSubmitJobs.Items[0].JobId"),
    ({"Items": [{}]}, "jdfSubmitJobs.Items[0].JobId"),
])
def test_jdf_submit_jobs_bad_input_is_a_400_naming_the_field(fake_client, auth, body, field):
    answer = post(fake_client, "jdf/submitjobs", auth, body)
    assert answer.status_code == 400 and field in answer.json["ModelState"], answer.json


def test_the_new_calls_are_in_the_openapi_document(fake_client):
    paths = fake_client.get("/openapi.json").json["paths"]
    for path in ("estimate/newestimatefromexisting", "orders/submitorderasset", "job/update", "jdf/submitjobs"):
        operation = paths[f"{API}/{path}"]["post"]
        assert {"200", "400", "401"} <= set(operation["responses"]), path
