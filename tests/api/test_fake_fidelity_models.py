"""The fake answers as the public client models type their fields (reference §11), through the
test client: value types and names, key order, paths with a trailing slash, query binding
(enums, True/False, index-style lists), the caller's token status in every envelope, and the
inferred points with their switchable other reading."""
from __future__ import annotations

import pytest

from tests.fixtures.fake import basic
from tests.fixtures.webhooks import place_order

API = "/TharsternAPI/api"
WEB001 = {"Code": "WEB001"}


def estimate(fake_client, auth, **extra):
    body = {"ProductTypeID": 2, "Quantity": 100, "Customer": WEB001, **extra}
    answer = fake_client.post(f"{API}/estrequest", json=body, headers=auth)
    assert answer.status_code == 200 and answer.json["Status"]["Success"], answer.json
    return answer.json["Details"]["Estimate"]


def items(fake_client, auth, path, **query):
    answer = fake_client.get(f"{API}/{path}", query_string=query, headers=auth)
    assert answer.status_code == 200, answer.json
    return answer.json["Details"]["Items"]


def test_product_type_default_page_size_is_a_string_and_processes_come_before_parts(fake_client, auth):
    cards = items(fake_client, auth, "producttypes", id=1)[0]
    assert cards["DefaultPageSize"] == "BC"
    keys = list(cards)
    assert keys[:4] == ["ID", "Name", "Description", "WorkType"] and keys.index("Processes") < keys.index("Parts")
    assert list(cards["Parts"][0])[:4] == ["ID", "Name", "IsDefault", "IsRequired"]
    example = fake_client.get(f"{API}/estrequest/1/example", headers=auth).json["Details"]
    assert example["FinishedSize"]["Code"] == "BC" and example["Parts"][0]["FinishedSize"] == {"Code": "BC"}


def test_estimate_ordered_is_an_enum_job_created_a_string_and_parts_carry_finished_size(fake_client, fake_backend, auth):
    made = estimate(fake_client, auth, Parts=[{"ProductTypePartID": 102, "FinishedSize": {"Code": "A5", "Width": 148,
                                                                                          "Depth": 210}}])
    assert (made["Ordered"], made["JobCreated"]) == ({"Value": 0, "Name": "NotOrdered"}, "")
    assert made["Parts"][0]["FinishedSize"] == {"Code": "A5", "Width": 148, "Depth": 210}
    assert list(made)[:3] == ["ID", "EstimateRef", "CreatedDateTime"]
    default_size = estimate(fake_client, auth)["Parts"][0]["FinishedSize"]
    assert default_size == {"Code": "A5", "Width": 0, "Depth": 0}  # the product type's DefaultPageSize
    order = fake_backend.submit_orders({"Orders": [{"InvoiceCustomer": WEB001, "Items": [
        {"StockItemCode": "FLY-A5", "EstimateID": made["ID"], "Quantity": 100}]}]})["Orders"][0]
    job = items(fake_client, auth, "jobs", estimateId=made["ID"])[0]
    ordered = items(fake_client, auth, "estimates", id=made["ID"])[0]
    assert order["ID"] and ordered["Ordered"] == {"Value": 1, "Name": "Ordered"} and ordered["JobCreated"] == job["JobNo"]


def test_jobs_use_the_models_names_and_order(fake_client, fake_backend, auth):
    job_no = place_order(fake_backend, 25, ref="WEB-FID")[0]
    job = items(fake_client, auth, "jobs", jobNo=job_no)[0]
    assert job["QuantityOrdered"] == 25 and job["InvoiceCustomer"]["Code"] == "WEB001"
    assert job["RequiredDateTime"].endswith("Z") and job["OutOnProof"] is False
    assert not {"Quantity", "RequiredDate", "CustomerCode"} & set(job)
    keys = list(job)
    assert keys[:2] == ["ID", "JobNo"]
    in_model_order = ["InvoiceCustomer", "QuantityOrdered", "QuantityDelivered", "SalesOrderNo", "Status",
                      "RequiredDateTime", "OutOnProof", "EstimateId"]
    assert [k for k in keys if k in in_model_order] == in_model_order
    fake_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "OutOnProof"})
    assert items(fake_client, auth, "jobs", jobNo=job_no)[0]["OutOnProof"] is True
    fake_client.post(f"/_fake/jobs/{job_no}/status", json={"Status": "Despatched", "TrackingNumber": "1Z"})
    despatched = items(fake_client, auth, "jobs", jobNo=job_no, customerCode="web001")[0]
    assert despatched["OutOnProof"] is False and list(despatched["Deliveries"][0])[0] == "DeliveryNoteID"


def test_printable_reel_is_spelt_as_the_model_spells_it_in_answers_and_in_types(fake_client, auth):
    seeded = fake_client.post("/_fake/seed", json={"products": [
        {"Code": "REEL-1", "Description": "Label reel", "Type": "Printable_Reel", "UnitPrice": 3}]})
    assert seeded.status_code == 200, seeded.json
    for spelling in ("Printable_Reel", "printable_reel", "3"):
        found = items(fake_client, auth, "products", types=spelling)
        assert [p["Code"] for p in found] == ["REEL-1"], spelling
        assert found[0]["Type"] == {"Value": 3, "Name": "Printable_Reel"}
    refused = fake_client.get(f"{API}/products", query_string={"types": "PrintableReel"}, headers=auth)
    assert refused.status_code == 400 and "types[0]" in refused.json["ModelState"]


@pytest.mark.parametrize("method, path, body", [
    ("POST", "estrequest/", {"ProductTypeID": 2, "Quantity": 100, "Customer": WEB001}),
    ("GET", "products/", None),
    ("GET", "EstRequest/1/Example/", None),
    ("GET", "customers/?customerCode=WEB001", None),
])
def test_every_route_answers_with_a_trailing_slash_as_without(fake_client, auth, method, path, body):
    answer = fake_client.open(f"{API}/{path}", method=method, json=body, headers=auth)
    assert answer.status_code == 200 and answer.json["Status"]["Success"], answer.json


def test_enum_query_parameters_bind_names_in_any_case_and_numbers(fake_client, auth):
    by_code = [p["Code"] for p in items(fake_client, auth, "products", sortColumn="code", sortDirection="DESCENDING")]
    assert by_code == sorted(by_code, key=str.lower, reverse=True)
    assert [p["Code"] for p in items(fake_client, auth, "products", sortColumn=1, sortDirection=1)] == by_code
    names = [t["Name"] for t in items(fake_client, auth, "producttypes", sortColumn="NAME")]
    assert names == sorted(names, key=str.lower)
    fake_client.post(f"{API}/orders/submit", headers=auth, json={"Orders": [
        {"InvoiceCustomer": WEB001, "Items": [{"StockItemCode": "PEN-BRAND", "Quantity": 20}]}]})
    assert len(items(fake_client, auth, "orders", statuses="orderentered")) == 1
    assert len(items(fake_client, auth, "orders", statuses=1)) == 1  # OrderEntered's number
    bad = fake_client.get(f"{API}/products?sortColumn=Price&sortDirection=Up", headers=auth)
    assert bad.status_code == 400 and set(bad.json["ModelState"]) == {"sortColumn", "sortDirection"}
    assert "'Price' is not valid for sortColumn" in bad.json["ModelState"]["sortColumn"][0]


@pytest.mark.parametrize("value, generic", [("True", True), ("TRUE", True), ("False", False), ("false", False)])
def test_booleans_in_query_strings_are_true_or_false_in_any_case(fake_client, auth, value, generic):
    codes = [p["Code"] for p in items(fake_client, auth, "products", customerCode="WEB001", includeGeneric=value,
                                      paging_numberOfRecords=500)]
    assert ("DIG GLO 130" in codes) is generic


def test_index_style_list_parameters_bind_when_the_plain_name_is_absent(fake_client, auth):
    indexed = items(fake_client, auth, "products", **{"id[0]": 1006, "id[1]": 1007})
    assert [p["ID"] for p in indexed] == [1006, 1007]
    gap = items(fake_client, auth, "products", **{"id[0]": 1006, "id[2]": 1007})  # binding stops at a gap
    assert [p["ID"] for p in gap] == [1006]
    plain_wins = items(fake_client, auth, "products", **{"id": 1001, "ID[0]": 1006})
    assert [p["ID"] for p in plain_wins] == [1001]
    bad = fake_client.get(f"{API}/products?id[0]=abc", headers=auth)
    assert bad.status_code == 400 and "id[0]" in bad.json["ModelState"]


def test_the_token_status_says_what_the_callers_token_is_in_errors_and_faults(fake_client, fake_backend, auth):
    fault = fake_client.post("/_fake/faults", json={"path": "/TharsternAPI/api/products*", "kind": "error",
                                                    "status": 503, "times": 1})
    assert fault.status_code in (200, 201), fault.json
    injected = fake_client.get(f"{API}/products", headers=auth)
    token = injected.json["Status"]["Token"]
    assert injected.status_code == 503 and token["Status"]["Name"] == "Valid" and token["UserId"] == 1
    assert token["ExpiresDateTime"]
    fake_client.post("/_fake/clock", json={"advance_s": 4000})
    expired = fake_client.get(f"{API}/products", headers=auth).json["Status"]["Token"]
    assert expired["Status"]["Name"] == "Expired" and expired["UserId"] == 1 and expired["ExpiresDateTime"]
    unknown = fake_client.get(f"{API}/products", headers=basic("not-a-token")).json["Status"]["Token"]
    assert unknown["Status"]["Name"] == "Invalid"
    fake_client.put("/_fake/allowlist", json={"ips": ["10.9.9.9"], "mode": "forbidden"})
    forbidden = fake_client.get(f"{API}/products", headers=basic("not-a-token"))
    assert forbidden.status_code == 403 and forbidden.json["Status"]["Token"]["Status"]["Name"] == "Invalid"


def test_a_body_without_a_json_content_type_is_a_415_unless_the_quirk_reads_it(fake_client, auth):
    body = '{"ProductTypeID": 2, "Quantity": 100, "Customer": {"Code": "WEB001"}}'
    for content_type in (None, "text/plain", "application/x-www-form-urlencoded"):
        answer = fake_client.post(f"{API}/estrequest", data=body, headers=auth, content_type=content_type)
        shown = content_type or "application/octet-stream"
        assert answer.status_code == 415, (content_type, answer.json)
        assert answer.json["Message"] == f"The request entity's media type '{shown}' is not supported for this resource."
        assert "EstRequestProduct" in answer.json["ExceptionMessage"]
    assert fake_client.post(f"{API}/estrequest", data=body, headers=auth,
                            content_type="application/json; charset=utf-8").status_code == 200
    fake_client.put("/_fake/quirks", json={"any_content_type": True})
    assert fake_client.post(f"{API}/estrequest", data=body, headers=auth, content_type="text/plain").status_code == 200


def test_estimate_failures_are_200_by_default_and_400_with_the_quirk(fake_client, auth):
    labels = {"ProductTypeID": 5, "Quantity": 500, "Customer": WEB001}
    default = fake_client.post(f"{API}/estrequest", json=labels, headers=auth)
    assert default.status_code == 200 and default.json["Status"]["Success"] is False
    fake_client.put("/_fake/quirks", json={"estimate_failure_is_400": True})
    older = fake_client.post(f"{API}/estrequest", json=labels, headers=auth)
    assert older.status_code == 400 and "work type 'Labels'" in older.json["Details"]["Result"]["Problems"][0]
    assert fake_client.post(f"{API}/estrequest", json={**labels, "ProductTypeID": 2}, headers=auth).status_code == 200


@pytest.mark.parametrize("path, query", [
    ("customers", {}), ("contacts", {"customerCode": "WEB001"}), ("products", {}), ("producttypes", {}),
    ("estimates", {}), ("orders", {}), ("jobs", {}),
])
def test_every_entity_answers_id_first(fake_client, fake_backend, auth, path, query):
    estimate(fake_client, auth)
    place_order(fake_backend, 10, ref="KEYS-1")
    listed = items(fake_client, auth, path, **query)
    assert listed, path
    for entity in listed:
        assert next(iter(entity)) == "ID", (path, list(entity)[:3])
        for part in entity.get("Parts", []):
            assert next(iter(part)) in ("ID", "ProductTypePartID"), (path, list(part)[:3])


def test_with_the_quirk_a_new_job_shows_late_as_a_polling_client_expects(fake_client, fake_backend, auth):
    fake_client.put("/_fake/quirks", json={"jobs_visible_late": True})
    job_no = place_order(fake_backend, 10, ref="LATE-1")[0]
    assert items(fake_client, auth, "jobs", jobNo=job_no) == []
    fake_client.post("/_fake/clock", json={"advance_s": 5})
    assert [j["JobNo"] for j in items(fake_client, auth, "jobs", jobNo=job_no)] == [job_no]
