"""The storefront catalog: products, variants, attributes and values, scoped to a storefront."""
from __future__ import annotations


def test_the_demo_catalog(connector, tharstern):
    products = connector.sf("GET", "/products").json
    assert [(p["id"], p["name"], p["variant_ids"]) for p in products] == [
        (1, "Business Cards", [1, 8]), (2, "A5 Flyers", [2]), (3, "A4 Booklet", [3]), (4, "Branded Pen", [4]),
        (5, "Roll Labels", [5]), (6, "Letterheads", [6]), (7, "Branded Mug", [7])]
    flyers = connector.sf("GET", "/products/2").json
    assert flyers["variants"][0]["link"]["stock_item_code"] == "FLY-A5"
    assert [(v["id"], v["name"], v["node"], v["value"]) for v in flyers["attributes"][0]["values"]] == [
        (1, "Gloss 130gsm", "Parts[0].PaperCode", "DIG GLO 130"), (2, "Silk 170gsm", "Parts[0].PaperCode", "DIG SILK 170"),
        (3, "Silk 350gsm", "Parts[0].PaperCode", "DIG SILK 350")]


def test_products_variants_and_attributes_are_created(connector, tharstern):
    product = connector.sf("POST", "/products", json={"name": "Posters", "sku": "PST"})
    assert product.status_code == 201 and product.json["variants"] == []
    pid = product.json["id"]
    variant = connector.sf("POST", f"/products/{pid}/variants", json={"name": "A2"})
    assert variant.status_code == 201 and variant.json["link"]["linked"] is False
    attribute = connector.sf("POST", f"/products/{pid}/attributes", json={"name": "Finish", "values": [
        {"name": "Matt"}, {"name": "Gloss", "node": "Processes[0].ProcessTypeId", "value": 11}]})
    assert attribute.status_code == 201
    assert [(v["name"], v["node"], v["value"]) for v in attribute.json["values"]] == [
        ("Matt", None, None), ("Gloss", "Processes[0].ProcessTypeId", 11)]
    assert connector.sf("GET", f"/products/{pid}").json["attributes"][0]["name"] == "Finish"


def test_catalog_input_is_validated(connector, tharstern):
    for path, body, field in (
            ("/products", {}, "name"), ("/products", {"name": ""}, "name"), ("/products", {"name": "x" * 201}, "name"),
            ("/products/1/variants", {"name": "v", "colour": "red"}, "colour"),
            ("/products/1/attributes", {"name": "Size", "values": []}, "values"),
            ("/products/1/attributes", {"name": "Size", "values": [{"name": "A4", "node": "FinishedSize.Code"}]}, "values"),
            ("/products/1/attributes", {"name": "Size", "values": [{"name": "A4", "node": "9x", "value": 1}]}, "values")):
        answer = connector.sf("POST", path, json=body)
        assert answer.status_code == 422, (path, body)
        assert field in answer.json["errors"]["json"]


def test_ids_of_other_storefronts_or_out_of_range_are_not_found(connector, tharstern):
    acme_product = connector.post("/api/storefronts/acme/products", json={"name": "Acme Banner"}).json
    assert connector.sf("GET", f"/products/{acme_product['id']}").status_code == 404
    assert connector.sf("GET", "/products/99999999999999999999999").status_code == 404
    assert connector.sf("GET", "/variants/0").status_code == 404
    assert connector.sf("PUT", "/attribute-values/99999999999999999999/link",
                        json={"node": "Quantity", "value": 1}).status_code == 404
    assert connector.sf("POST", "/products/abc/variants", json={"name": "x"}).status_code == 404
