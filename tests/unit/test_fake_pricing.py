"""The fake's deterministic price rule, without HTTP or state."""
from decimal import Decimal

from fake_tharstern.backend.resources.pricing import PricedPart, PricedProcess, estimate_price, unit_price_for

PRICING = {"SetupPrice": 10, "QuantityBreaks": [{"MinQuantity": 1, "UnitPrice": 0.5}, {"MinQuantity": 100, "UnitPrice": 0.3}],
           "ShippingBase": 5, "ShippingPerUnit": 0.01}


def test_quantity_break_is_the_highest_reached():
    breaks = PRICING["QuantityBreaks"]
    assert unit_price_for(1, breaks) == Decimal("0.5")
    assert unit_price_for(99, breaks) == Decimal("0.5")
    assert unit_price_for(100, breaks) == Decimal("0.3")
    assert unit_price_for(10_000, breaks) == Decimal("0.3")


def test_price_adds_setup_run_paper_processes_and_shipping():
    result = estimate_price(PRICING, 100, [PricedPart(pages=2, paper_unit_price=0.1, ups_per_sheet=4)],
                            [PricedProcess(setup_price=3, unit_price=0.02)])
    # setup 10 + run 30 + paper ceil(100*2/4)=50 sheets * 0.1 = 5 + process 3 + 2 = 50; shipping 5 + 1
    assert result.price_excl_shipping == 50.0
    assert result.price == 56.0


def test_customer_discount_and_request_uplift_multiply():
    base = estimate_price(PRICING, 100, [], [], ignore_shipping=True)
    discounted = estimate_price(PRICING, 100, [], [], customer_uplift_pct=-10, ignore_shipping=True)
    both = estimate_price(PRICING, 100, [], [], customer_uplift_pct=-10, request_uplift_pct=20, ignore_shipping=True)
    assert base.price == 40.0
    assert discounted.price == 36.0
    assert both.price == 43.2


def test_rounding_is_half_up_to_the_penny():
    pricing = {**PRICING, "SetupPrice": 0, "QuantityBreaks": [{"MinQuantity": 1, "UnitPrice": 0.005}]}
    assert estimate_price(pricing, 1, [], [], ignore_shipping=True).price == 0.01
