"""Storefronts, connection settings (password write-only) and behaviour settings, validated."""
from __future__ import annotations

import logging

import pytest

GOOD = {"api_url": "http://127.0.0.1:9/TharsternAPI", "email": "api@example.com", "password": "Pa55-w0rd!",
        "application_id": "infigo-shop", "storefront_customer_code": "SHOP01"}


def test_storefronts_are_listed_and_created(connector, tharstern):
    assert [s["key"] for s in connector.get("/api/storefronts").json] == ["default", "acme", "pressero"]
    created = connector.post("/api/storefronts", json={"key": "trade", "name": "Trade Shop", "platform": "pressero"})
    assert created.status_code == 201
    assert (created.json["platform"], created.json["connected"]) == ("pressero", False)
    assert created.json["connection"]["missing"] == ["api_url", "email", "password", "application_id",
                                                     "storefront_customer_code"]
    assert created.json["behaviour"]["product_type_filter"] == ["Finished", "None"]
    assert connector.post("/api/storefronts", json={"key": "trade", "name": "Again"}).status_code == 409
    for body in ({"key": "Not Valid", "name": "x"}, {"key": "ok"}, {"key": "ok", "name": "x", "platform": "shopify"}):
        assert connector.post("/api/storefronts", json=body).status_code == 422
    assert connector.get("/api/storefronts/nope/connection").status_code == 404


def test_the_password_is_write_only(connector, tharstern, caplog):
    caplog.set_level(logging.DEBUG)
    answer = connector.sf("PUT", "/connection", json=GOOD)
    assert answer.status_code == 200
    assert "password" not in answer.json and answer.json["password_set"] is True
    for path in ("/connection", ""):
        assert "Pa55-w0rd!" not in connector.sf("GET", path).get_data(as_text=True)
    assert "Pa55-w0rd!" not in connector.get("/api/storefronts").get_data(as_text=True)
    assert connector.sf("POST", "/connection/check").json["problem"] == "unreachable"  # nothing listens there
    assert "Pa55-w0rd!" not in caplog.text


def test_the_check_never_leaks_the_password_in_logs_or_answers(connector, tharstern, caplog):
    caplog.set_level(logging.DEBUG)
    connector.connection(password="Wr0ng-Secret")
    answer = connector.sf("POST", "/connection/check")
    assert answer.json["problem"] == "bad_credentials"
    assert "Wr0ng-Secret" not in answer.get_data(as_text=True) and "Wr0ng-Secret" not in caplog.text
    connector.connection(password="tharstern")
    connector.sf("POST", "/connection/check")
    assert "password=tharstern" not in caplog.text and "password=***" in caplog.text


def test_put_replaces_and_patch_changes_what_is_given(connector, tharstern):
    without_password = {k: v for k, v in GOOD.items() if k != "password"}
    answer = connector.sf("PUT", "/connection", json=without_password)  # keeps the stored password
    assert answer.status_code == 200 and answer.json["outgoing_ip"] == "127.0.0.1"
    assert connector.sf("PATCH", "/connection", json={"outgoing_ip": "127.0.0.2"}).json["outgoing_ip"] == "127.0.0.2"
    assert connector.sf("GET", "/connection").json["api_url"] == GOOD["api_url"]
    connector.reset("empty")
    answer = connector.sf("PUT", "/connection", json=without_password)
    assert answer.status_code == 422 and "password" in answer.json["errors"]


@pytest.mark.parametrize("body, field", [
    ({"api_url": "ftp://x/TharsternAPI"}, "api_url"),
    ({"api_url": "not a url"}, "api_url"),
    ({"email": "nobody"}, "email"),
    ({"password": ""}, "password"),
    ({"application_id": "   "}, "application_id"),
    ({"storefront_customer_code": "X" * 41}, "storefront_customer_code"),
    ({"outgoing_ip": "127.0.0.300"}, "outgoing_ip"),
    ({"outgoing_ip": 5}, "outgoing_ip"),
    ({"port": 8080}, "port"),
])
def test_bad_connection_settings_name_the_field(connector, tharstern, body, field):
    answer = connector.sf("PATCH", "/connection", json=body)
    assert answer.status_code == 422
    assert field in answer.json["errors"]["json"]
    assert connector.sf("PUT", "/connection", json={**GOOD, **body}).status_code == 422


def test_changing_the_connection_forgets_cached_tharstern_data(connector, tharstern):
    connector.sf("GET", "/connect-link/options")
    connector.connection(outgoing_ip="127.0.0.2")
    tharstern.clear_journal()
    connector.sf("GET", "/connect-link/options")
    assert tharstern.calls("products") == 1
    assert {e["client"] for e in tharstern.journal()} == {"127.0.0.2"}


def test_behaviour_defaults_and_changes(connector, tharstern):
    connector.reset("empty")
    defaults = connector.sf("GET", "/behaviour").json
    assert defaults == {
        "handles_pricing": False, "handles_stock": False, "product_type_filter": ["Finished", "None"],
        "send_price_in_orderline": "never", "include_shipping": False, "send_tax": False, "lead_time_days": 3,
        "cutoff_time": "14:00", "skip_weekends": True, "holidays": [], "dispatch_days_before_delivery": 1,
        "use_external_id_as_customer_code": False, "markup_percent": 0.0, "order_grouping": "per_order",
        "transfer_on": "placement", "cache_ttl_s": 300}
    changed = connector.behaviour(markup_percent=15, product_type_filter=["finished", "FINISHED", "Custom Kit"],
                                  holidays=["2026-12-25", "2026-12-24", "2026-12-25"], transfer_on="Approved")
    assert changed["product_type_filter"] == ["Finished", "Custom Kit"]
    assert changed["holidays"] == ["2026-12-24", "2026-12-25"]
    assert (changed["markup_percent"], changed["transfer_on"], changed["lead_time_days"]) == (15.0, "Approved", 3)
    replaced = connector.sf("PUT", "/behaviour", json={"handles_pricing": True}).json
    assert (replaced["handles_pricing"], replaced["markup_percent"], replaced["transfer_on"]) == (True, 0.0, "placement")


@pytest.mark.parametrize("body, field", [
    ({"markup": 5}, "markup"),
    ({"markup_percent": -100}, "markup_percent"),
    ({"markup_percent": "5"}, "markup_percent"),
    ({"handles_pricing": "yes"}, "handles_pricing"),
    ({"send_price_in_orderline": "sometimes"}, "send_price_in_orderline"),
    ({"product_type_filter": "Finished"}, "product_type_filter"),
    ({"product_type_filter": [""]}, "product_type_filter"),
    ({"lead_time_days": -1}, "lead_time_days"),
    ({"lead_time_days": 2.5}, "lead_time_days"),
    ({"cutoff_time": "25:00"}, "cutoff_time"),
    ({"cutoff_time": "2pm"}, "cutoff_time"),
    ({"holidays": ["2026-02-30"]}, "holidays"),
    ({"order_grouping": "per_line"}, "order_grouping"),
    ({"transfer_on": ""}, "transfer_on"),
    ({"cache_ttl_s": 86401}, "cache_ttl_s"),
])
def test_bad_behaviour_settings_name_the_field(connector, tharstern, body, field):
    for method in ("PATCH", "PUT"):
        answer = connector.sf(method, "/behaviour", json=body)
        assert answer.status_code == 422, (method, body)
        assert field in answer.json["errors"]["json"]


def test_bodies_that_are_not_json_objects_are_refused(connector, tharstern):
    answer = connector.sf("PATCH", "/behaviour", data="{not json", content_type="application/json")
    assert answer.status_code == 400
    answer = connector.sf("PATCH", "/behaviour", data='{"transfer_on": "\\ud800"}', content_type="application/json")
    assert answer.status_code == 400
    assert connector.sf("PATCH", "/behaviour", json=[1, 2]).status_code == 422
