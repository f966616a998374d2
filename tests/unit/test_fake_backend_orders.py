"""Sales orders: the seed 002 shape, failures with ID 0, idempotency, stock and jobs."""
import copy
import json
from pathlib import Path

import pytest

from fake_tharstern.backend import FakeTharstern
from fake_tharstern.backend.errors import ModelStateError

SEED_ORDER = json.loads((Path(__file__).parents[1] / "data" / "pressero_order.json").read_text())


@pytest.fixture
def fake():
    backend = FakeTharstern()
    backend.seed({"customers": [{"Code": "2eef0af0-280e-4c03-a735-4fc04f7909d7", "Name": "Pressero buyer"}],
                  "products": [{"ID": 2284, "Code": "KIT-OPEN", "Description": "Store Opening Kit", "Available": 10}]})
    return backend


def order(*items, key="order-1", customer="WEB001"):
    return {"Orders": [{"UniqueSubmitOrderID": key, "InvoiceCustomer": {"Code": customer}, "Items": list(items)}]}


def test_the_pressero_order_from_seed_002_is_accepted_as_sent(fake):
    result = fake.submit_orders(copy.deepcopy(SEED_ORDER))["Orders"][0]
    assert result["ID"] > 0 and result["OrderNo"].startswith("SO"), result
    sales_order = fake.list_orders(order_nos=[result["OrderNo"]])["Items"][0]
    item = sales_order["Items"][0]
    assert item["StockItemID"] == 2284 and item["Quantity"] == 1
    assert item["Assets"]["Items"][0]["Filename"] == "transparent"
    assert item["DeliveryAddress"]["Address"]["AddressLines"] == ["19 West Main Street"]
    assert sales_order["Shipping"] == {"Value": {"Net": 10, "Tax": 0, "TaxDetails": {"Rate": 0}}}
    job = fake.list_jobs(job_nos=[item["JobNo"]])["Items"][0]
    assert job["Status"]["Name"] == "Entered" and job["SalesOrderNo"] == result["OrderNo"]
    assert job["Ref2"] == "28406876-c50c-4d16-b386-8f2824f19cef"


def test_each_item_becomes_a_job_and_stock_lines_lower_available(fake):
    estimate = fake.create_estimate({"ProductTypeID": 2, "Quantity": 100, "Customer": {"Code": "WEB001"}})["Estimate"]
    result = fake.submit_orders(order({"StockItemID": "1007", "Quantity": 2, "Ref1": "line-1"},
                                      {"StockItemCode": "fly-a5", "EstimateID": estimate["ID"], "Quantity": 100}))
    order_no = result["Orders"][0]["OrderNo"]
    jobs = fake.list_jobs()["Items"]
    assert [j["SalesOrderNo"] for j in jobs] == [order_no, order_no]
    assert fake.list_jobs(ref1="line-1")["Items"][0]["StockItemCode"] == "MUG-BRAND"
    assert fake.list_jobs(estimate_id=estimate["ID"])["Items"][0]["StockItemCode"] == "FLY-A5"
    assert fake.list_products(product_code="MUG-BRAND")["Items"][0]["Available"] == 3
    ordered = fake.list_estimates(ids=[estimate["ID"]])["Items"][0]
    job_no = fake.list_jobs(estimate_id=estimate["ID"])["Items"][0]["JobNo"]
    assert (ordered["Ordered"], ordered["JobCreated"]) == ({"Value": 1, "Name": "Ordered"}, job_no)


def test_the_same_unique_submit_order_id_creates_nothing_twice(fake):
    first = fake.submit_orders(order({"StockItemID": 1006, "Quantity": 10}))
    again = fake.submit_orders(order({"StockItemID": 1006, "Quantity": 10}))
    assert first == again
    assert fake.list_orders()["TotalItemCount"] == 1
    assert fake.list_products(product_code="PEN-BRAND")["Items"][0]["Available"] == 490


def test_a_failed_submission_is_not_remembered_so_a_corrected_retry_succeeds(fake):
    failed = fake.submit_orders(order({"StockItemID": 1007, "Quantity": 6}))["Orders"][0]
    assert failed["ID"] == 0 and "Insufficient stock for 'MUG-BRAND': 6 requested, 5 available" in failed["StatusDetails"]
    fixed = fake.submit_orders(order({"StockItemID": 1007, "Quantity": 5}))["Orders"][0]
    assert fixed["ID"] > 0


@pytest.mark.parametrize("items, customer, words", [
    ([{"StockItemID": 1006, "Quantity": 10}], "NOBODY", "Invoice customer 'NOBODY' was not found"),
    ([{"StockItemID": 99999, "Quantity": 1}], "WEB001", "stock item '99999' was not found"),
    ([{"StockItemCode": "NOPE", "Quantity": 1}], "WEB001", "stock item 'NOPE' was not found"),
    ([{"StockItemID": 1001, "EstimateID": 424242, "Quantity": 1}], "WEB001", "estimate 424242 was not found"),
    ([{"StockItemID": 1007, "Quantity": 3}, {"StockItemID": 1007, "Quantity": 3}], "WEB001", "6 requested, 5 available"),
])
def test_business_failures_give_id_zero_and_create_nothing(fake, items, customer, words):
    result = fake.submit_orders(order(*items, customer=customer))["Orders"][0]
    assert result["ID"] == 0 and words in result["StatusDetails"], result
    assert fake.list_orders()["TotalItemCount"] == 0 and fake.list_jobs()["TotalItemCount"] == 0
    assert fake.list_products(product_code="MUG-BRAND")["Items"][0]["Available"] == 5


def test_estimate_must_match_customer_and_quantity_and_be_unused(fake):
    estimate = fake.create_estimate({"ProductTypeID": 2, "Quantity": 100, "Customer": {"Code": "ACME01"}})["Estimate"]
    other = fake.submit_orders(order({"StockItemID": 1002, "EstimateID": estimate["ID"], "Quantity": 100}))
    assert "belongs to customer 'ACME01', not 'WEB001'" in other["Orders"][0]["StatusDetails"]
    wrong_qty = fake.submit_orders(order({"StockItemID": 1002, "EstimateID": estimate["ID"], "Quantity": 50}, customer="ACME01"))
    assert "does not match estimate" in wrong_qty["Orders"][0]["StatusDetails"]
    assert fake.submit_orders(order({"StockItemID": 1002, "EstimateID": estimate["ID"], "Quantity": 100},
                                    customer="ACME01", key="k2"))["Orders"][0]["ID"] > 0
    reused = fake.submit_orders(order({"StockItemID": 1002, "EstimateID": estimate["ID"], "Quantity": 100},
                                      customer="ACME01", key="k3"))
    assert "has already been ordered" in reused["Orders"][0]["StatusDetails"]


@pytest.mark.parametrize("body, field", [
    ({}, "submitOrders.Orders"),
    ({"Orders": []}, "submitOrders.Orders"),
    ({"Orders": "x"}, "submitOrders.Orders"),
    ({"Orders": [{"InvoiceCustomer": {"Code": "WEB001"}}]}, "submitOrders.Orders[0].Items"),
    (order({"StockItemID": 1006}), "submitOrders.Orders[0].Items[0].Quantity"),
    (order({"StockItemID": 1006, "Quantity": -1}), "submitOrders.Orders[0].Items[0].Quantity"),
    (order({"Quantity": 1}), "submitOrders.Orders[0].Items[0].StockItemID"),
    (order({"StockItemID": "abc", "Quantity": 1}), "submitOrders.Orders[0].Items[0].StockItemID"),
    ({"Orders": [{"InvoiceCustomer": {"Code": "WEB001"}, "RequiredDate": "someday",
                  "Items": [{"StockItemID": 1006, "Quantity": 10}]}]}, "submitOrders.Orders[0].RequiredDate"),
])
def test_shape_problems_are_model_state_errors(fake, body, field):
    with pytest.raises(ModelStateError) as error:
        fake.submit_orders(body)
    assert field in error.value.errors, error.value.errors


def test_orders_are_listed_by_customer_status_and_number(fake):
    fake.submit_orders(order({"StockItemID": 1006, "Quantity": 10}))
    fake.submit_orders(order({"StockItemID": 1006, "Quantity": 10}, key="acme", customer="ACME01"))
    assert fake.list_orders(customer_codes=["acme01"])["TotalItemCount"] == 1
    assert fake.list_orders(statuses=["OrderEntered"])["TotalItemCount"] == 2
    assert fake.list_orders(statuses=["Completed"])["TotalItemCount"] == 0
    assert fake.list_orders(keyword="acme")["Items"][0]["UniqueSubmitOrderID"] == "acme"
