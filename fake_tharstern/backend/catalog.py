"""Stock items (``GET products``) and product types (``GET producttypes``).

Customer-code scoping follows seed 003: with ``customerCode`` only the items linked to that
customer come back, plus the generic ones (no linked customers) when ``includeGeneric=true``.
Without ``customerCode`` every visible item comes back. Hidden items (a Tharstern user turned
their visibility off) never do. ``types`` takes names (any case) or numbers, repeatable.
"""
from __future__ import annotations

from typing import Any

from . import enums
from .entities import Fields, raise_if
from .errors import ModelStateError, NotFound
from .paging import page, sort_items

PRODUCT_SORT = {"id": "ID", "code": "Code", "description": "Description"}
TYPE_SORT = {"id": "ID", "name": "Name", "description": "Description"}


class CatalogMixin:
    def list_products(self, *, ids: list[int] | None = None, product_code: str | None = None,
                      keyword: str | None = None, customer_code: str | None = None,
                      types: list[str] | None = None, include_generic: bool = False,
                      start_index: int | None = None, number: int | None = None,
                      sort_column: str | None = None, sort_direction: str | None = None) -> dict[str, Any]:
        type_names = self._type_names(types)
        with self.lock:
            state = self.state
            if customer_code:
                chosen = list(state.products_by_customer.get(customer_code.strip().lower(), ()))
                if include_generic:
                    chosen = sorted(set(chosen) | set(state.generic_products))
            else:
                chosen = sorted(state.products)
            hidden = state.hidden_products
            products = state.products
            items = [products[pid] for pid in chosen if pid not in hidden]
        if ids:
            wanted = set(ids)
            items = [p for p in items if p["ID"] in wanted]
        if product_code:
            code = product_code.strip().lower()
            items = [p for p in items if p["Code"].lower() == code]
        if keyword:
            needle = keyword.strip().lower()
            items = [p for p in items if needle in p["Code"].lower() or needle in (p["Description"] or "").lower()]
        if type_names is not None:
            items = [p for p in items if p["Type"]["Name"] in type_names]
        items = sort_items(items, sort_column, sort_direction, PRODUCT_SORT)
        return page(items, start_index, number, start_is_page=self.quirks.paging_start_index_is_page)

    def _type_names(self, types: list[str] | None) -> set[str] | None:
        if not types:
            return None
        names, errors = set(), {}
        for n, value in enumerate(types):
            for piece in str(value).split(","):
                if not piece.strip():
                    continue
                name = enums.lookup(enums.STOCK_ITEM_TYPES, piece)
                if name is None:
                    errors[f"types[{n}]"] = [f"'{piece.strip()}' is not a stock item type; use one of "
                                             f"{', '.join(enums.STOCK_ITEM_TYPES)}"]
                names.add(name)
        raise_if(errors)
        return names

    def list_product_types(self, *, ids: list[int] | None = None, name: str | None = None,
                           start_index: int | None = None, number: int | None = None,
                           sort_column: str | None = None, sort_direction: str | None = None) -> dict[str, Any]:
        with self.lock:
            items = [self.state.product_types[k] for k in sorted(self.state.product_types)]
        if ids:
            wanted = set(ids)
            items = [t for t in items if t["ID"] in wanted]
        if name:
            needle = name.strip().lower()
            items = [t for t in items if needle in t["Name"].lower()]
        items = sort_items(items, sort_column, sort_direction, TYPE_SORT)
        return page(items, start_index, number, start_is_page=self.quirks.paging_start_index_is_page)

    def edit_product(self, product_id: int, changes: Any) -> dict[str, Any]:
        """What a Tharstern user does in Tharstern: change price, stock or visibility. A change
        of price or stock raises ``StockItemChanged`` with the old and new values."""
        errors: dict[str, list[str]] = {}
        allowed = {"unitprice", "available", "balance", "visible"}
        if not isinstance(changes, dict) or not changes:
            raise ModelStateError.single("body", "give at least one of UnitPrice, Available, Balance, Visible")
        for key in changes:
            if str(key).lower() not in allowed:
                errors[str(key)] = ["unknown field; editable: UnitPrice, Available, Balance, Visible"]
        f = Fields(changes, "", errors)
        update = {}
        for field in ("UnitPrice", "Available", "Balance"):
            if f.has(field):
                update[field] = f.number(field, minimum=0)
        visible = f.flag("Visible", True) if f.has("Visible") else None
        raise_if(errors)
        with self.lock:
            before = self.state.products.get(product_id)
            if before is None:
                raise NotFound(f"stock item {product_id} does not exist")
            after = {**before, **update}
            self.state.products[product_id] = after
            self._stock_item_changed(before, after)
            if visible is not None:
                (self.state.hidden_products.discard if visible else self.state.hidden_products.add)(product_id)
            return {**after, "Visible": product_id not in self.state.hidden_products}
