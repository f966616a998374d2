"""POST /orders end to end against the fake: what reaches orders/submit for each setting, the
checks that refuse an order, approval and workflow holds, per-item grouping."""
from __future__ import annotations

from datetime import date, timedelta

ORDERS = "/TharsternAPI/api/orders/submit"


def submitted(tharstern, unique_id):
    """The orders/submit body the fake received for a UniqueSubmitOrderID, as the fake stored it."""
    orders = [o for o in tharstern.state()["orders"] if o["UniqueSubmitOrderID"] == unique_id]
    assert len(orders) == 1, [o["UniqueSubmitOrderID"] for o in tharstern.state()["orders"]]
    return orders[0]


def payload(order, n=0):
    return order["submissions"][n]["payload"]


def test_an_estimate_priced_order_goes_to_tharstern_with_its_estimate_price_artwork_and_refs(connector, tharstern):
    placed = connector.order(reference="W1001", customer_id=4, lines=[
        {"variant_id": 1, "quantity": 250, "attribute_value_ids": [4],
         "artwork_urls": ["https://files.example/orders/W1001/card%20front.pdf"]}],
        delivery_address={"name": "Peter Gibbons", "address_lines": ["1 Initech Way"], "city": "Austin",
                          "postcode": "78701", "country": "United States"})
    order = connector.sent(placed["id"])
    assert order["state"] == "submitted", order["message"]
    line = order["lines"][0]
    body = payload(order)
    item = body["Items"][0]
    assert body["UniqueSubmitOrderID"] == "W1001" and body["InvoiceCustomer"]["Code"] == "INITECH"
    assert item["EstimateID"] == line["estimate_id"] and item["StockItemID"] == 1001
    assert item["Value"] == {"Net": line["price"], "Tax": 0.0}  # with logic: priced by estimate → sent
    assert (item["Ref1"], item["Ref2"]) == ("W1001", "W1001-1")
    assert item["Assets"]["Items"][0]["Filename"] == "card front.pdf"
    assert item["Metadata"] == [{"Name": "Sides", "Value": "Double-sided"}]
    assert body["DeliveryCustomer"]["Address"]["AddressLine1"] == "1 Initech Way"
    stored = submitted(tharstern, "W1001")
    assert stored["OrderNo"] == line["tharstern_order_no"] and stored["Items"][0]["JobNo"] == line["job_no"]
    assert line["job_status"] == "Entered"
    assert "Shipping" not in body


def test_a_price_list_item_opted_in_to_live_pricing_goes_without_a_price(connector, tharstern):
    relinked = connector.sf("PUT", "/variants/4/link", json={"stock_item_id": 1006, "use_estimate_pricing": True})
    assert relinked.status_code == 200, relinked.json
    order = connector.sent(connector.order(customer_id=4, lines=[{"variant_id": 4, "quantity": 20}])["id"])
    assert "Value" not in payload(order)["Items"][0]
    assert order["lines"][0]["send_price"] is False and "price list" in order["lines"][0]["send_price_reason"]
    connector.behaviour(send_price_in_orderline="always")
    order = connector.sent(connector.order(customer_id=4, lines=[{"variant_id": 4, "quantity": 20}])["id"])
    assert payload(order)["Items"][0]["Value"] == {"Net": 25.0, "Tax": 0.0}
    connector.behaviour(send_price_in_orderline="never")
    order = connector.sent(connector.order(customer_id=4, lines=[{"variant_id": 1, "quantity": 250}])["id"])
    assert "Value" not in payload(order)["Items"][0] and payload(order)["Items"][0]["EstimateID"]


def test_a_storefront_that_prices_itself_sends_its_own_price_and_needs_one(connector, tharstern):
    connector.behaviour(handles_pricing=False)
    refused = connector.sf("POST", "/orders", json={"customer_id": 4, "lines": [{"variant_id": 1, "quantity": 100}]})
    assert refused.status_code == 422 and "lines.0.price" in refused.json["errors"]
    order = connector.sent(connector.order(customer_id=4, lines=[{"variant_id": 1, "quantity": 100, "price": 19.5}])["id"])
    item = payload(order)["Items"][0]
    assert item["Value"] == {"Net": 19.5, "Tax": 0.0} and "EstimateID" not in item
    assert tharstern.calls("estrequest", "POST") == 0


def test_tax_and_shipping_are_sent_when_the_settings_say_so(connector, tharstern):
    connector.behaviour(send_tax=True, include_shipping=True)
    order = connector.sent(connector.order(customer_id=4, lines=[{"variant_id": 4, "quantity": 20}],
                                           shipping={"net": 10, "tax_rate": 20})["id"])
    body = payload(order)
    assert body["Items"][0]["Value"] == {"Net": 25.0, "Tax": 5.0}  # the pen's 20 % rate in Tharstern
    assert body["Shipping"] == {"Value": {"Net": 10.0, "Tax": 2.0, "TaxDetails": {"Rate": 20.0}}}
    assert submitted(tharstern, order["reference"])["Shipping"]["Value"]["Net"] == 10
    connector.behaviour(send_tax=False, include_shipping=False)
    order = connector.sent(connector.order(customer_id=4, lines=[{"variant_id": 4, "quantity": 20}],
                                           shipping={"net": 10})["id"])
    assert "Shipping" not in payload(order) and payload(order)["Items"][0]["Value"]["Tax"] == 0.0


def test_the_required_date_follows_the_date_rules_and_an_earlier_request_is_refused(connector, tharstern):
    order = connector.order(customer_id=4, lines=[{"variant_id": 4, "quantity": 20}])
    earliest = date.fromisoformat(order["required_date"])
    assert payload(connector.sent(order["id"]))["RequiredDate"] == f"{earliest}T00:00:00"
    too_soon = connector.sf("POST", "/orders", json={"customer_id": 4, "requested_date": str(earliest - timedelta(days=1)),
                                                     "lines": [{"variant_id": 4, "quantity": 20}]})
    assert too_soon.status_code == 422
    assert f"the earliest required date is {earliest}" in too_soon.json["errors"]["requested_date"][0]
    later = connector.order(customer_id=4, requested_date=str(earliest + timedelta(days=7)),
                            lines=[{"variant_id": 4, "quantity": 20}])
    assert later["required_date"] == str(earliest + timedelta(days=7))
    connector.behaviour(lead_time_days=10)
    longer = connector.order(customer_id=4, lines=[{"variant_id": 4, "quantity": 20}])
    assert date.fromisoformat(longer["required_date"]) > earliest


def test_an_order_awaiting_approval_is_held_until_approved(connector, tharstern):
    order = connector.order(customer_id=4, awaiting_approval=True, lines=[{"variant_id": 4, "quantity": 20}])
    assert order["state"] == "awaiting_approval" and order["submissions"] == []
    assert connector.runtime().outbox.wait_idle(5) and tharstern.calls("orders/submit", "POST") == 0
    approved = connector.sf("POST", f"/orders/{order['id']}/approve")
    assert approved.status_code == 200 and approved.json["state"] == "queued"
    assert connector.sent(order["id"])["state"] == "submitted"
    assert connector.sf("POST", f"/orders/{order['id']}/approve").status_code == 409


def test_transfer_on_a_workflow_status_holds_the_order_until_it_gets_there(connector, tharstern):
    connector.behaviour(transfer_on="Tharstern Xfr")
    order = connector.order(customer_id=4, lines=[{"variant_id": 4, "quantity": 20}])
    assert order["state"] == "awaiting_workflow" and "Tharstern Xfr" in order["message"]
    moved = connector.sf("POST", f"/orders/{order['id']}/workflow", json={"status": "In Prepress"})
    assert moved.json["state"] == "awaiting_workflow"
    moved = connector.sf("POST", f"/orders/{order['id']}/workflow", json={"status": "Tharstern Xfr"})
    assert moved.json["state"] == "queued"
    assert connector.sent(order["id"])["state"] == "submitted"
    assert tharstern.calls("orders/submit", "POST") == 1
    connector.sf("POST", f"/orders/{order['id']}/workflow", json={"status": "Order Completed"})
    assert connector.runtime().outbox.wait_idle(5) and tharstern.calls("orders/submit", "POST") == 1


def test_per_item_grouping_sends_one_tharstern_order_per_line(connector, tharstern):
    connector.behaviour(order_grouping="per_item", include_shipping=True)
    order = connector.sent(connector.order(reference="6994", customer_id=4, shipping={"net": 10},
                                           lines=[{"variant_id": 4, "quantity": 20}, {"variant_id": 1, "quantity": 250}])["id"])
    assert [s["unique_submit_order_id"] for s in order["submissions"]] == ["6994-1", "6994-2"]
    assert order["state"] == "submitted"
    first, second = submitted(tharstern, "6994-1"), submitted(tharstern, "6994-2")
    assert first["OrderNo"] != second["OrderNo"]
    assert first["Shipping"] is not None and second["Shipping"] is None  # shipping charged once
    assert [order_line["tharstern_order_no"] for order_line in order["lines"]] == [first["OrderNo"], second["OrderNo"]]


def test_stock_and_order_limits_are_checked_when_the_storefront_handles_stock(connector, tharstern):
    short = connector.sf("POST", "/orders", json={"customer_id": 4, "lines": [{"variant_id": 7, "quantity": 3},
                                                                              {"variant_id": 7, "quantity": 3}]})
    assert short.status_code == 409
    assert short.json["errors"]["lines.1.quantity"] == ["only 5 of MUG-BRAND in stock, 6 ordered"]
    too_few = connector.sf("POST", "/orders", json={"customer_id": 4, "lines": [{"variant_id": 4, "quantity": 5}]})
    assert too_few.status_code == 422
    assert too_few.json["errors"]["lines.0.quantity"] == ["PEN-BRAND: at least 10 must be ordered (the quantity is 5)"]
    tharstern.edit_product(1007, Available=0)
    gone = connector.sf("POST", "/orders", json={"customer_id": 4, "lines": [{"variant_id": 7, "quantity": 1}]})
    assert gone.status_code == 409 and "MUG-BRAND is out of stock" in gone.json["message"]
    assert tharstern.calls("orders/submit", "POST") == 0 and connector.sf("GET", "/orders").json[0]["id"] == 4
    connector.behaviour(handles_stock=False)  # no check here: Tharstern itself refuses the order
    unchecked = connector.order(customer_id=4, lines=[{"variant_id": 7, "quantity": 1}])
    assert connector.sent(unchecked["id"])["state"] == "failed"


def test_a_refusal_by_tharstern_is_final_and_shows_its_status_details(connector, tharstern):
    order = connector.order(customer_id=4, awaiting_approval=True, lines=[{"variant_id": 7, "quantity": 5}])
    tharstern.edit_product(1007, Available=2)  # stock went while the order waited for approval
    connector.sf("POST", f"/orders/{order['id']}/approve")
    failed = connector.sent(order["id"])
    assert failed["state"] == "failed"
    assert failed["submissions"][0]["status_details"] == "Insufficient stock for 'MUG-BRAND': 5 requested, 2 available."
    assert failed["submissions"][0]["attempts"] == 1 and "Insufficient stock" in failed["message"]
    connector.advance_clock(3600)
    assert connector.sent(order["id"])["submissions"][0]["attempts"] == 1  # final: never retried


def test_bad_orders_are_refused_naming_the_field(connector, tharstern):
    def post(body):
        return connector.sf("POST", "/orders", json=body)
    assert post({"lines": []}).json["errors"]["json"]["lines"]
    assert post({"lines": [{"variant_id": 999, "quantity": 1}]}).json["errors"] == {
        "lines.0.variant_id": ["there is no variant 999 in storefront 'default'"]}
    unlinked = post({"customer_id": 4, "lines": [{"variant_id": 6, "quantity": 1}]})
    assert unlinked.status_code == 422 and "no Connect Link" in unlinked.json["errors"]["lines.0.variant_id"][0]
    other = post({"customer_id": 4, "lines": [{"variant_id": 1, "quantity": 250, "attribute_value_ids": [1]}]})
    assert other.status_code == 422 and "lines.0.attribute_value_ids.0" in other.json["errors"]
    assert post({"lines": [{"variant_id": 4, "quantity": 20, "artwork_urls": ["ftp://x"]}]}).status_code == 422
    connector.order(reference="W1", customer_id=4, lines=[{"variant_id": 4, "quantity": 20}])
    again = post({"reference": "W1", "customer_id": 4, "lines": [{"variant_id": 4, "quantity": 20}]})
    assert again.status_code == 409 and again.json["errors"] == {"reference": ["already used"]}
    unpriceable = post({"customer_id": 4, "lines": [{"variant_id": 5, "quantity": 500}]})
    assert unpriceable.status_code == 409 and "Please call for price" in unpriceable.json["errors"]["lines.0"][0]


def test_an_order_is_refused_whole_when_tharstern_cannot_be_reached_at_placement(connector, tharstern):
    tharstern.fault(kind="drop", path="/TharsternAPI/api/products*")
    answer = connector.sf("POST", "/orders", json={"customer_id": 4, "lines": [{"variant_id": 4, "quantity": 20}]})
    assert answer.status_code == 502 and answer.json["errors"]["tharstern"]["problem"] == "unreachable"
    assert [o["id"] for o in connector.sf("GET", "/orders").json] == [4, 3, 2, 1]  # only the demo orders
