"""Starting a storefront over from scratch: what the pathway set is undone, what it made is
removed, the catalog and people stay, and nothing waiting in the outbox is pulled away."""
from __future__ import annotations



def test_start_over_undoes_the_pathway_and_keeps_the_catalog(connector, tharstern):
    connector.sf("PUT", "/departments/2/link", json={"code": "GLOBEX"})
    connector.sf("POST", "/imports", json={"site": "shop.example.com", "external_user_id": "117", "stock_item_ids": [1006]})
    before = connector.sf("GET", "/products").json
    answer = connector.sf("POST", "/start-over")
    assert answer.status_code == 200, answer.json
    undone = answer.json["undone"]
    assert undone["connect_links"] == 8 and undone["department_codes"] == 2 and undone["customer_links"] >= 2
    assert undone["imports"] == 1 and undone["imported_products"] == 1 and undone["orders"] >= 1
    connection = connector.sf("GET", "/connection").json
    assert (connection["api_url"], connection["email"], connection["storefront_customer_code"]) == (None, None, None)
    assert connector.sf("GET", "/behaviour").json["use_external_id_as_customer_code"] is False
    assert connector.sf("GET", "/orders").json == []
    after = connector.sf("GET", "/products").json
    assert len(after) == len(before) - 1  # the imported product went; the storefront's own stayed
    assert connector.sf("GET", "/customers/4").json["connect_id"] is None
    assert connector.sf("GET", "/departments/1").json["code"] is None
    assert connector.sf("POST", "/connection/check").status_code == 409  # nothing to connect with yet


def test_start_over_waits_for_the_outbox_and_names_unknown_storefronts(connector, tharstern):
    tharstern.fault(kind="error", status=503, method="POST", path="*orders/submit*", times=100)
    placed = connector.sf("POST", "/orders", json={"customer_id": 1, "lines": [{"variant_id": 1, "quantity": 100}]})
    assert placed.status_code == 201
    refused = connector.sf("POST", "/start-over")
    assert refused.status_code == 409 and "wait in the outbox" in refused.json["message"]
    assert connector.post("/api/storefronts/nope/start-over").status_code == 404
