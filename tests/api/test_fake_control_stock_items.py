"""What a Tharstern user does for the "missing product" fixes, through the control plane: create
a stock item, link it to customer codes and unlink it; the API's customer-scoped list follows,
and bad input is refused field by field with nothing changed."""
from __future__ import annotations

API = "/TharsternAPI/api"


def codes_for(fake_client, auth, customer: str) -> set[str]:
    items = fake_client.get(f"{API}/products?customerCode={customer}&number=500", headers=auth).json["Details"]["Items"]
    return {i["Code"] for i in items}


def test_create_link_and_unlink_a_stock_item(fake_client, auth):
    made = fake_client.post("/_fake/products", json={"Code": "POSTER-A2", "Description": "A2 Poster", "ProductTypes_ID": 6,
                                                     "UnitPrice": 3.5, "LinkedCustomers": [{"CustomerCode": "web001"}]})
    assert made.status_code == 201 and made.json["ProductTypes_Name"] == "Posters" and made.json["Visible"] is True
    item = made.json["ID"]
    assert "POSTER-A2" in codes_for(fake_client, auth, "WEB001") and "POSTER-A2" not in codes_for(fake_client, auth, "INITECH")

    linked = fake_client.post(f"/_fake/products/{item}/customers", json={"CustomerCode": "initech", "MaxOrderQty": 50})
    assert linked.status_code == 200
    assert {"CustomerCode": "INITECH", "MinOrderQty": 0, "MaxOrderQty": 50} in linked.json["LinkedCustomers"]
    assert "POSTER-A2" in codes_for(fake_client, auth, "INITECH")
    again = fake_client.post(f"/_fake/products/{item}/customers", json={"CustomerCode": "INITECH", "MaxOrderQty": 80})
    assert [c["MaxOrderQty"] for c in again.json["LinkedCustomers"] if c["CustomerCode"] == "INITECH"] == [80]  # one link

    unlinked = fake_client.delete(f"/_fake/products/{item}/customers/WEB001")
    assert unlinked.status_code == 200 and [c["CustomerCode"] for c in unlinked.json["LinkedCustomers"]] == ["INITECH"]
    assert "POSTER-A2" not in codes_for(fake_client, auth, "WEB001")
    assert fake_client.delete(f"/_fake/products/{item}/customers/WEB001").status_code == 404
    assert fake_client.delete("/_fake/products/999999/customers/WEB001").status_code == 404


def test_bad_stock_items_and_links_are_refused_field_by_field(fake_client, auth):
    before = fake_client.get("/_fake/state?summary=true").json["counts"]["products"]
    taken = fake_client.post("/_fake/products", json={"Code": "BC-STD"})
    assert taken.status_code == 400 and "already exists" in taken.json["errors"]["Code"][0]
    bad = fake_client.post("/_fake/products", json={"Type": "Bogus", "ProductTypes_ID": 999, "UnitPrice": -1,
                                                    "LinkedCustomers": [{"CustomerCode": "NOSUCH"}]})
    assert bad.status_code == 400
    assert set(bad.json["errors"]) >= {"Code", "Type", "ProductTypes_ID", "UnitPrice", "LinkedCustomers[0].CustomerCode"}
    assert fake_client.post("/_fake/products", json=["BC-STD"]).json["errors"] == {"body": ["must be an object"]}
    assert fake_client.get("/_fake/state?summary=true").json["counts"]["products"] == before
    assert fake_client.post("/_fake/products/1001/customers", json={}).json["errors"]["CustomerCode"] == ["is required"]
    assert "does not exist" in fake_client.post("/_fake/products/1001/customers",
                                                json={"CustomerCode": "NOSUCH"}).json["errors"]["CustomerCode"][0]
    backwards = fake_client.post("/_fake/products/1001/customers", json={"CustomerCode": "WEB001", "MinOrderQty": 9,
                                                                        "MaxOrderQty": 2})
    assert backwards.status_code == 400 and "MaxOrderQty" in backwards.json["errors"]
    assert fake_client.post("/_fake/products/999999/customers", json={"CustomerCode": "WEB001"}).status_code == 404
