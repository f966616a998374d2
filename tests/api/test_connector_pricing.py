"""Live pricing (POST /prices): estimate and price-list prices, markup, attribute mappings,
customer codes, shipping and dates, "Please call for price" with its reasons, token reuse."""
from __future__ import annotations

import json

import pytest


def sent_requests(tharstern) -> list[dict]:
    return [json.loads(e["request_body"]) for e in tharstern.journal("estrequest", "POST")]


def test_an_estimate_priced_variant_gets_tharsterns_price(connector, tharstern):
    result = connector.price(variant_id=1, quantity=100)
    estimate = tharstern.state()["estimates"][-1]
    assert (result["source"], result["estimate_id"], result["currency"]) == ("estimate", estimate["ID"], "GBP")
    assert result["price"] == estimate["PriceExclShipping"] == 29.4  # include_shipping is off in the demo
    assert result["reason"] is None and "E0" in result["message"]
    request = sent_requests(tharstern)[0]
    assert (request["ProductTypeID"], request["Quantity"], request["Customer"]["Code"]) == (1, 100, "WEB001")
    assert request["IgnoreShipping"] is True
    assert [p["ProcessTypeId"] for p in request["Processes"]] == [13]


def test_markup_is_added_and_rounded_to_the_penny(connector, tharstern):
    connector.behaviour(markup_percent=12.5)
    result = connector.price(variant_id=1, quantity=100)
    assert (result["tharstern_price"], result["price"], result["markup_percent"]) == (29.4, 33.08, 12.5)
    assert "12.5% markup" in result["message"]


def test_include_shipping_takes_the_price_with_shipping(connector, tharstern):
    connector.behaviour(include_shipping=True)
    result = connector.price(variant_id=1, quantity=100)
    assert result["price"] == tharstern.state()["estimates"][-1]["Price"] == 34.1
    assert sent_requests(tharstern)[0]["IgnoreShipping"] is False


def test_attribute_values_change_the_request_and_the_price(connector, tharstern):
    gloss = connector.price(variant_id=2, quantity=500, attribute_value_ids=[1])
    silk = connector.price(variant_id=2, quantity=500, attribute_value_ids=[3])
    first, second = sent_requests(tharstern)
    assert (first["Parts"][0]["PaperCode"], second["Parts"][0]["PaperCode"]) == ("DIG GLO 130", "DIG SILK 350")
    assert silk["price"] > gloss["price"]


def test_the_second_part_of_a_booklet_takes_its_pages(connector, tharstern):
    connector.price(variant_id=3, quantity=100, attribute_value_ids=[7])
    parts = sent_requests(tharstern)[0]["Parts"]
    assert [(p["ProductTypePartID"], p["Pages"]) for p in parts] == [(103, 4), (104, 32)]


def test_the_resolved_customer_code_gets_customer_pricing(connector, tharstern):
    web = connector.price(variant_id=1, quantity=100)
    acme = connector.price(variant_id=1, quantity=100, customer_id=1)  # department ACME01: 10 % discount
    assert acme["customer_code"]["rule"] == "department" and acme["customer_code"]["code"] == "ACME01"
    assert sent_requests(tharstern)[1]["Customer"]["Code"] == "ACME01"
    assert acme["price"] == pytest.approx(web["price"] * 0.9, abs=0.01)


def test_auto_linking_on_prices_with_the_storefront_code_until_the_first_order(connector, tharstern):
    connector.behaviour(use_external_id_as_customer_code=True)
    result = connector.price(variant_id=1, quantity=100, customer_id=3)
    assert result["customer_code"]["code"] == "WEB001" and result["customer_code"]["rule"] == "storefront_default"
    assert "first order" in result["customer_code"]["explanation"]
    assert tharstern.calls("customers") == 0 and tharstern.calls("customers/create", "POST") == 0


def test_a_price_list_item_is_priced_from_its_unit_price(connector, tharstern):
    connector.behaviour(markup_percent=10)
    result = connector.price(variant_id=4, quantity=20)
    assert (result["source"], result["unit_price"], result["tharstern_price"], result["price"]) == (
        "price_list", 1.25, 25.0, 27.5)
    assert result["estimate_id"] is None and tharstern.calls("estrequest", "POST") == 0


def test_a_price_list_item_respects_its_order_quantities(connector, tharstern):
    result = connector.price(variant_id=4, quantity=5)
    assert result["price"] is None and result["reason"] == "quantity_out_of_range"
    assert result["message"].startswith("Please call for price") and "minimum order quantity is 10" in result["message"]


def test_an_unsupported_work_type_means_please_call_for_price(connector, tharstern):
    result = connector.price(variant_id=5, quantity=500)
    assert (result["price"], result["reason"], result["source"]) == (None, "unsupported_work_type", "estimate")
    assert result["message"].startswith("Please call for price") and "Labels" in result["message"]
    assert "work type" in result["problems"][0]


def test_a_wrong_connect_id_is_reported_in_the_price(connector, tharstern):
    result = connector.price(variant_id=1, quantity=100, customer_id=5)
    assert (result["price"], result["reason"]) == (None, "customer_not_found")
    assert result["customer_code"] == {"code": "NOSUCH01", "rule": "customer_link",
                                       "explanation": result["customer_code"]["explanation"]}
    assert "NOSUCH01" in result["message"]


def test_a_quantity_tharstern_refuses(connector, tharstern):
    result = connector.price(variant_id=1, quantity=60)  # business cards go up in 50s
    assert (result["price"], result["reason"]) == (None, "quantity_out_of_range")


def test_a_tharstern_failure_means_please_call_for_price(connector, tharstern):
    tharstern.fault(method="POST", path="*/api/estrequest", kind="error", status=500, times=1)
    result = connector.price(variant_id=1, quantity=100)
    assert (result["price"], result["reason"], result["cause"]) == (None, "unreachable", "server_error")
    assert "500" in result["message"]


def test_an_unreachable_tharstern_means_please_call_for_price(connector, tharstern):
    tharstern.allowlist(["127.0.0.9"])
    result = connector.price(variant_id=1, quantity=100)
    assert (result["price"], result["reason"]) == (None, "unreachable")
    result = connector.price(variant_id=4, quantity=20)
    assert (result["price"], result["reason"]) == (None, "unreachable")


def test_a_mapping_that_does_not_fit_means_please_call_for_price(connector, tharstern):
    connector.sf("PUT", "/attribute-values/4/link", json={"node": "Parts[2].Pages", "value": 2})
    result = connector.price(variant_id=1, quantity=100, attribute_value_ids=[4])
    assert (result["price"], result["reason"]) == (None, "mapping_error")
    assert "Parts" in result["message"] and tharstern.calls("estrequest", "POST") == 0


def test_pricing_reuses_the_token(connector, tharstern):
    for quantity in (100, 150, 200):
        connector.price(variant_id=1, quantity=quantity)
    connector.price(variant_id=4, quantity=20)
    assert tharstern.calls("authentication/generateapitoken") == 1
    assert tharstern.calls("estrequest", "POST") == 3


def test_every_price_creates_an_estimate(connector, tharstern):
    for _ in range(3):
        connector.price(variant_id=2, quantity=100)
    assert len(tharstern.state()["estimates"]) == 3


def test_dates_follow_the_rules(connector, tharstern):
    connector.behaviour(lead_time_days=5, dispatch_days_before_delivery=2)
    result = connector.price(variant_id=1, quantity=100)
    sent = sent_requests(tharstern)[0]
    assert sent["RequiredDateTime"] == f"{result['required_date']}T12:00:00Z"
    assert result["dispatch_date"] < result["required_date"]


def test_pricing_needs_handles_pricing_and_a_link(connector, tharstern):
    connector.behaviour(handles_pricing=False)
    answer = connector.sf("POST", "/prices", json={"variant_id": 1, "quantity": 100})
    assert answer.status_code == 409 and "handles_pricing" in answer.json["message"]
    connector.behaviour(handles_pricing=True)
    answer = connector.sf("POST", "/prices", json={"variant_id": 6, "quantity": 100})  # not linked
    assert answer.status_code == 409 and "Connect Link" in answer.json["message"]


@pytest.mark.parametrize("body, field", [
    ({"quantity": 100}, "variant_id"),
    ({"variant_id": 1}, "quantity"),
    ({"variant_id": 1, "quantity": 0}, "quantity"),
    ({"variant_id": 1, "quantity": "100"}, "quantity"),
    ({"variant_id": 1, "quantity": 1.5}, "quantity"),
    ({"variant_id": 99, "quantity": 100}, "variant_id"),
    ({"variant_id": 1, "quantity": 100, "customer_id": 99}, "customer_id"),
    ({"variant_id": 1, "quantity": 100, "attribute_value_ids": [1]}, "attribute_value_ids.0"),
    ({"variant_id": 1, "quantity": 100, "attribute_value_ids": [4, 5]}, "attribute_value_ids.1"),
    ({"variant_id": 1, "quantity": 100, "price": 1}, "price"),
])
def test_bad_price_requests_name_the_field(connector, tharstern, body, field):
    answer = connector.sf("POST", "/prices", json=body)
    assert answer.status_code == 422
    errors = answer.json["errors"]
    assert field in errors or field in errors.get("json", {}), errors
