"""Behaviour settings of a storefront (DESIGN.md §4 "Settings"), their defaults and meaning.

Names follow the contract; where Infigo's plugin documents a setting (reference §1.2, §2) the
default follows it, elsewhere the default is our choice (docs/fake-vs-real.md, "Connector").
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any

# Tharstern's StockItemTypes names (a public client model), underscore included, plus "None"
STOCK_ITEM_TYPES = ("None", "Finished", "PrintableFlat", "Printable_Reel", "Origination", "Material",
                    "Sundry", "Service", "Unknown")
SEND_PRICE_CHOICES = ("never", "always", "with_logic")
ORDER_GROUPINGS = ("per_order", "per_item")
TRANSFER_ON_PLACEMENT = "placement"


@dataclass(frozen=True)
class Behaviour:
    handles_pricing: bool = False          # Connect Settings: prices come from Tharstern
    handles_stock: bool = False            # Connect Settings: stock levels come from Tharstern
    product_type_filter: tuple[str, ...] = ("Finished", "None")  # stock item types in the Connect Link list; () = all
    send_price_in_orderline: str = "never"  # never | always | with_logic (reference §2.2)
    include_shipping: bool = False         # price includes Tharstern's shipping (Price) or not (PriceExclShipping)
    send_tax: bool = False                 # put tax on order lines (issue 5)
    lead_time_days: int = 3                # working days from the production start to dispatch
    cutoff_time: str = "14:00"             # orders after this (UTC) start the next working day
    skip_weekends: bool = True             # Saturdays and Sundays are not working days
    holidays: tuple[str, ...] = ()         # ISO dates that are not working days
    dispatch_days_before_delivery: int = 1  # working days between dispatch and the required (delivery) date
    use_external_id_as_customer_code: bool = False  # automatic link-or-create by e-mail at order time
    markup_percent: float = 0.0            # added to every Tharstern price
    order_grouping: str = "per_order"      # per_order | per_item (issue 5)
    transfer_on: str = TRANSFER_ON_PLACEMENT  # "placement" or a workflow status name (issue 5)
    cache_ttl_s: int = 300                 # how long Tharstern lists are cached; 0 = not cached

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Behaviour":
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in known}
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self).items()}

    def updated(self, **changes: Any) -> "Behaviour":
        values: dict[str, Any] = {k: (tuple(v) if isinstance(v, list) else v) for k, v in changes.items()}
        return replace(self, **values)


def canonical_type_name(name: str) -> str:
    """A known stock item type in its canonical spelling; any other name as typed (Infigo's
    filter has a free-text box for types it does not list)."""
    wanted = name.strip()
    return next((known for known in STOCK_ITEM_TYPES if type_key(known) == type_key(wanted)), wanted)


def type_key(name: str) -> str:
    """Type names compared in any letter case and with or without underscores, so a filter saved
    as ``PrintableReel`` still matches Tharstern's ``Printable_Reel``."""
    return name.strip().replace("_", "").lower()


def type_allowed(type_name: str | None, type_filter: tuple[str, ...]) -> bool:
    """Whether a stock item of ``type_name`` shows in the Connect Link list. An empty filter shows
    every type; a stock item without a type counts as ``None``."""
    if not type_filter:
        return True
    name = type_key(type_name or "None")
    return any(name == type_key(allowed) for allowed in type_filter)


__all__ = ["Behaviour", "STOCK_ITEM_TYPES", "SEND_PRICE_CHOICES", "ORDER_GROUPINGS", "TRANSFER_ON_PLACEMENT",
           "canonical_type_name", "type_allowed"]
