"""What the connector knows about Tharstern's things, as plain immutable records.

``connector.tharstern.wire`` builds them from Tharstern's JSON (any letter case, enums as
objects, numbers as strings); the rules in this package take them as input.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LinkedCustomer:
    code: str
    min_order_qty: int | None = None
    max_order_qty: int | None = None


@dataclass(frozen=True)
class StockItem:
    id: int
    code: str
    description: str = ""
    type: str = "None"
    product_type_id: int = 0
    product_type_name: str | None = None
    unit_price: float | None = None
    available: float | None = None
    tax_rate: float | None = None
    linked_customers: tuple[LinkedCustomer, ...] = ()

    def linked_to(self, customer_code: str) -> LinkedCustomer | None:
        wanted = customer_code.strip().lower()
        return next((c for c in self.linked_customers if c.code.strip().lower() == wanted), None)


@dataclass(frozen=True)
class PartOption:
    id: int
    name: str
    is_required: bool = False
    is_default: bool = False
    default_pages: int | None = None
    default_stock_item_code: str | None = None


@dataclass(frozen=True)
class ProcessOption:
    id: int
    name: str
    is_required: bool = False
    is_default: bool = False


@dataclass(frozen=True)
class ProductType:
    id: int
    name: str
    description: str = ""
    work_type: str | None = None
    minimum_quantity: int | None = None
    maximum_quantity: int | None = None
    quantity_increment: int | None = None
    parts: tuple[PartOption, ...] = ()
    processes: tuple[ProcessOption, ...] = ()


@dataclass(frozen=True)
class TharsternCustomer:
    id: int
    code: str
    name: str = ""
    contact: str = ""
    contact_email: str = ""
    emails: tuple[str, ...] = field(default_factory=tuple)  # ContactEmail and every Contacts[].Email

    def summary(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "email": self.contact_email or None,
                "emails": list(self.emails)}
