"""Departments, customers, the customer-code rule in every answer, and the customer Connect Link
popup with its cached candidate list."""
from __future__ import annotations

import pytest


def code_of(connector, cid):
    answer = connector.sf("GET", f"/customers/{cid}/customer-code")
    assert answer.status_code == 200
    return answer.json


@pytest.mark.parametrize("cid, code, rule, words", [
    (1, "ACME01", "department", "Acme Corporation"),
    (2, "WEB001", "storefront_default", "department 'Globex' has no Tharstern code"),
    (3, "WEB001", "storefront_default", "no department"),
    (4, "INITECH", "customer_link", "own Connect Link"),
    (5, "NOSUCH01", "customer_link", "own Connect Link"),
])
def test_each_demo_customer_gets_its_rule_and_a_reason(connector, tharstern, cid, code, rule, words):
    result = code_of(connector, cid)
    assert (result["code"], result["rule"]) == (code, rule)
    assert words in result["explanation"]
    assert tharstern.journal() == []  # resolving asks Tharstern nothing


def test_a_customers_own_link_beats_the_department(connector, tharstern):
    connector.sf("PUT", "/customers/1/link", json={"connect_id": "GLOBEX"})
    assert code_of(connector, 1)["rule"] == "customer_link"
    connector.sf("PUT", "/customers/1/link", json={"connect_id": None})
    assert code_of(connector, 1)["rule"] == "department"


def test_department_codes_apply_to_members(connector, tharstern):
    assert connector.sf("PUT", "/departments/2/link", json={"code": "GLOBEX"}).json["code"] == "GLOBEX"
    assert (code_of(connector, 2)["code"], code_of(connector, 2)["rule"]) == ("GLOBEX", "department")
    connector.sf("PATCH", "/customers/3", json={"department_id": 2})
    assert code_of(connector, 3)["code"] == "GLOBEX"
    connector.sf("PATCH", "/customers/3", json={"department_id": None})
    assert code_of(connector, 3)["rule"] == "storefront_default"


def test_without_a_storefront_code_the_answer_says_what_to_set(connector, tharstern):
    connector.reset("empty")
    customer = connector.sf("POST", "/customers", json={"email": "x@example.com"}).json
    assert customer["customer_code"]["code"] is None
    assert "storefront_customer_code" in customer["customer_code"]["explanation"]


def test_customers_and_departments_are_created_and_validated(connector, tharstern):
    department = connector.sf("POST", "/departments", json={"name": "Initech", "code": "INITECH"})
    assert department.status_code == 201
    created = connector.sf("POST", "/customers", json={"email": "Bill.Lumbergh@Initech.example",
                                                        "department_id": department.json["id"]})
    assert created.status_code == 201
    assert (created.json["name"], created.json["customer_code"]["code"]) == ("Bill.Lumbergh", "INITECH")
    assert connector.sf("GET", f"/departments/{department.json['id']}").json["customer_ids"] == [created.json["id"]]
    clash = connector.sf("POST", "/customers", json={"email": "bill.lumbergh@initech.EXAMPLE"})
    assert clash.status_code == 409 and "email" in clash.json["errors"]
    for body, field in (({"email": "not-an-email"}, "email"), ({}, "email"),
                        ({"email": "a@b.example", "department_id": 99}, "department_id"),
                        ({"email": "a@b.example", "nickname": "x"}, "nickname")):
        answer = connector.sf("POST", "/customers", json=body)
        assert answer.status_code == 422
        assert field in answer.json["errors"] or field in answer.json["errors"].get("json", {})
    assert connector.sf("POST", "/departments", json={"name": "  "}).status_code == 422
    assert connector.sf("GET", "/customers/999").status_code == 404
    assert connector.get("/api/storefronts/acme/customers/1").status_code == 404  # another storefront's


def popup(connector, cid, query=""):
    answer = connector.sf("GET", f"/customers/{cid}/link" + (f"?q={query}" if query else ""))
    assert answer.status_code == 200, answer.json
    return answer.json


def test_the_popup_lists_candidates_with_matching_emails_first(connector, tharstern):
    result = popup(connector, 2)
    assert result["link_status"] == "none"
    assert result["candidates"][0]["code"] == "GLOBEX" and result["candidates"][0]["matches_email"] is True
    assert sum(c["matches_email"] for c in result["candidates"]) == 1
    assert result["candidates_total"] == len(tharstern.state()["customers"])
    assert [c["code"] for c in popup(connector, 2, "acme")["candidates"]] == ["ACME01"]


def test_the_popup_shows_the_link_and_reports_a_wrong_connect_id(connector, tharstern):
    assert popup(connector, 4)["link_status"] == "found"
    assert popup(connector, 4)["linked_customer"]["name"] == "Initech"
    wrong = popup(connector, 5)
    assert (wrong["link_status"], wrong["connect_id"], wrong["linked_customer"]) == ("not_found", "NOSUCH01", None)
    assert "does not exist in Tharstern" in wrong["message"]


def test_the_cached_customer_list_hides_a_new_tharstern_customer_until_cleared(connector, tharstern):
    assert "NEWCO1" not in {c["code"] for c in popup(connector, 3)["candidates"]}
    tharstern.add_customer(Code="NEWCO1", Name="New Co", ContactEmail="new.buyer@example.com")
    stale = popup(connector, 3)
    assert stale["candidates_from_cache"] is True
    assert "NEWCO1" not in {c["code"] for c in stale["candidates"]}
    connector.sf("POST", "/cache/clear")
    fresh = popup(connector, 3)
    assert fresh["candidates"][0]["code"] == "NEWCO1" and fresh["candidates"][0]["matches_email"] is True


def test_a_link_outside_the_cached_list_is_shown_as_such(connector, tharstern):
    popup(connector, 3)  # the list is cached now
    tharstern.add_customer(Code="LATE01", Name="Late Ltd", ContactEmail="late@example.com")
    connector.sf("PUT", "/customers/3/link", json={"connect_id": "late01"})
    result = popup(connector, 3)
    assert (result["link_status"], result["connect_id"]) == ("not_in_cached_list", "LATE01")
    assert "clear the cache" in result["message"]


def test_manual_links_are_checked_in_tharstern_unless_told_not_to(connector, tharstern):
    answer = connector.sf("PUT", "/customers/3/link", json={"connect_id": "NOPE99"})
    assert answer.status_code == 422 and "connect_id" in answer.json["errors"]
    answer = connector.sf("PUT", "/customers/3/link", json={"connect_id": "NOPE99", "verify": False})
    assert answer.status_code == 200 and answer.json["connect_id"] == "NOPE99"
    answer = connector.sf("PUT", "/customers/3/link", json={"connect_id": "globex"})
    assert (answer.json["connect_id"], answer.json["link_source"]) == ("GLOBEX", "manual")
    assert answer.json["customer_code"]["rule"] == "customer_link"
    assert connector.sf("PUT", "/customers/3/link", json={}).status_code == 422


def test_a_connect_id_given_on_create_or_update_is_checked_as_the_link_is(connector, tharstern):
    """Found from outside: POST /customers stored a ConnectId Tharstern does not have."""
    refused = connector.sf("POST", "/customers", json={"email": "new@example.com", "connect_id": "NOPE99"})
    assert refused.status_code == 422
    assert "Tharstern has no customer with the code 'NOPE99'" in refused.json["errors"]["connect_id"][0]
    assert "verify: false" in refused.json["errors"]["connect_id"][0]
    assert "new@example.com" not in {c["email"] for c in connector.sf("GET", "/customers").json}  # nothing stored
    made = connector.sf("POST", "/customers", json={"email": "new@example.com", "connect_id": "globex"})
    assert made.status_code == 201 and (made.json["connect_id"], made.json["link_source"]) == ("GLOBEX", "manual")
    unchecked = connector.sf("POST", "/customers", json={"email": "b@example.com", "connect_id": "NOPE99",
                                                         "verify": False})
    assert unchecked.status_code == 201 and unchecked.json["connect_id"] == "NOPE99"

    cid = made.json["id"]
    patched = connector.sf("PATCH", f"/customers/{cid}", json={"connect_id": "NOPE98", "name": "Renamed"})
    assert patched.status_code == 422 and "connect_id" in patched.json["errors"]
    kept = connector.sf("GET", f"/customers/{cid}").json
    assert (kept["connect_id"], kept["name"]) == ("GLOBEX", "new")  # nothing of the refused change stayed
    assert connector.sf("PATCH", f"/customers/{cid}", json={"connect_id": "initech"}).json["connect_id"] == "INITECH"
    assert connector.sf("PATCH", f"/customers/{cid}", json={"connect_id": "X1", "verify": False}).json["connect_id"] == "X1"
    unlinked = connector.sf("PATCH", f"/customers/{cid}", json={"connect_id": None}).json
    assert (unlinked["connect_id"], unlinked["customer_code"]["rule"]) == (None, "storefront_default")


def test_a_connect_id_on_create_needs_tharstern_and_stores_nothing_without_it(connector, tharstern):
    tharstern.allowlist(["127.0.0.9"], mode="forbidden")
    answer = connector.sf("POST", "/customers", json={"email": "c@example.com", "connect_id": "GLOBEX"})
    assert answer.status_code == 502 and answer.json["errors"]["tharstern"]["cause"] == "forbidden"
    assert "c@example.com" not in {c["email"] for c in connector.sf("GET", "/customers").json}
    assert connector.sf("POST", "/customers", json={"email": "c@example.com"}).status_code == 201  # no check needed


def test_a_race_on_a_unique_email_is_a_409_not_a_500(connector, tharstern, monkeypatch):
    from connector.resources import customers
    monkeypatch.setattr(customers, "_email_free", lambda *args, **kwargs: None)  # as if the other request won
    answer = connector.sf("POST", "/customers", json={"email": "JANE.BUYER@acme.example"})
    assert answer.status_code == 409
