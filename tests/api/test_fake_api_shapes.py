"""The faked API through the test client: envelope, auth, paths, errors."""
import base64
import json

import pytest

from tests.fixtures.fake import issue_token

API = "/TharsternAPI/api"


def test_every_answer_has_the_envelope(fake_client, auth):
    body = fake_client.get(f"{API}/customers", headers=auth).json
    assert set(body) == {"Status", "Enums", "Details"}
    assert set(body["Status"]) == {"APIVersion", "Success", "Token", "Reasons", "Exceptions"}
    assert body["Status"]["Token"]["Status"] == {"Value": 0, "Name": "Valid"}
    assert body["Status"]["Token"]["UserId"] == 1
    assert set(body["Details"]) == {"Items", "TotalItemCount"}


def test_paths_and_query_names_answer_in_any_case(fake_client, auth):
    lower = fake_client.get(f"{API}/products?customerCode=WEB001", headers=auth).json["Details"]
    shouty = fake_client.get("/THARSTERNAPI/API/PRODUCTS?CUSTOMERCODE=WEB001", headers=auth).json["Details"]
    mixed = fake_client.get("/tharsternapi/Api/Products?customercode=WEB001", headers=auth).json["Details"]
    assert lower == shouty == mixed and lower["TotalItemCount"] == 9


def test_array_filters_repeat_the_key(fake_client, auth):
    details = fake_client.get(f"{API}/products?id=1001&id=1006&ID=1007", headers=auth).json["Details"]
    assert [i["ID"] for i in details["Items"]] == [1001, 1006, 1007]


def test_an_unknown_query_parameter_is_ignored_so_a_misspelt_filter_filters_nothing(fake_client, auth):
    """As ASP.NET binds: a parameter no action takes is no error. The trap for a test writer:
    ``customercode`` works in any letter case, but ``customer_code`` is another name, ignored."""
    everything = fake_client.get(f"{API}/products", headers=auth).json["Details"]["TotalItemCount"]
    misspelt = fake_client.get(f"{API}/products?customer_code=WEB001&nosuch=1", headers=auth)
    assert misspelt.status_code == 200 and misspelt.json["Status"]["Success"] is True
    assert misspelt.json["Details"]["TotalItemCount"] == everything > 9  # WEB001 alone sees 9


def test_bad_credentials_give_the_zero_token_with_success_true_by_default(fake_client):
    answer = fake_client.get(f"{API}/authentication/generateapitoken",
                             query_string={"email": "integration@demo.test", "password": "nope", "applicationId": "a"})
    assert answer.status_code == 200
    assert answer.json["Details"]["Token"] == "00000000-0000-0000-0000-000000000000"
    assert answer.json["Status"]["Success"] is True and answer.json["Status"]["Reasons"]


def test_bad_credentials_success_quirk_off_says_success_false(fake_client):
    fake_client.put("/_fake/quirks", json={"bad_credentials_success": False})
    answer = fake_client.get(f"{API}/authentication/generateapitoken",
                             query_string={"email": "integration@demo.test", "password": "nope", "applicationId": "a"})
    assert answer.json["Status"]["Success"] is False
    assert answer.json["Details"]["Token"] == "00000000-0000-0000-0000-000000000000"


def test_token_request_without_fields_is_a_model_state_400(fake_client):
    answer = fake_client.get(f"{API}/authentication/generateapitoken?email=x@y.z")
    assert answer.status_code == 400
    assert set(answer.json["ModelState"]) == {"password", "applicationId"}


@pytest.mark.parametrize("header, status", [
    (None, "Missing"),
    ("Bearer abc", "Missing"),
    ("Basic !!!not-base64", "Missing"),
    ("Basic " + base64.b64encode(b"11111111-1111-1111-1111-111111111111:").decode(), "Invalid"),
])
def test_calls_without_a_usable_token_are_401_with_the_envelope(fake_client, header, status):
    answer = fake_client.get(f"{API}/products", headers={"Authorization": header} if header else {})
    assert answer.status_code == 401
    assert answer.json["Status"]["Token"]["Status"]["Name"] == status
    assert answer.json["Status"]["Success"] is False
    assert answer.headers["WWW-Authenticate"].startswith("Basic")


def test_anything_after_the_colon_is_ignored(fake_client):
    token = issue_token(fake_client)
    for credentials in (token, f"{token}:", f"{token}:whatever-password"):
        header = {"Authorization": "Basic " + base64.b64encode(credentials.encode()).decode()}
        assert fake_client.get(f"{API}/customers", headers=header).status_code == 200


def test_an_expired_token_is_refused(fake_client, auth):
    fake_client.post("/_fake/clock", json={"advance_s": 3601})
    answer = fake_client.get(f"{API}/customers", headers=auth)
    assert answer.status_code == 401 and answer.json["Status"]["Token"]["Status"]["Name"] == "Expired"


def test_bad_query_values_are_model_state_400s_naming_the_field(fake_client, auth):
    answer = fake_client.get(f"{API}/products?paging_numberOfRecords=501&paging_startIndex=-1&includeGeneric=maybe",
                             headers=auth)
    assert answer.status_code == 400
    assert answer.json["Message"] == "The request is invalid."
    assert set(answer.json["ModelState"]) == {"paging_numberOfRecords", "paging_startIndex", "includeGeneric"}


def test_unknown_routes_and_methods_answer_like_web_api(fake_client, auth):
    missing = fake_client.get(f"{API}/widgets", headers=auth)
    assert missing.status_code == 404 and missing.json["Message"].startswith("No HTTP resource was found")
    wrong = fake_client.delete(f"{API}/products", headers=auth)
    assert wrong.status_code == 405 and "does not support http method 'DELETE'" in wrong.json["Message"]


def test_bodies_that_are_not_json_are_model_state_400s(fake_client, auth):
    answer = fake_client.post(f"{API}/estrequest", data="{not json", headers=auth, content_type="application/json")
    assert answer.status_code == 400 and "estRequestProduct" in answer.json["ModelState"]
    empty = fake_client.post(f"{API}/orders/submit", data="", headers=auth)
    assert empty.status_code == 400 and "submitOrders" in empty.json["ModelState"]


def test_huge_bodies_are_refused_with_413(fake_client, auth):
    answer = fake_client.post(f"{API}/orders/submit", data="x" * 1_100_000, headers=auth)
    assert answer.status_code == 413 and "too large" in answer.json["Message"]


def test_estimate_business_failure_is_200_with_success_false(fake_client, auth):
    answer = fake_client.post(f"{API}/estrequest", headers=auth,
                              json={"ProductTypeId": 5, "Quantity": 500, "Customer": {"Code": "WEB001"}})
    assert answer.status_code == 200
    assert answer.json["Status"]["Success"] is False
    assert answer.json["Details"]["Result"]["Success"] is False
    assert "work type 'Labels'" in answer.json["Status"]["Reasons"][0]
    assert answer.json["Details"]["Estimate"] is None


def test_estimate_from_the_example_round_trip(fake_client, auth):
    example = fake_client.get(f"{API}/EstRequest/1/Example", headers=auth).json["Details"]
    example.update(Quantity=500, Customer={"Code": "WEB001"})
    answer = fake_client.post(f"{API}/estrequest", headers=auth, json=example).json
    assert answer["Status"]["Success"] and answer["Details"]["Estimate"]["Quantity"] == 500
    unknown = fake_client.get(f"{API}/estrequest/999/example", headers=auth).json
    assert unknown["Status"]["Success"] is False and unknown["Details"] is None


def test_orders_submit_takes_strings_for_numbers_and_lists_jobs(fake_client, auth):
    body = {"Orders": [{"UniqueSubmitOrderID": "web-1", "InvoiceCustomer": {"Code": "WEB001"}, "DeliveryCustomer": None,
                        "Items": [{"StockItemID": "1006", "StockItemCode": "", "Quantity": "20", "Value": None,
                                   "Ref1": "basket-1", "Assets": None}]}]}
    answer = fake_client.post(f"{API}/orders/submit", headers=auth, data=json.dumps(body),
                              content_type="text/json; charset=utf-8")
    result = answer.json["Details"]["Orders"][0]
    assert answer.status_code == 200 and result["ID"] > 0
    jobs = fake_client.get(f"{API}/jobs?ref1=basket-1", headers=auth).json["Details"]["Items"]
    assert len(jobs) == 1 and jobs[0]["SalesOrderNo"] == result["OrderNo"] and jobs[0]["QuantityOrdered"] == 20
    orders = fake_client.get(f"{API}/orders?orderNos={result['OrderNo']}", headers=auth).json["Details"]["Items"]
    assert orders[0]["Items"][0]["JobNo"] == jobs[0]["JobNo"]


def test_create_customer_through_the_api(fake_client, auth):
    answer = fake_client.post(f"{API}/customers/create", headers=auth,
                              json={"Name": "Brand New", "ContactEmail": "owner@brandnew.example"})
    created = answer.json["Details"]["Items"][0]
    assert answer.status_code == 200 and created["Code"] == "BRANDN001"
    found = fake_client.get(f"{API}/customers?keyword=owner@brandnew.example", headers=auth).json["Details"]
    assert [c["Code"] for c in found["Items"]] == ["BRANDN001"]
    duplicate = fake_client.post(f"{API}/customers/create", headers=auth, json={"Name": "X", "Code": "BRANDN001"})
    assert duplicate.status_code == 400 and "customer.Code" in duplicate.json["ModelState"]


def test_openapi_document_and_offline_docs(fake_client):
    spec = fake_client.get("/openapi.json").json
    assert "/TharsternAPI/api/products" in spec["paths"] and "/_fake/faults" in spec["paths"]
    assert spec["components"]["securitySchemes"]["TharsternToken"]["scheme"] == "basic"
    page = fake_client.get("/docs").get_data(as_text=True)
    assert "/_static/swagger-ui/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    assert fake_client.get("/_static/swagger-ui/swagger-ui-bundle.js").status_code == 200
