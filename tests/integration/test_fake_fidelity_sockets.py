"""Fidelity over real sockets: a client written as the public PHP and .NET clients write their
requests (index-style lists, True/False, trailing slashes, the calls the Infigo flow does not
make) against the fake served on loopback; injected faults carry the caller's token status; and
webhook event ids stay unique across a reset, as a receiver that remembers ids sees them."""
from __future__ import annotations

import base64
import http.client
import json
from urllib.parse import urlencode

from tests.fixtures.fake import basic
from tests.fixtures.webhooks import flush, place_order, subscribe

API = "/TharsternAPI/api"


class Client:
    """A bare HTTP client on one connection per call, as a PHP client built on curl is."""

    def __init__(self, server) -> None:
        self.server = server
        self.headers: dict[str, str] = {}

    def call(self, method: str, path: str, body=None, *, content_type: str | None = "application/json",
             query: str = "") -> tuple[int, dict]:
        connection = http.client.HTTPConnection(self.server.host, self.server.port, timeout=10)
        headers = dict(self.headers)
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            if content_type:
                headers["Content-Type"] = content_type
            else:
                headers.pop("Content-Type", None)
        try:
            connection.request(method, f"{API}/{path}" + (f"?{query}" if query else ""), body=data, headers=headers)
            answer = connection.getresponse()
            return answer.status, json.loads(answer.read() or b"null")
        finally:
            connection.close()


def test_a_php_style_client_meets_nothing_to_trip_on(fake_server):
    client = Client(fake_server)
    status, token = client.call("GET", "Authentication/GenerateAPIToken", query=urlencode(
        {"email": "integration@demo.test", "password": "tharstern", "applicationId": "php"}))
    assert status == 200
    # the PHP client sends base64(token) with no colon, and a JSON Content-Type on every call
    client.headers["Authorization"] = "Basic " + base64.b64encode(token["Details"]["Token"].encode()).decode()
    client.headers["Content-Type"] = "application/json"
    # http_build_query writes lists index-style and PHP's booleans as the client spells them
    status, listed = client.call("GET", "products/", query="id%5B0%5D=1006&id%5B1%5D=1007&includeGeneric=True")
    assert status == 200 and [p["ID"] for p in listed["Details"]["Items"]] == [1006, 1007]
    request = {"ProductTypeID": 2, "Quantity": 100, "Customer": {"Code": "WEB001"}}
    status, unlabelled = client.call("POST", "estrequest/", request, content_type=None)
    assert status == 415 and "application/octet-stream" in unlabelled["Message"]
    status, priced = client.call("POST", "estrequest/", request)
    assert status == 200 and priced["Status"]["Success"]
    source = priced["Details"]["Estimate"]
    assert (source["Ordered"]["Name"], source["JobCreated"]) == ("NotOrdered", "")
    assert "FinishedSize" in source["Parts"][0]
    status, types = client.call("GET", "producttypes", query="id=1")
    assert types["Details"]["Items"][0]["DefaultPageSize"] == "BC"
    status, more = client.call("POST", "estimate/newestimatefromexisting",
                               query=f"estimateId={source['ID']}&quantity=500")
    assert status == 200 and more["Details"]["Estimate"]["RevisedFromEstimateId"] == source["ID"]
    order = {"Orders": [{"UniqueSubmitOrderID": "php-1", "InvoiceCustomer": {"Code": "WEB001"},
                         "Items": [{"StockItemID": "1006", "Quantity": "20", "Ref1": "php-1"}]}]}
    status, submitted = client.call("POST", "orders/submit", order)
    order_id = submitted["Details"]["Orders"][0]["ID"]
    assert status == 200 and order_id
    artwork = {"OrderId": order_id, "Filename": "proof.pdf", "Content_Base64": base64.b64encode(b"%PDF").decode()}
    status, asset = client.call("POST", "orders/submitorderasset", artwork)
    assert status == 200 and asset["Details"]["Size"] == 4
    status, orders = client.call("GET", "orders", query=urlencode({"orderIDs[0]": order_id, "orderNOs[0]": "SO070001"}))
    assert status == 200 and [o["ID"] for o in orders["Details"]["Items"]] == [order_id]
    status, jobs = client.call("GET", "jobs", query="ref1=php-1")
    job = jobs["Details"]["Items"][0]
    status, by_number = client.call("GET", "jobs", query=urlencode({"jobNo[0]": job["JobNo"]}))
    assert [j["ID"] for j in by_number["Details"]["Items"]] == [job["ID"]]
    assert job["QuantityOrdered"] == 20 and job["InvoiceCustomer"]["Code"] == "WEB001"
    status, updated = client.call("POST", "job/update", {"JobId": job["ID"], "Ref2": "php-line-1"})
    assert status == 200 and updated["Details"]["UpdatedJob"]["Ref2"] == "php-line-1"
    status, sent = client.call("POST", "jdf/submitjobs", {"Items": [{"JobId": job["ID"]}]})
    assert status == 200 and sent["Details"]["Items"][0]["Submitted"] is True
    status, bad = client.call("POST", "jdf/submitjobs", {"Items": [{"JobId": "x"}]})
    assert status == 400 and "jdfSubmitJobs.Items[0].JobId" in bad["ModelState"]


def test_an_injected_fault_says_what_the_callers_token_is(fake_server, fake_client, auth):
    fake_client.post("/_fake/faults", json={"path": "/TharsternAPI/api/customers*", "kind": "error", "status": 500})
    client = Client(fake_server)
    client.headers.update(auth)
    status, answer = client.call("GET", "customers")
    assert status == 500 and answer["Status"]["Token"]["Status"]["Name"] == "Valid"
    client.headers.clear()
    status, answer = client.call("GET", "customers")
    assert status == 500 and answer["Status"]["Token"]["Status"]["Name"] == "Missing"


def test_event_ids_stay_unique_across_a_reset(hook_client, hook_backend, receiver):
    def despatch_and_collect(ref: str) -> list[str]:
        subscribe(hook_client, basic_token(), receiver.url)
        [job_no] = place_order(hook_backend, 10, ref=ref)
        hook_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "Despatched", "TrackingNumber": "1Z"})
        flush(hook_client)
        return [r.headers["webhook-id"] for r in receiver.received]

    def basic_token():
        answer = hook_client.get(f"{API}/authentication/generateapitoken", query_string={
            "email": "integration@demo.test", "password": "tharstern", "applicationId": "ids"})
        return basic(answer.json["Details"]["Token"])

    first = despatch_and_collect("SAME-1")
    assert hook_client.post("/_fake/reset").status_code == 200
    receiver.received.clear()
    second = despatch_and_collect("SAME-1")  # the same job number, the same moves, after a reset
    assert len(first) == len(second) == 5
    assert not set(first) & set(second)


def test_a_client_reading_by_text_position_finds_id_first(fake_server, auth):
    """A public client finds values by their place in the text: ``ID`` before ``EstimateRef``,
    ``ID`` before ``Code`` (reference §11)."""
    connection = http.client.HTTPConnection(fake_server.host, fake_server.port, timeout=10)
    try:
        connection.request("POST", f"{API}/estrequest", body=json.dumps(
            {"ProductTypeID": 2, "Quantity": 100, "Customer": {"Code": "WEB001"}}),
            headers={**auth, "Content-Type": "application/json"})
        estimate_text = connection.getresponse().read().decode()
        connection.request("GET", f"{API}/products?productCode=PEN-BRAND", headers=auth)
        product_text = connection.getresponse().read().decode()
    finally:
        connection.close()
    assert estimate_text.index('"ID"') < estimate_text.index('"EstimateRef"')
    assert product_text.index('"ID"') < product_text.index('"Code"')
