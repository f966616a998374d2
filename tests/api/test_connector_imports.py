"""Pressero-style import (seed 002): batches of at most 50, Pressero's part numbers, skipping
what is imported, resuming after a Tharstern failure; StockItemChanged keeps price and stock."""
from __future__ import annotations

import requests

from tests.fixtures.connector import SF

SPEC = {"site": "https://Shop.Example.com/", "external_user_id": "117", "categories": ["Promo"],
        "user_groups": ["Staff"], "markup_percent": 20, "mandatory_upload": True}


def imported(connector, site="shop.example.com"):
    return {p["stock_item_id"]: p for p in connector.sf("GET", f"/imported-products?site={site}").json}


def test_an_import_creates_products_named_and_numbered_as_pressero_does(connector, tharstern):
    answer = connector.sf("POST", "/imports", json={**SPEC, "stock_item_ids": [1006, 1007, 1001]})
    assert answer.status_code == 201 and answer.json["state"] == "completed"
    assert answer.json["progress"] == {"pending": 0, "imported": 3, "skipped": 0, "failed": 0, "total": 3}
    pen = imported(connector)[1006]
    assert (pen["part_number"], pen["public_part_number"]) == ("117-1006", "117-1006")
    assert pen["mis_product_id"] == "117-1006-shop.example.com"
    assert (pen["name"], pen["categories"], pen["user_groups"], pen["mandatory_upload"]) == (
        "Branded Pen", ["Promo"], ["Staff"], True)
    assert (pen["unit_price"], pen["price"], pen["available"], pen["out_of_stock"]) == (1.25, 1.5, 500, False)
    cards = imported(connector)[1001]
    assert cards["tracks_stock"] is False and cards["out_of_stock"] is False  # made to order: no stock to run out
    price = connector.price(variant_id=pen["variant_id"], quantity=10, customer_id=4)
    assert price["price"] == 15.0 and price["markup_percent"] == 20  # the import's markup, not the storefront's


def test_more_than_50_items_is_refused_and_imported_items_are_skipped_and_said_so(connector, tharstern):
    too_many = connector.sf("POST", "/imports", json={**SPEC, "stock_item_ids": list(range(1, 52))})
    assert too_many.status_code == 422 and "At most 50" in too_many.json["errors"]["json"]["stock_item_ids"][0]
    connector.sf("POST", "/imports", json={**SPEC, "stock_item_ids": [1006]})
    again = connector.sf("POST", "/imports", json={**SPEC, "stock_item_ids": [1006, 1007, 1008]}).json
    states = {i["stock_item_id"]: (i["state"], i["message"]) for i in again["items"]}
    assert states[1006][0] == "skipped" and "already imported for shop.example.com" in states[1006][1]
    assert states[1007][0] == "imported"
    assert states[1008][0] == "failed" and "WEB001" in states[1008][1]  # BANNER-PU is ACME01's only
    other_site = connector.sf("POST", "/imports", json={**SPEC, "site": "b2b.example.com", "stock_item_ids": [1006]})
    assert other_site.json["items"][0]["state"] == "imported"


def test_an_import_interrupted_by_tharstern_resumes_where_it_stopped(connector, tharstern):
    connector.sf("POST", "/imports", json={**SPEC, "stock_item_ids": [1006]})
    tharstern.fault(kind="error", status=500, method="GET", path="/TharsternAPI/api/products*", times=1)
    stopped = connector.sf("POST", "/imports", json={**SPEC, "stock_item_ids": [1006, 1007, 1002]})
    assert stopped.status_code == 201 and stopped.json["state"] == "interrupted"
    assert "HTTP 500" in stopped.json["last_error"]
    assert stopped.json["progress"] == {"pending": 2, "imported": 0, "skipped": 1, "failed": 0, "total": 3}
    progress = connector.sf("GET", f"/imports/{stopped.json['id']}").json
    assert progress["state"] == "interrupted" and "resume" in progress["message"]
    resumed = connector.sf("POST", f"/imports/{stopped.json['id']}/resume").json
    assert resumed["state"] == "completed" and resumed["runs"] == 2
    assert resumed["progress"] == {"pending": 0, "imported": 2, "skipped": 1, "failed": 0, "total": 3}
    assert sorted(imported(connector)) == [1002, 1006, 1007]  # each once
    assert connector.sf("POST", f"/imports/{stopped.json['id']}/resume").status_code == 409
    assert connector.sf("GET", "/imports/999").status_code == 404


def test_stock_item_changes_update_price_and_stock_and_out_of_stock_products_cannot_be_ordered(
        connector_server, connector_app, tharstern):
    http = requests.Session()
    url = f"{connector_server.url}{SF}"
    http.headers["Content-Type"] = "application/json"  # required on state changes
    assert http.post(f"{url}/subscriptions/sync").status_code == 200
    http.post(f"{url}/imports", json={**SPEC, "stock_item_ids": [1007]})
    mug = {p["stock_item_id"]: p for p in http.get(f"{url}/imported-products").json()}[1007]
    tharstern.edit_product(1007, UnitPrice=8.0)
    tharstern.edit_product(1007, Available=0)
    assert tharstern.flush_webhooks()["drained"]
    mug = {p["stock_item_id"]: p for p in http.get(f"{url}/imported-products").json()}[1007]
    assert (mug["unit_price"], mug["price"], mug["available"], mug["out_of_stock"]) == (8.0, 9.6, 0, True)
    assert mug["stock_sequence"] == 2
    refused = http.post(f"{url}/orders", json={"customer_id": 4, "lines": [{"variant_id": mug["variant_id"], "quantity": 1}]})
    assert refused.status_code == 409 and "is out of stock in Tharstern" in refused.json()["message"]
    assert refused.json()["errors"] == {"lines.0.variant_id": [refused.json()["message"]]}
    tharstern.edit_product(1007, Available=4)
    tharstern.flush_webhooks()
    ordered = http.post(f"{url}/orders", json={"customer_id": 4, "lines": [{"variant_id": mug["variant_id"], "quantity": 1}]})
    assert ordered.status_code == 201 and ordered.json()["lines"][0]["price"] == 9.6
