"""Automatic link-or-create of Tharstern customers by e-mail (seed "auto-link"), called as the
order placement of issue 5 will call it, with the fake over loopback."""
from __future__ import annotations

import threading

import pytest

from connector.services.customers.autolink import link_or_create
from connector.tharstern.errors import Unreachable


@pytest.fixture
def autolink(connector, tharstern):
    connector.behaviour(use_external_id_as_customer_code=True)
    runtime = connector.runtime()
    return lambda cid, sf_id=1: link_or_create(runtime, sf_id, cid)


def test_a_customer_found_by_email_is_linked(connector, tharstern, autolink):
    outcome = autolink(2)  # hank@globex.example; department Globex has no code
    assert (outcome.action, outcome.code, outcome.resolution.rule) == ("linked", "GLOBEX", "auto_linked")
    assert outcome.to_dict()["tharstern_customer"]["code"] == "GLOBEX"
    assert outcome.to_dict()["customer_code"]["rule"] == "auto_linked"
    customer = connector.sf("GET", "/customers/2").json
    assert (customer["connect_id"], customer["link_source"]) == ("GLOBEX", "auto_linked")
    assert customer["customer_code"]["rule"] == "auto_linked"
    assert "found by e-mail" in customer["customer_code"]["explanation"]
    assert tharstern.journal("customers")[0]["query"] == "keyword=hank%40globex.example&paging_startIndex=0&paging_numberOfRecords=100"
    assert tharstern.calls("customers/create", "POST") == 0


def test_the_email_matches_a_contact_and_ignores_case(connector, tharstern, autolink):
    connector.sf("PATCH", "/customers/6", json={"email": "Accounts@ACME.example"})
    outcome = autolink(6)
    assert (outcome.action, outcome.code) == ("linked", "ACME01")


def test_a_keyword_hit_that_is_not_the_same_email_does_not_link(connector, tharstern, autolink):
    created = connector.sf("POST", "/customers", json={"email": "hank@globex.exam"}).json  # a substring of hank's
    outcome = autolink(created["id"])
    assert outcome.action == "created" and outcome.code != "GLOBEX"


def test_a_customer_not_in_tharstern_is_created_and_linked(connector, tharstern, autolink):
    outcome = autolink(3)  # new.buyer@example.com
    assert (outcome.action, outcome.resolution.rule) == ("created", "auto_created")
    made = tharstern.customers_with_email("new.buyer@example.com")
    assert len(made) == 1 and made[0]["Code"] == outcome.code and made[0]["Name"] == "New Buyer"
    code = connector.sf("GET", "/customers/3/customer-code").json
    assert (code["code"], code["rule"]) == (outcome.code, "auto_created")
    # from now on prices use the new code
    priced = connector.price(variant_id=1, quantity=100, customer_id=3)
    assert priced["customer_code"]["code"] == outcome.code and priced["price"] is not None


def test_the_link_is_kept_so_a_second_order_neither_searches_nor_creates(connector, tharstern, autolink):
    first = autolink(3)
    tharstern.clear_journal()
    second = autolink(3)
    assert (second.action, second.code) == ("already_linked", first.code)
    assert tharstern.calls("customers/create", "POST") == 0
    assert [e["query"].split("&")[0] for e in tharstern.journal("customers")] == [f"customerCode={first.code}"]


def test_concurrent_orders_of_one_customer_create_it_once(connector, tharstern, autolink):
    outcomes, failures = [], []
    start = threading.Barrier(6)

    def order():
        start.wait()
        try:
            outcomes.append(autolink(3))
        except Exception as error:  # collected, not lost in the thread
            failures.append(error)

    threads = [threading.Thread(target=order) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failures == []
    assert sorted(o.action for o in outcomes) == ["already_linked"] * 5 + ["created"]
    assert len({o.code for o in outcomes}) == 1
    assert tharstern.calls("customers/create", "POST") == 1
    assert len(tharstern.customers_with_email("new.buyer@example.com")) == 1


def test_concurrent_orders_of_different_customers_each_link(connector, tharstern, autolink):
    results = {}
    threads = [threading.Thread(target=lambda cid=cid: results.setdefault(cid, autolink(cid))) for cid in (2, 3, 6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert {cid: o.action for cid, o in results.items()} == {2: "linked", 3: "created", 6: "linked"}


def test_a_wrong_connect_id_is_reported_not_replaced(connector, tharstern, autolink):
    outcome = autolink(5)  # NOSUCH01 does not exist in Tharstern
    assert outcome.action == "connect_id_not_found" and "NOSUCH01" in outcome.message
    assert connector.sf("GET", "/customers/5").json["connect_id"] == "NOSUCH01"
    assert tharstern.calls("customers/create", "POST") == 0


def test_department_codes_and_the_setting_turned_off_link_nothing(connector, tharstern, autolink):
    assert autolink(1).action == "department"
    connector.behaviour(use_external_id_as_customer_code=False)
    assert autolink(3).action == "disabled"
    assert tharstern.journal() == []


def test_tharstern_unreachable_raises_and_stores_nothing(connector, tharstern, autolink):
    tharstern.allowlist(["127.0.0.9"])
    with pytest.raises(Unreachable):
        autolink(3)
    assert connector.sf("GET", "/customers/3").json["connect_id"] is None


def test_a_linked_customer_created_meanwhile_shows_in_the_popup_only_after_the_cache_is_cleared(connector, tharstern, autolink):
    before = connector.sf("GET", "/customers/3/link").json  # caches the customer list
    assert before["link_status"] == "none"
    outcome = autolink(3)
    stale = connector.sf("GET", "/customers/3/link").json
    assert stale["link_status"] == "not_in_cached_list" and outcome.code not in {c["code"] for c in stale["candidates"]}
    connector.sf("POST", "/cache/clear")
    fresh = connector.sf("GET", "/customers/3/link").json
    assert fresh["link_status"] == "found" and fresh["candidates"][0]["code"] == outcome.code
