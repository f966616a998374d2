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


def test_two_tharstern_customers_with_the_e_mail_the_choice_is_said_everywhere(connector, tharstern):
    """Found from outside: linking picked the first and said nothing. Now the customer-code
    answer, the Connect Link popup and the order page name both codes and the rule."""
    connector.behaviour(use_external_id_as_customer_code=True)
    tharstern.add_customer(ID=901, Code="TWIN-A", Name="Twin A Ltd", ContactEmail="twin@example.com")
    tharstern.add_customer(ID=900, Code="TWIN-B", Name="Twin B Ltd", ContactEmail="twin@example.com")
    made = connector.sf("POST", "/customers", json={"email": "twin@example.com", "name": "Twin"}).json
    before = connector.sf("GET", f"/customers/{made['id']}/link").json
    assert before["ambiguity"]["chosen"] == "TWIN-B" and "would choose TWIN-B" in before["message"]
    assert "ambiguity" not in before["customer_code"]  # not linked yet

    order = connector.order(customer_id=made["id"], lines=[{"variant_id": 4, "quantity": 20}])
    assert order["customer_code"] == {"code": "TWIN-B", "rule": "auto_linked"}  # the oldest, not the first listed
    answer = connector.sf("GET", f"/customers/{made['id']}/customer-code").json
    assert (answer["code"], answer["rule"]) == ("TWIN-B", "auto_linked")
    assert [c["code"] for c in answer["ambiguity"]["candidates"]] == ["TWIN-B", "TWIN-A"]
    assert "TWIN-B was chosen over TWIN-A 'Twin A Ltd'" in answer["explanation"]
    assert "oldest customer (the lowest Tharstern ID)" in answer["explanation"]
    popup = connector.sf("GET", f"/customers/{made['id']}/link").json
    assert popup["customer_code"]["ambiguity"] == answer["ambiguity"] == popup["ambiguity"]
    assert "TWIN-B was chosen over TWIN-A" in popup["message"]
    assert sorted(c["code"] for c in popup["candidates"] if c["matches_email"]) == ["TWIN-A", "TWIN-B"]
    page = connector.get(f"/admin/default/orders/{order['id']}").get_data(as_text=True)
    assert 'id="customer-code-ambiguity"' in page and "TWIN-A" in page and "(chosen)" in page
    popup_page = connector.get(f"/admin/default/customers/{made['id']}").get_data(as_text=True)
    assert "TWIN-B was chosen over TWIN-A" in popup_page

    relinked = connector.sf("PUT", f"/customers/{made['id']}/link", json={"connect_id": "TWIN-A"}).json
    assert "ambiguity" not in relinked["customer_code"]  # a person chose: nothing left to say
    assert 'id="customer-code-ambiguity"' not in connector.get(f"/admin/default/orders/{order['id']}").get_data(as_text=True)


def test_without_a_second_match_there_is_no_ambiguity(connector, tharstern):
    connector.behaviour(use_external_id_as_customer_code=True)
    connector.order(customer_id=2, lines=[{"variant_id": 4, "quantity": 20}])
    assert "ambiguity" not in connector.sf("GET", "/customers/2/customer-code").json
