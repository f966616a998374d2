"""Orders while Tharstern cannot be asked (docs/connector.md): an order whose prices the storefront
knows and whose stock it keeps is accepted and queued; any other is refused, naming what needs
Tharstern and what the shopper can do, with nothing stored."""
from __future__ import annotations

import pytest

PEN = {"variant_id": 4, "quantity": 20}      # a price-list line (UnitPrice 1.25)
CARDS = {"variant_id": 1, "quantity": 250}   # priced by a Tharstern estimate


@pytest.fixture
def storefront_keeps_stock(connector):
    connector.behaviour(handles_stock=False)
    return connector


def demo_order_ids(connector) -> list[int]:
    return sorted(o["id"] for o in connector.sf("GET", "/orders").json)


def test_a_price_list_order_with_the_storefronts_stock_is_queued_and_sent_when_tharstern_is_back(
        storefront_keeps_stock, tharstern):
    connector = storefront_keeps_stock
    assert connector.price(**PEN)["price"] == 25.0  # the shop has the price list at hand (cached)
    tharstern.allowlist(["127.0.0.9"], mode="drop")  # Tharstern's firewall drops the connector
    answer = connector.sf("POST", "/orders", json={"customer_id": 4, "lines": [PEN]})
    assert answer.status_code == 201, answer.json
    placed = answer.json
    assert placed["state"] == "queued" and placed["lines"][0]["price"] == 25.0
    assert placed["accepted_offline"].startswith("unreachable (dropped)")
    assert "Accepted while Tharstern could not be asked" in placed["message"]
    waiting = connector.sent(placed["id"])
    assert waiting["state"] == "queued" and waiting["submissions"][0]["state"] == "pending"

    tharstern.allowlist([])
    connector.advance_clock(600)
    done = connector.sent(placed["id"])
    assert done["state"] == "submitted" and done["lines"][0]["job_no"]
    assert len([o for o in tharstern.state()["orders"] if o["UniqueSubmitOrderID"] == placed["reference"]]) == 1


def test_an_estimate_priced_line_is_refused_saying_what_the_shopper_can_do(storefront_keeps_stock, tharstern):
    connector = storefront_keeps_stock
    connector.price(**PEN)
    tharstern.allowlist(["127.0.0.9"], mode="forbidden")
    answer = connector.sf("POST", "/orders", json={"customer_id": 4, "lines": [PEN, CARDS]})
    assert answer.status_code == 502
    errors = answer.json["errors"]
    assert errors["lines.1"] == ["its price is an estimate Tharstern makes for this quantity and these options"]
    assert "lines.0" not in errors and (errors["tharstern"]["problem"], errors["tharstern"]["cause"]) == (
        "unreachable", "forbidden")
    message = answer.json["message"]
    assert "Line(s) 1 could be ordered now on their own" in message
    assert "Please try again in a few minutes, or contact the shop" in message and errors["advice"][0] in message
    assert demo_order_ids(connector) == [1, 2, 3, 4]  # nothing stored


def test_stock_that_tharstern_keeps_cannot_be_confirmed_so_the_order_is_refused(connector, tharstern):
    connector.price(**PEN)  # the price is known, but handles_stock is on in the demo
    tharstern.allowlist(["127.0.0.9"], mode="forbidden")
    answer = connector.sf("POST", "/orders", json={"customer_id": 4, "lines": [PEN]})
    assert answer.status_code == 502
    assert answer.json["errors"]["lines.0"] == ["its stock is kept in Tharstern, which must confirm it"]
    assert "could be ordered now" not in answer.json["message"]


def test_a_price_list_the_shop_has_not_got_at_hand_is_refused(storefront_keeps_stock, tharstern):
    connector = storefront_keeps_stock
    tharstern.allowlist(["127.0.0.9"], mode="forbidden")  # nothing cached: the reset cleared the cache
    answer = connector.sf("POST", "/orders", json={"customer_id": 4, "lines": [PEN]})
    assert answer.status_code == 502
    assert answer.json["errors"]["lines.0"] == [
        "its price comes from Tharstern's price list, which the shop has not got at hand"]
    assert demo_order_ids(connector) == [1, 2, 3, 4]


def test_a_customer_still_to_link_is_refused_and_a_linked_one_is_not(storefront_keeps_stock, tharstern):
    connector = storefront_keeps_stock
    connector.behaviour(use_external_id_as_customer_code=True)
    connector.price(**PEN)
    tharstern.allowlist(["127.0.0.9"], mode="forbidden")
    first_order = connector.sf("POST", "/orders", json={"customer_id": 3, "lines": [PEN]})
    assert first_order.status_code == 502 and "first order" in first_order.json["errors"]["customer_id"][0]
    assert "could be ordered now" not in first_order.json["message"]
    linked = connector.sf("POST", "/orders", json={"customer_id": 4, "lines": [PEN]})  # INITECH, set by hand
    assert linked.status_code == 201 and linked.json["customer_code"] == {"code": "INITECH", "rule": "customer_link"}


def test_a_storefront_that_prices_itself_takes_an_estimate_linked_line(connector, tharstern):
    connector.behaviour(handles_pricing=False, send_price_in_orderline="always")
    tharstern.allowlist(["127.0.0.9"], mode="forbidden")
    answer = connector.sf("POST", "/orders", json={"customer_id": 4, "lines": [{**CARDS, "price": 80}]})
    assert answer.status_code == 201, answer.json
    line = answer.json["lines"][0]
    assert (line["price"], line["price_source"], line["tax_rate"]) == (80.0, "storefront", None)  # no tax rate at hand
