"""The Connect Link list and why a product type is missing from it (seed 003, P3326).

The list is the storefront customer code's stock items (``GET products?customerCode=``) whose
type passes the Product Type Filter; product types never appear on their own. So a product type
is missing when no stock item carries it, when its stock items are not linked to the storefront
customer code, or when the filter hides their type. The first two are fixed in Tharstern; the
third in the connector's settings, and so is anything that goes wrong after Tharstern returned
the item (seed: escalate to Infigo when the item is confirmed in ``/api/products``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from .behaviour import type_allowed
from .records import StockItem


def listed_items(items: list[StockItem], type_filter: tuple[str, ...]) -> list[StockItem]:
    return [item for item in items if type_allowed(item.type, type_filter)]


def matches_query(item: StockItem, product_type_name: str | None, query: str | None) -> bool:
    """``?q=``: a case-insensitive substring of the code, the description or the product type name."""
    needle = (query or "").strip().lower()
    if not needle:
        return True
    return any(needle in (text or "").lower() for text in (item.code, item.description, product_type_name))


@dataclass(frozen=True)
class Diagnosis:
    visible: bool
    reason: str
    escalate_to: str  # tharstern | connector
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"visible": self.visible, "reason": self.reason, "escalate_to": self.escalate_to,
                "message": self.message, "details": self.details}


def _brief(item: StockItem) -> dict[str, Any]:
    return {"stock_item_id": item.id, "code": item.code, "type": item.type,
            "linked_customers": [c.code for c in item.linked_customers]}


def diagnose(product_type_id: int, product_type_name: str | None, *, storefront_code: str,
             type_filter: tuple[str, ...], code_items: list[StockItem],
             all_items: list[StockItem] | None) -> Diagnosis:
    """Why ``product_type_id`` is (not) in the Connect Link list.

    ``code_items``: what ``products?customerCode=<storefront code>`` returned; ``all_items``: what
    ``products`` returned without a customer code (needed only when none of ``code_items`` has the
    type; None when it was not fetched)."""
    label = f"product type {product_type_id}" + (f" '{product_type_name}'" if product_type_name else "")
    details: dict[str, Any] = {"product_type_id": product_type_id, "product_type_name": product_type_name,
                               "storefront_customer_code": storefront_code, "product_type_filter": list(type_filter)}
    if product_type_name is None:
        return Diagnosis(False, "product_type_not_found", "tharstern",
                         f"Tharstern has no product type {product_type_id} (GET producttypes?id={product_type_id} "
                         "returned nothing). Check the id, or ask the Tharstern admin.", details)
    for_code = [i for i in code_items if i.product_type_id == product_type_id]
    if for_code:
        shown = [i for i in for_code if type_allowed(i.type, type_filter)]
        details["stock_items"] = [_brief(i) for i in for_code]
        if shown:
            codes = ", ".join(i.code for i in shown)
            return Diagnosis(True, "listed", "connector",
                             f"The {label} is in the Connect Link list through the stock item(s) {codes}. If the "
                             "dropdown still does not show it, escalate to the connector (Infigo): Tharstern returns it.",
                             details)
        types = sorted({i.type for i in for_code})
        return Diagnosis(False, "filtered_out_by_type", "connector",
                         f"Tharstern returns stock item(s) {', '.join(i.code for i in for_code)} for the {label}, but "
                         f"their type ({', '.join(types)}) is not in the Product Type Filter "
                         f"({', '.join(type_filter) or 'empty'}). Add it to product_type_filter in the behaviour "
                         "settings.", details)
    anywhere = [i for i in (all_items or []) if i.product_type_id == product_type_id]
    if anywhere:
        details["stock_items"] = [_brief(i) for i in anywhere]
        return Diagnosis(False, "not_linked_to_storefront_code", "tharstern",
                         f"Tharstern has stock item(s) {', '.join(i.code for i in anywhere)} for the {label}, but none "
                         f"is linked to the storefront customer code {storefront_code}, so GET products?customerCode="
                         f"{storefront_code} does not return them. Escalate to Tharstern: link the stock item to "
                         f"{storefront_code}.", details)
    details["stock_items"] = []
    return Diagnosis(False, "no_stock_item", "tharstern",
                     f"No stock item that Tharstern returns carries the {label}, and the Connect Link list is built "
                     "from stock items (GET products), never from product types. Either Tharstern has none, or it has "
                     "one whose visibility is turned off: Tharstern's API leaves hidden stock items out, so from here the "
                     "two look the same. Escalate to Tharstern: create a stock item for this product type (or turn the "
                     f"hidden one's visibility on) and link it to {storefront_code}.", details)


class Failure(Protocol):
    """What a diagnosis reads of a Tharstern failure (``tharstern.errors.TharsternError`` has it)."""
    problem: str
    cause: str
    message: str


def unreachable_diagnosis(product_type_id: int, error: Failure) -> Diagnosis:
    """``error``: a Tharstern failure (its ``problem``, ``cause`` and ``message``)."""
    return Diagnosis(False, "tharstern_unreachable", "tharstern",
                     f"Could not ask Tharstern ({error.message}). Run Check Connection first; the list cannot be "
                     "checked until Tharstern answers.",
                     {"product_type_id": product_type_id, "problem": error.problem, "cause": error.cause})
