"""Price rules: markup, static price-list prices, and "Please call for price" with a reason.

Live pricing (reference §2.3): a variant priced by estimate sends an estimate request and shows
Tharstern's price; a stock item without a product type (``ProductTypes_ID = 0``) is priced from
its ``UnitPrice`` (a static price list). Either way the storefront's ``markup_percent`` is added.
When no price can be had the shopper sees "Please call for price" (seed P3345) and the answer
carries the reason.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .records import LinkedCustomer

CALL_FOR_PRICE = "Please call for price"
PENNY = Decimal("0.01")

REASONS = {
    "unsupported_work_type": "the product type uses a work type that Tharstern cannot estimate through its API; "
                             "use another product type or a supported work type (ask a Tharstern consultant)",
    "quantity_out_of_range": "the quantity is outside what Tharstern accepts for this product",
    "customer_not_found": "Tharstern does not know the customer code the estimate was sent with",
    "tharstern_failure": "Tharstern could not price the request",
    "unreachable": "Tharstern cannot be reached or is not working right now; try again in a few minutes",
    "wrong_url": "the connector's API URL does not lead to Tharstern's API (an administrator must check it)",
    "bad_credentials": "Tharstern refused the connector's credentials (an administrator must check them)",
    "rejected": "Tharstern rejected the request",
    "mapping_error": "the variant's estimate template or mapping does not fit the request",
    "no_customer_code": "there is no Tharstern customer code to price for",
    "stock_item_unavailable": "the linked stock item is no longer available to the storefront customer code",
    "no_unit_price": "the stock item has no unit price in Tharstern",
}


def money(value: float | Decimal | int | str) -> Decimal:
    return Decimal(str(value)).quantize(PENNY, rounding=ROUND_HALF_UP)


def apply_markup(price: float | Decimal, markup_percent: float) -> Decimal:
    """``price`` plus ``markup_percent`` per cent, rounded half up to the penny."""
    factor = Decimal(1) + Decimal(str(markup_percent)) / Decimal(100)
    return money(Decimal(str(price)) * factor)


def price_list_total(unit_price: float, quantity: int) -> Decimal:
    return Decimal(str(unit_price)) * quantity


def classify_estimate_problems(problems: list[str]) -> str:
    """Tharstern's problem texts → one reason code (the texts themselves go into the message)."""
    text = " ".join(problems).lower()
    if "work type" in text:
        return "unsupported_work_type"
    if "customer" in text and "not found" in text:
        return "customer_not_found"
    if "quantity" in text and any(word in text for word in ("minimum", "maximum", "steps", "below", "above")):
        return "quantity_out_of_range"
    return "tharstern_failure"


def call_for_price_message(reason: str, detail: str | None = None) -> str:
    """``"Please call for price: <why>. <detail>"``."""
    text = f"{CALL_FOR_PRICE}: {REASONS.get(reason, reason)}."
    detail = (detail or "").strip()
    if detail:
        detail = detail[0].upper() + detail[1:]
        text += " " + detail + ("" if detail.endswith((".", "!", "?")) else ".")
    return text


def order_quantity_problem(quantity: int, linked: LinkedCustomer | None) -> str | None:
    """A price-list item's order limits for the storefront customer code (``LinkedCustomers``)."""
    if linked is None:
        return None
    if linked.min_order_qty and quantity < linked.min_order_qty:
        return f"the minimum order quantity is {linked.min_order_qty}"
    if linked.max_order_qty and quantity > linked.max_order_qty:
        return f"the maximum order quantity is {linked.max_order_qty}"
    return None
