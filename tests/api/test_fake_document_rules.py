"""The fake's OpenAPI document and its validation agree at the edges Schemathesis found (issue 14):
each case is sent to the fake and checked against what the document says of it, so a change to
either side that makes them disagree fails here by name."""
from __future__ import annotations

import re

import pytest

API = "/TharsternAPI/api"


@pytest.fixture
def document(fake_client):
    return fake_client.get("/openapi.json").json


def string_pattern(document, component: str, field: str) -> re.Pattern[str]:
    schema = document["components"]["schemas"][component]["properties"][field]
    return re.compile(next(branch["pattern"] for branch in schema["anyOf"] if branch.get("type") == "string"))


@pytest.mark.parametrize(("content", "taken"), [
    ("YQ==", True), ("Y Q\n= =", True), ("\u3000YWJj\x85", True),
    ("YQ", False), ("====", False), ("YQ==YQ==", False), ("", False),
])
def test_order_asset_base64_is_what_the_document_says(fake_client, auth, document, content, taken):
    pattern = string_pattern(document, "OrderAssetBody", "Content_Base64")
    assert bool(pattern.search(content)) is taken
    answer = fake_client.post(f"{API}/orders/submitorderasset", headers=auth,
                              json={"OrderId": " 42 ", "Filename": 0, "Content_Base64": content})
    assert (answer.status_code != 400) is taken, answer.json
    if taken:  # an order that does not exist is a business failure, not a 400
        assert answer.json["Status"]["Success"] is False


@pytest.mark.parametrize(("job_id", "taken"), [(" 7 ", True), ("+7", True), (7.0, True),
                                               ("7.0", False), ("1e3", False), ("7_0", False), (0, False)])
def test_a_whole_number_as_text_is_read_as_int_parse_reads_it(fake_client, auth, document, job_id, taken):
    pattern = string_pattern(document, "JobUpdate", "JobId")
    if isinstance(job_id, str):
        assert bool(pattern.search(job_id)) is taken
    answer = fake_client.post(f"{API}/job/update", headers=auth, json={"JobId": job_id, "Title": "x"})
    assert (answer.status_code != 400) is taken, answer.json


def test_an_item_whose_code_is_only_white_space_names_no_stock_item(fake_client, auth, document):
    code = "\n\x0c\x85 "
    rule = document["components"]["schemas"]["SubmitItem"]["anyOf"][1]["properties"]["StockItemCode"]
    assert not re.search(rule["anyOf"][0]["pattern"], code)
    order = {"InvoiceCustomer": {"Code": "ACME"}, "Items": [{"StockItemCode": code, "Quantity": 1}]}
    answer = fake_client.post(f"{API}/orders/submit", headers=auth, json={"Orders": [order]})
    assert answer.status_code == 400
    assert "Give a StockItemID or a StockItemCode." in str(answer.json["ModelState"])


def test_a_type_number_with_white_space_around_is_read(fake_client, auth):
    answer = fake_client.get(f"{API}/products", headers=auth, query_string={"types": "1\x1f"})
    assert answer.status_code == 200, answer.data[:200]  # was a 500: int() does not strip \x1f


def test_a_seed_left_null_keeps_the_current_one(fake_client):
    assert fake_client.post("/_fake/seed", json={"fixture": "demo", "seed": None}).status_code == 200
    snapshot = fake_client.get("/_fake/snapshot").json
    assert isinstance(snapshot["seed"], int)
    assert fake_client.put("/_fake/snapshot", json=snapshot).status_code == 200


@pytest.mark.parametrize(("path", "body", "status"), [
    ("/_fake/faults", {"kind": "error", "headers": None}, 201),
    ("/_fake/faults", {"kind": "error", "headers": ""}, 400),
    ("/_fake/faults", {"kind": "latency", "delay_ms": 5, "headers": {"Retry-After": "1"}}, 400),
    ("/_fake/stubs", {"path": "invoices/*", "query": None, "headers": None}, 201),
    ("/_fake/stubs", {"path": "invoices/*", "query": ""}, 400),
    ("/_fake/stubs", {"path": "invoices/*", "query": {"": "x"}}, 400),
    ("/_fake/stubs", {"path": "invoices/*", "body": None}, 201),
    ("/_fake/stubs", {"path": "invoices/*", "body": "hi", "envelope": True}, 400),
])
def test_null_stands_for_a_left_out_field_and_nothing_else_does(fake_client, path, body, status):
    answer = fake_client.post(path, json=body)
    assert answer.status_code == status, answer.json
