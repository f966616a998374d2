"""The fake's data: plain dicts in the shape the API answers with, keyed by ID.

Rule for every writer: entity dicts are never changed in place once stored. A change builds a
new dict and puts it in place of the old one (``replace``). Readers may then hold and serialise
an entity after the backend lock is released without seeing a half-made change.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Token:
    token: str
    user_id: int
    email: str
    application_id: str
    expires_at: float  # epoch seconds on the fake's clock


@dataclass
class State:
    users: dict[str, dict[str, Any]] = field(default_factory=dict)  # e-mail (lower case) -> user
    tokens: dict[str, Token] = field(default_factory=dict)
    customers: dict[int, dict[str, Any]] = field(default_factory=dict)
    products: dict[int, dict[str, Any]] = field(default_factory=dict)
    hidden_products: set[int] = field(default_factory=set)
    product_types: dict[int, dict[str, Any]] = field(default_factory=dict)
    estimates: dict[int, dict[str, Any]] = field(default_factory=dict)
    orders: dict[int, dict[str, Any]] = field(default_factory=dict)
    jobs: dict[int, dict[str, Any]] = field(default_factory=dict)
    submissions: dict[str, dict[str, Any]] = field(default_factory=dict)  # UniqueSubmitOrderID -> result
    order_assets: dict[int, str] = field(default_factory=dict)  # asset ID -> content, base64
    sequences: dict[str, int] = field(default_factory=dict)
    # indexes, rebuilt by reindex()
    customer_by_code: dict[str, int] = field(default_factory=dict)
    product_by_code: dict[str, int] = field(default_factory=dict)
    # visible stock item IDs, ascending, by scope (ALL, GENERIC or a customer code in lower case)
    # and then by type name (ANY_TYPE: all of them): a page of 50 from 10,000 items never looks
    # at the other 9,950
    visible_products: dict[str, dict[str, list[int]]] = field(default_factory=dict)

    FIRST_IDS = {
        "user": 1,
        "customer": 1,
        "contact": 1,
        "product": 1001,
        "product_type": 1,
        "part": 101,
        "process": 11,
        "estimate": 50001,
        "order": 70001,
        "order_line": 1,
        "job": 100001,
        "delivery_note": 300001,
        "order_asset": 900001,
    }

    def next_id(self, kind: str) -> int:
        value = self.sequences.get(kind, self.FIRST_IDS[kind])
        self.sequences[kind] = value + 1
        return value

    def reserve_id(self, kind: str, used: int) -> None:
        """Keep the sequence above an ID given explicitly (by a seed)."""
        if used >= self.sequences.get(kind, self.FIRST_IDS[kind]):
            self.sequences[kind] = used + 1

    ALL = "*"
    GENERIC = "~generic"
    ANY_TYPE = "*"

    def reindex(self) -> None:
        """Rebuild the lookups; needed after seeding and after a visibility change (price and
        stock changes keep IDs, codes and visibility, so they need none)."""
        self.customer_by_code = {c["Code"].lower(): cid for cid, c in self.customers.items()}
        self.product_by_code = {p["Code"].lower(): pid for pid, p in self.products.items()}
        visible: dict[str, dict[str, list[int]]] = {}
        for pid in sorted(self.products):
            if pid in self.hidden_products:
                continue
            product = self.products[pid]
            type_name = product["Type"]["Name"]
            scopes = [link["CustomerCode"].lower() for link in product["LinkedCustomers"]] or [self.GENERIC]
            for scope in (self.ALL, *dict.fromkeys(scopes)):
                by_type = visible.setdefault(scope, {})
                by_type.setdefault(type_name, []).append(pid)
                by_type.setdefault(self.ANY_TYPE, []).append(pid)
        self.visible_products = visible

    def customer_by(self, code: str | None) -> dict[str, Any] | None:
        if not code:
            return None
        cid = self.customer_by_code.get(str(code).lower())
        return self.customers.get(cid) if cid is not None else None

    def product_by(self, code: str | None) -> dict[str, Any] | None:
        if not code:
            return None
        pid = self.product_by_code.get(str(code).lower())
        return self.products.get(pid) if pid is not None else None

    def entity_lists(self) -> dict[str, list[dict[str, Any]]]:
        """The entities a snapshot and ``GET /_fake/state`` list, each kind in ID order (stock
        items with their visibility)."""
        return {
            "customers": [self.customers[k] for k in sorted(self.customers)],
            "productTypes": [self.product_types[k] for k in sorted(self.product_types)],
            "products": [{**self.products[k], "Visible": k not in self.hidden_products} for k in sorted(self.products)],
            "estimates": [self.estimates[k] for k in sorted(self.estimates)],
            "orders": [self.orders[k] for k in sorted(self.orders)],
            "jobs": [self.jobs[k] for k in sorted(self.jobs)],
        }
