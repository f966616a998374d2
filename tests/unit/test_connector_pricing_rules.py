"""Price rules: markup, price lists, order quantities, and the reasons for "Please call for price"."""
from __future__ import annotations

from decimal import Decimal

import pytest

from connector.domain.pricing import (apply_markup, call_for_price_message, classify_estimate_problems,
                                      order_quantity_problem, price_list_total)
from connector.domain.records import LinkedCustomer


@pytest.mark.parametrize("price, markup, expected", [
    (29.4, 0, "29.40"), (29.4, 12.5, "33.08"), (0.005, 0, "0.01"), (100, -10, "90.00"), (10.004, 0, "10.00"),
    (33.333, 50, "50.00"),
])
def test_markup_rounds_half_up_to_the_penny(price, markup, expected):
    assert apply_markup(price, markup) == Decimal(expected)


def test_price_lists_multiply_exactly():
    assert price_list_total(0.1, 3) == Decimal("0.3")
    assert apply_markup(price_list_total(1.25, 20), 10) == Decimal("27.50")


@pytest.mark.parametrize("problems, reason", [
    (["Product type 'Roll Labels' uses the work type 'Labels', which cannot be estimated through the API."],
     "unsupported_work_type"),
    (["Customer 'NOSUCH01' was not found."], "customer_not_found"),
    (["Quantity 60 must go up in steps of 50 from 50."], "quantity_out_of_range"),
    (["Quantity 5 is below the minimum of 50."], "quantity_out_of_range"),
    (["Paper 'X' for part 'Card' was not found."], "tharstern_failure"),
    ([], "tharstern_failure"),
])
def test_tharsterns_problems_are_classified(problems, reason):
    assert classify_estimate_problems(problems) == reason


def test_the_message_starts_with_please_call_for_price_and_gives_the_reason():
    assert call_for_price_message("unreachable") == ("Please call for price: Tharstern cannot be reached or is not "
                                                     "working right now; try again in a few minutes.")
    message = call_for_price_message("quantity_out_of_range", "the minimum order quantity is 10")
    assert message.endswith("The minimum order quantity is 10.")
    assert call_for_price_message("tharstern_failure", "HTTP 500!").endswith("HTTP 500!")


def test_order_quantities_of_the_storefront_code():
    limits = LinkedCustomer("WEB001", 10, 1000)
    assert order_quantity_problem(9, limits) == "the minimum order quantity is 10"
    assert order_quantity_problem(1001, limits) == "the maximum order quantity is 1000"
    assert order_quantity_problem(10, limits) is None and order_quantity_problem(1, None) is None
    assert order_quantity_problem(1, LinkedCustomer("WEB001")) is None
