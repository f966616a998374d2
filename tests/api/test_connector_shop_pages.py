"""The shop's pages without a browser: each renders for a customer of the storefront, and a
customer, product or order that is not the shopper's is a clear 404 page, never a 500."""
from __future__ import annotations

import html


def test_each_page_renders_for_a_customer_of_the_storefront(connector, tharstern):
    assert connector.get("/shop/").headers["Location"].endswith("/shop/default/")
    for path in ("/shop/default/", "/shop/default/as/1/", "/shop/default/as/1/products/1", "/shop/default/as/1/basket",
                 "/shop/default/as/1/orders"):
        page = connector.get(path)
        assert page.status_code == 200, path
        assert "text/html" in page.headers["Content-Type"]
    products = connector.get("/shop/default/as/1/").get_data(as_text=True)
    assert "Business Cards" in products and "Letterheads" not in products  # no Connect Link, not for sale


def test_what_is_not_the_shoppers_is_a_404_page(connector, tharstern):
    order = connector.sf("POST", "/orders", json={"customer_id": 1, "lines": [{"variant_id": 1, "quantity": 100}]}).json
    assert connector.get(f"/shop/default/as/1/orders/{order['id']}").status_code == 200
    for path, text in [(f"/shop/default/as/2/orders/{order['id']}", "has no order"),
                       ("/shop/default/as/999/", "There is no customer 999"),
                       ("/shop/acme/as/1/", "There is no customer 1 in storefront 'acme'"),
                       ("/shop/default/as/1/products/6", "none of its variants has a Connect Link"),
                       ("/shop/nope/", "There is no storefront 'nope'"),
                       ("/shop/default/as/x/", "The shop has no page")]:
        page = connector.get(path)
        assert page.status_code == 404, path
        assert text in html.unescape(page.get_data(as_text=True)), path
