"""Automatic link-or-create at the first order (seed: automatically link Tharstern customers):
the order goes to Tharstern under the linked or created customer's own code."""
from __future__ import annotations


def test_a_customer_found_by_e_mail_is_linked_and_ordered_for(connector, tharstern):
    connector.behaviour(use_external_id_as_customer_code=True)
    order = connector.sent(connector.order(customer_id=2, lines=[{"variant_id": 4, "quantity": 20}])["id"])
    assert order["customer_code"] == {"code": "GLOBEX", "rule": "auto_linked"}
    assert order["submissions"][0]["payload"]["InvoiceCustomer"]["Code"] == "GLOBEX"
    assert order["state"] == "submitted"
    assert connector.sf("GET", "/customers/2/customer-code").json["rule"] == "auto_linked"
    assert tharstern.calls("customers/create", "POST") == 0


def test_a_customer_unknown_to_tharstern_is_created_at_the_first_order_only(connector, tharstern):
    connector.behaviour(use_external_id_as_customer_code=True)
    first = connector.sent(connector.order(customer_id=3, lines=[{"variant_id": 1, "quantity": 250}])["id"])
    code = first["customer_code"]["code"]
    assert first["customer_code"]["rule"] == "auto_created" and first["state"] == "submitted"
    created = tharstern.customers_with_email("new.buyer@example.com")
    assert [c["Code"] for c in created] == [code]
    second = connector.order(customer_id=3, lines=[{"variant_id": 4, "quantity": 20}])
    assert second["customer_code"]["code"] == code
    assert tharstern.calls("customers/create", "POST") == 1


def test_the_e_mail_matches_whatever_its_letter_case(connector, tharstern):
    connector.behaviour(use_external_id_as_customer_code=True)
    tharstern.add_customer(Code="CASE01", Name="Case Ltd", ContactEmail="Mixed.Case@Example.COM")
    made = connector.sf("POST", "/customers", json={"email": "mixed.case@example.com", "name": "Mixed Case"})
    order = connector.order(customer_id=made.json["id"], lines=[{"variant_id": 4, "quantity": 20}])
    assert order["customer_code"] == {"code": "CASE01", "rule": "auto_linked"}
    assert tharstern.calls("customers/create", "POST") == 0


def test_with_automatic_linking_off_the_storefront_code_is_used(connector, tharstern):
    order = connector.order(customer_id=3, lines=[{"variant_id": 4, "quantity": 20}])
    assert order["customer_code"] == {"code": "WEB001", "rule": "storefront_default"}
    assert tharstern.calls("customers", "GET") == 0
