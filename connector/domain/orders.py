"""Pure rules of order placement: whether a line carries its price (reference §2.2), which lines
are taken from stock, line and shipping values with tax, order limits, and the ids and
references that tie a Tharstern order back to the storefront (seed 002)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .pricing import money
from .records import LinkedCustomer, StockItem

UNSTOCKED_TYPES = ("Service",)


@dataclass(frozen=True)
class PriceDecision:
    send: bool
    reason: str


def send_price_in_orderline(mode: str, *, live_pricing: bool, opted_in: bool, source: str | None) -> PriceDecision:
    """Reference §2.2. ``mode`` never | always | with_logic; ``live_pricing`` is the storefront's
    handles_pricing; ``opted_in`` the variant's estimate-pricing flag; ``source`` where the
    line's price came from (``estimate`` or ``price_list``; anything else: the storefront's)."""
    if mode == "never":
        return PriceDecision(False, "send price in order line is 'never'")
    if mode == "always":
        return PriceDecision(True, "send price in order line is 'always'")
    if mode != "with_logic":
        raise ValueError(f"unknown send_price_in_orderline '{mode}'")
    if not live_pricing:
        return PriceDecision(True, "with logic: the storefront does not use live pricing, so its price is sent")
    if not opted_in:
        return PriceDecision(True, "with logic: the variant is opted out of live pricing, so its price is sent")
    if source == "estimate":
        return PriceDecision(True, "with logic: priced by a Tharstern estimate, so the price is sent")
    return PriceDecision(False, "with logic: priced from Tharstern's price list (no product type), so Tharstern's "
                                "own price applies and none is sent")


def is_stock_line(stock_item: StockItem, *, priced_by_estimate: bool) -> bool:
    """Lines taken from stock [I]: no estimate, no product type (printed items are made to
    order) and not a service. Only these are checked against ``Available``."""
    return not priced_by_estimate and stock_item.product_type_id == 0 and stock_item.type not in UNSTOCKED_TYPES


def offline_need(*, handles_pricing: bool, handles_stock: bool, priced_by_estimate: bool,
                 stock_line: bool) -> str | None:
    """Why a line cannot be accepted while Tharstern cannot be asked (None: it can) [I]. A storefront
    can take an order whose prices it knows and whose stock it keeps itself, and queue it; an
    estimate is made by Tharstern for the quantity and options, and stock Tharstern keeps only
    Tharstern can confirm. (A price-list price is known while the storefront's cached price list
    is; pricing says so when it is not.)"""
    if handles_pricing and priced_by_estimate:
        return "its price is an estimate Tharstern makes for this quantity and these options"
    if handles_stock and stock_line:
        return "its stock is kept in Tharstern, which must confirm it"
    return None


def order_limits(stock_item: StockItem, customer_code: str, storefront_code: str) -> LinkedCustomer | None:
    """The ``LinkedCustomers`` entry whose limits apply [I]: the ordering customer's own, else the
    storefront customer code's (through which the storefront sees the item)."""
    return stock_item.linked_to(customer_code) or stock_item.linked_to(storefront_code)


def quantity_problem(quantity: int, limits: LinkedCustomer | None) -> str | None:
    if limits is None:
        return None
    if limits.min_order_qty and quantity < limits.min_order_qty:
        return f"at least {limits.min_order_qty} must be ordered (the quantity is {quantity})"
    if limits.max_order_qty and quantity > limits.max_order_qty:
        return f"at most {limits.max_order_qty} may be ordered (the quantity is {quantity})"
    return None


def stock_problem(code: str, wanted: int, available: float | None) -> str | None:
    have = available or 0
    if wanted > have:
        return (f"{code} is out of stock" if have <= 0 else
                f"only {have:g} of {code} in stock, {wanted} ordered")
    return None


def tax_of(net: Decimal, rate: Decimal | float | None, send_tax: bool) -> Decimal:
    """``Value.Tax``: net × the stock item's rate when ``send_tax`` [I], else 0 (as seed 002 sends)."""
    if not send_tax or not rate:
        return money(0)
    return money(Decimal(str(net)) * Decimal(str(rate)) / Decimal(100))


def shipping_block(net: Decimal, rate: Decimal | None, send_tax: bool) -> dict[str, Any]:
    """``Shipping{Value{Net, Tax, TaxDetails{Rate}}}`` (seed 002)."""
    tax = tax_of(net, rate, send_tax)
    return {"Value": {"Net": float(money(net)), "Tax": float(tax),
                      "TaxDetails": {"Rate": float(rate or 0) if send_tax else 0}}}


def submit_ids(reference: str, grouping: str, line_nos: list[int]) -> list[tuple[str, list[int]]]:
    """(UniqueSubmitOrderID, line numbers) per Tharstern order: one for the whole order, or one
    per line as ``<order>-<line>`` (Pressero's ``6994-1``)."""
    if grouping == "per_item":
        return [(f"{reference}-{n}", [n]) for n in line_nos]
    if grouping == "per_order":
        return [(reference, list(line_nos))]
    raise ValueError(f"unknown order_grouping '{grouping}'")


def line_ref(reference: str, line_no: int) -> str:
    """``Ref2`` of a line's item: how events and polls find the line again."""
    return f"{reference}-{line_no}"


def requested_date_problem(requested: date | None, earliest: date) -> str | None:
    if requested is not None and requested < earliest:
        return (f"{requested.isoformat()} is earlier than possible: with the lead time, cut-off time, weekends and "
                f"holidays the earliest required date is {earliest.isoformat()}")
    return None


def releasable(*, needs_approval: bool, approved: bool, transfer_on: str, workflow_status: str) -> str | None:
    """Why an order is held (seed 002: orders waiting approval are not sent; a Workflow status
    decides when approved orders go), or None when it may go to Tharstern."""
    if needs_approval and not approved:
        return "awaiting_approval"
    if transfer_on.strip().lower() != "placement" and workflow_status.strip().lower() != transfer_on.strip().lower():
        return "awaiting_workflow"
    return None
