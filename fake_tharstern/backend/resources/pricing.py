"""The fake's deterministic estimate price [I]. Pure functions, no state.

    run       = unit price of the quantity break the quantity falls in x quantity
    paper     = for each part: paper unit price x ceil(quantity x pages / ups per sheet)
    processes = for each chosen product-level process: setup + unit price x quantity
    subtotal  = (product type setup + run + paper + processes)
                x (1 + customer uplift %) x (1 + request CustomerUpliftPercentage %)
    shipping  = 0 with IgnoreShipping, else shipping base + shipping per unit x quantity
    Price     = subtotal + shipping; PriceExclShipping = subtotal   (both rounded half-up to 0.01)

A customer's ``UpliftPercentage`` below zero is a discount: that is how the fake models
customer-specific pricing. The real Tharstern prices from its cost centres and price lists.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")


def money(value: Any) -> Decimal:
    return Decimal(str(value))


def rounded(value: Decimal) -> float:
    return float(value.quantize(CENT, rounding=ROUND_HALF_UP))


def unit_price_for(quantity: int, breaks: list[dict[str, Any]]) -> Decimal:
    """The unit price of the highest break whose MinQuantity the quantity reaches."""
    chosen = breaks[0]
    for candidate in breaks:
        if quantity >= candidate["MinQuantity"]:
            chosen = candidate
    return money(chosen["UnitPrice"])


@dataclass
class PricedPart:
    pages: int
    paper_unit_price: float
    ups_per_sheet: int = 1


@dataclass
class PricedProcess:
    setup_price: float
    unit_price: float


@dataclass
class Breakdown:
    setup: Decimal
    run: Decimal
    paper: Decimal
    processes: Decimal
    uplift_factor: Decimal
    shipping: Decimal
    subtotal: Decimal = field(init=False)

    def __post_init__(self) -> None:
        self.subtotal = (self.setup + self.run + self.paper + self.processes) * self.uplift_factor

    @property
    def price(self) -> float:
        return rounded(self.subtotal + self.shipping)

    @property
    def price_excl_shipping(self) -> float:
        return rounded(self.subtotal)

    def to_dict(self) -> dict[str, float]:
        return {
            "Setup": rounded(self.setup),
            "Run": rounded(self.run),
            "Paper": rounded(self.paper),
            "Processes": rounded(self.processes),
            "UpliftFactor": float(self.uplift_factor),
            "Shipping": rounded(self.shipping),
        }


def estimate_price(pricing: dict[str, Any], quantity: int, parts: list[PricedPart],
                   processes: list[PricedProcess], customer_uplift_pct: float = 0,
                   request_uplift_pct: float = 0, ignore_shipping: bool = False) -> Breakdown:
    run = unit_price_for(quantity, pricing["QuantityBreaks"]) * quantity
    paper = sum(
        (money(p.paper_unit_price) * math.ceil(quantity * p.pages / max(1, p.ups_per_sheet)) for p in parts),
        Decimal(0),
    )
    process_total = sum(
        (money(p.setup_price) + money(p.unit_price) * quantity for p in processes),
        Decimal(0),
    )
    factor = (1 + money(customer_uplift_pct) / 100) * (1 + money(request_uplift_pct) / 100)
    shipping = Decimal(0) if ignore_shipping else (
        money(pricing["ShippingBase"]) + money(pricing["ShippingPerUnit"]) * quantity)
    return Breakdown(
        setup=money(pricing["SetupPrice"]),
        run=run,
        paper=paper,
        processes=process_total,
        uplift_factor=factor,
        shipping=shipping,
    )
