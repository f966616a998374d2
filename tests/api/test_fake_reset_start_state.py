"""Reset hands out a copy of a start state built once (fake_tharstern/backend/__init__.py,
``_start_state_copy``): whatever a run changed — entities edited, linked, replaced, orders and
jobs made — the next reset gives back exactly the state the first one gave."""
from __future__ import annotations

from tests.fixtures.fake import basic, comparable_state, issue_token

API = "/TharsternAPI/api"


def whole_state(fake_client) -> dict:
    return comparable_state(fake_client.get("/_fake/state").json)


def test_a_reset_after_every_kind_of_change_gives_back_the_start_state(fake_client):
    fake_client.post("/_fake/reset")
    start = whole_state(fake_client)
    auth = basic(issue_token(fake_client))
    product_id, customer = start["products"][0]["ID"], start["customers"][0]
    assert fake_client.patch(f"/_fake/products/{product_id}", json={"UnitPrice": 99.5}).status_code == 200
    assert fake_client.post(f"/_fake/products/{product_id}/customers",
                            json={"CustomerCode": customer["Code"], "MaxOrderQty": 7}).status_code == 200
    assert fake_client.post("/_fake/seed", json={"customers": [{"Code": customer["Code"], "Name": "Renamed"}]}).status_code == 200
    assert fake_client.post("/_fake/products", json={"Code": "NEW-1", "ProductTypes_ID": 6, "UnitPrice": 1}).status_code == 201
    estimate = fake_client.post(f"{API}/estrequest", headers=auth, json={
        "ProductTypeID": 6, "Quantity": 10, "Customer": {"Code": customer["Code"]}})
    assert estimate.status_code == 200
    assert whole_state(fake_client) != start

    assert fake_client.post("/_fake/reset").status_code == 200
    assert whole_state(fake_client) == start
    assert fake_client.post("/_fake/reset").status_code == 200
    assert whole_state(fake_client) == start


def test_resets_to_other_fixtures_and_back_each_give_their_own_state(fake_client):
    start = whole_state(fake_client)
    fake_client.post("/_fake/reset", json={"fixture": "empty"})
    empty = whole_state(fake_client)
    fake_client.post("/_fake/seed", json={"customers": [{"Code": "ONLY", "Name": "Only One"}]})
    fake_client.post("/_fake/reset", json={"fixture": "empty"})
    assert whole_state(fake_client) == empty
    fake_client.post("/_fake/reset", json={"fixture": "demo"})
    assert whole_state(fake_client) == start
