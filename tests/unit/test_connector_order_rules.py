"""The pure rules of orders: send price in order line (reference §2.2), stock lines, limits,
tax and shipping values, Tharstern order ids, date and hold rules, the outbox's backoff."""
from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from connector.domain.orders import (is_stock_line, offline_need, order_limits, quantity_problem, releasable,
                                     requested_date_problem, send_price_in_orderline, shipping_block, stock_problem,
                                     submit_ids, tax_of)
from connector.domain.outbox import backoff_s
from connector.domain.records import LinkedCustomer, StockItem


@pytest.mark.parametrize("mode, live, opted_in, source, send", [
    ("never", True, True, "estimate", False),
    ("never", False, False, None, False),
    ("always", True, True, "price_list", True),
    ("always", False, True, None, True),
    ("with_logic", False, True, None, True),            # 1. storefront not using live pricing → send
    ("with_logic", False, False, "storefront", True),
    ("with_logic", True, False, "price_list", True),    # 2. live pricing on, variant opted out → send
    ("with_logic", True, False, "estimate", True),
    ("with_logic", True, True, "estimate", True),       # 3a. opted in and priced by estimate → send
    ("with_logic", True, True, "price_list", False),    # 3b. opted in, priced from a price list → don't
])
def test_send_price_in_orderline_truth_table(mode, live, opted_in, source, send):
    decision = send_price_in_orderline(mode, live_pricing=live, opted_in=opted_in, source=source)
    assert decision.send is send
    assert decision.reason


def test_an_unknown_send_price_mode_is_an_error():
    with pytest.raises(ValueError):
        send_price_in_orderline("sometimes", live_pricing=True, opted_in=True, source="estimate")


def item(**changes) -> StockItem:
    return StockItem(**{"id": 1, "code": "PEN", "type": "Finished", "product_type_id": 0, **changes})


def test_only_price_list_items_that_are_not_services_are_taken_from_stock():
    assert is_stock_line(item(), priced_by_estimate=False)
    assert not is_stock_line(item(), priced_by_estimate=True)
    assert not is_stock_line(item(product_type_id=3), priced_by_estimate=False)
    assert not is_stock_line(item(type="Service"), priced_by_estimate=False)


def test_order_limits_are_the_customers_own_else_the_storefront_codes():
    stock = item(linked_customers=(LinkedCustomer("WEB001", 10, 1000), LinkedCustomer("ACME01", 50, None)))
    assert order_limits(stock, "acme01", "WEB001").min_order_qty == 50
    assert order_limits(stock, "INITECH", "WEB001").min_order_qty == 10
    assert order_limits(item(), "INITECH", "WEB001") is None


def test_quantity_and_stock_problems_say_what_is_wrong():
    limits = LinkedCustomer("WEB001", 10, 1000)
    assert quantity_problem(9, limits) == "at least 10 must be ordered (the quantity is 9)"
    assert quantity_problem(1001, limits) == "at most 1000 may be ordered (the quantity is 1001)"
    assert quantity_problem(10, limits) is None and quantity_problem(5, None) is None
    assert stock_problem("MUG", 6, 5) == "only 5 of MUG in stock, 6 ordered"
    assert stock_problem("MUG", 1, 0) == "MUG is out of stock"
    assert stock_problem("MUG", 5, 5) is None


def test_tax_is_the_rate_of_the_net_only_when_tax_is_sent():
    assert tax_of(Decimal("25.00"), Decimal("20"), True) == Decimal("5.00")
    assert tax_of(Decimal("10.01"), 17.5, True) == Decimal("1.75")
    assert tax_of(Decimal("25.00"), Decimal("20"), False) == Decimal("0.00")
    assert tax_of(Decimal("25.00"), None, True) == Decimal("0.00")


def test_shipping_is_sent_in_seed_002s_shape():
    assert shipping_block(Decimal("10"), Decimal("20"), True) == {"Value": {"Net": 10.0, "Tax": 2.0,
                                                                            "TaxDetails": {"Rate": 20.0}}}
    assert shipping_block(Decimal("10"), Decimal("20"), False) == {"Value": {"Net": 10.0, "Tax": 0.0,
                                                                             "TaxDetails": {"Rate": 0}}}


def test_per_item_grouping_makes_one_tharstern_order_per_line_as_pressero_does():
    assert submit_ids("6994", "per_item", [1, 2]) == [("6994-1", [1]), ("6994-2", [2])]
    assert submit_ids("6994", "per_order", [1, 2]) == [("6994", [1, 2])]
    with pytest.raises(ValueError):
        submit_ids("6994", "per_customer", [1])


def test_a_requested_date_before_the_earliest_possible_is_refused():
    assert requested_date_problem(date(2026, 4, 13), date(2026, 4, 14)).startswith("2026-04-13 is earlier")
    assert requested_date_problem(date(2026, 4, 14), date(2026, 4, 14)) is None
    assert requested_date_problem(None, date(2026, 4, 14)) is None


@pytest.mark.parametrize("needs, approved, transfer_on, status, held", [
    (False, False, "placement", "Order Received", None),
    (True, False, "placement", "Order Received", "awaiting_approval"),
    (True, True, "placement", "Order Received", None),
    (False, False, "Tharstern Xfr", "Order Received", "awaiting_workflow"),
    (False, False, "Tharstern Xfr", "tharstern xfr", None),
    (True, False, "Tharstern Xfr", "Tharstern Xfr", "awaiting_approval"),
    (False, False, "Order Received", "Order Received", None),
])
def test_orders_are_held_for_approval_then_for_the_workflow_status(needs, approved, transfer_on, status, held):
    assert releasable(needs_approval=needs, approved=approved, transfer_on=transfer_on, workflow_status=status) == held


def test_backoff_doubles_with_jitter_up_to_the_cap_and_repeats_with_the_seed():
    rng = random.Random(1)
    waits = [backoff_s(n, 2.0, 30.0, rng) for n in range(1, 8)]
    for n, wait in enumerate(waits, start=1):
        ceiling = min(30.0, 2.0 * 2 ** (n - 1))
        assert ceiling / 2 <= wait <= ceiling
    again = random.Random(1)
    assert waits == [backoff_s(n, 2.0, 30.0, again) for n in range(1, 8)]


@pytest.mark.parametrize("pricing, stock, estimate, stock_line, needs", [
    (True, False, False, True, None),          # a price-list line, stock kept by the storefront: can wait
    (True, False, True, False, "estimate"),    # an estimate only Tharstern makes
    (False, False, True, False, None),         # the storefront prices it itself
    (True, True, False, True, "stock"),        # stock that only Tharstern can confirm
    (True, True, False, False, None),          # a service line: no stock to confirm
])
def test_what_a_line_needs_from_tharstern_while_it_cannot_be_asked(pricing, stock, estimate, stock_line, needs):
    reason = offline_need(handles_pricing=pricing, handles_stock=stock, priced_by_estimate=estimate,
                          stock_line=stock_line)
    assert (reason is None) if needs is None else (needs in reason)
