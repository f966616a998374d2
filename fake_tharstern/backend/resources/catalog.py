"""Stock items (``GET products``) and product types (``GET producttypes``).

Customer-code scoping follows seed 003: with ``customerCode`` only the items linked to that
customer come back, plus the generic ones (no linked customers) when ``includeGeneric=true``.
Without ``customerCode`` every visible item comes back. Hidden items (a Tharstern user turned
their visibility off) never do. ``types`` takes names (any case) or numbers, repeatable.
"""
from __future__ import annotations

import bisect
import heapq
import itertools
from typing import Any, Iterable

from ..base import BackendBase
from ..errors import ModelStateError, NotFound
from ..records import enums
from ..records.entities import Fields, make_linked_customer, make_product, raise_if
from ..records.paging import page, sort_items, window
from ..records.state import State

PRODUCT_SORT = {"id": "ID", "code": "Code", "description": "Description"}
TYPE_SORT = {"id": "ID", "name": "Name", "description": "Description"}


class CatalogMixin(BackendBase):
    def list_products(self, *, ids: list[int] | None = None, product_code: str | None = None,
                      keyword: str | None = None, customer_code: str | None = None,
                      types: list[str] | None = None, include_generic: bool = False,
                      start_index: int | None = None, number: int | None = None,
                      sort_column: str | None = None, sort_direction: str | None = None) -> dict[str, Any]:
        type_names = self._type_names(types)
        if customer_code:
            scopes = [customer_code.strip().lower()] + ([State.GENERIC] if include_generic else [])
        else:
            scopes = [State.ALL]
        descending = (sort_direction or "").lower() == "descending"
        with self.lock:
            index = self.state.visible_products
            products = self.state.products
            wanted_types = [State.ANY_TYPE] if type_names is None else sorted(type_names)
            id_lists = [index.get(scope, {}).get(type_name, []) for scope in scopes for type_name in wanted_types]
        if ids:  # look the few wanted IDs up in the (sorted) visible ones, not the other way round
            wanted_ids = sorted(set(ids))
            id_lists = [[i for i in wanted_ids if _holds(visible, i)] for visible in id_lists]
        start_is_page = self.quirks.paging_start_index_is_page
        if ids or product_code or keyword or PRODUCT_SORT.get((sort_column or "").lower(), "ID") != "ID":
            items = [products[pid] for pid in heapq.merge(*id_lists)]
            items = self._filter_products(items, ids, product_code, keyword)
            items = sort_items(items, sort_column, sort_direction, PRODUCT_SORT)
            return page(items, start_index, number, start_is_page=start_is_page)
        # the common case: only a page of IDs is ever turned into items
        start, stop = window(start_index, number, start_is_page=start_is_page)
        id_lists = [i for i in id_lists if i]
        chosen: Iterable[int]
        if len(id_lists) == 1:
            chosen = id_lists[0][::-1][start:stop] if descending else id_lists[0][start:stop]
        else:
            merged = heapq.merge(*(reversed(i) for i in id_lists), reverse=True) if descending else heapq.merge(*id_lists)
            chosen = itertools.islice(merged, start, stop)
        return {"Items": [products[pid] for pid in chosen], "TotalItemCount": sum(len(i) for i in id_lists)}

    @staticmethod
    def _filter_products(items: list[dict[str, Any]], ids: list[int] | None, product_code: str | None,
                         keyword: str | None) -> list[dict[str, Any]]:
        if ids:
            wanted = set(ids)
            items = [p for p in items if p["ID"] in wanted]
        if product_code:
            code = product_code.strip().lower()
            items = [p for p in items if p["Code"].lower() == code]
        if keyword:
            needle = keyword.strip().lower()
            items = [p for p in items if needle in p["Code"].lower() or needle in (p["Description"] or "").lower()]
        return items

    def _type_names(self, types: list[str] | None) -> set[str] | None:
        if not types:
            return None
        names: set[str] = set()
        errors: dict[str, list[str]] = {}
        for n, value in enumerate(types):
            for piece in str(value).split(","):
                if not piece.strip():
                    continue
                name = enums.lookup(enums.STOCK_ITEM_TYPES, piece)
                if name is None:
                    errors[f"types[{n}]"] = [f"'{piece.strip()}' is not a stock item type; use one of "
                                             f"{', '.join(enums.STOCK_ITEM_TYPES)}"]
                else:
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
            if visible is not None and visible != (product_id not in self.state.hidden_products):
                (self.state.hidden_products.discard if visible else self.state.hidden_products.add)(product_id)
                self.state.reindex()
            return {**after, "Visible": product_id not in self.state.hidden_products}

    def create_stock_item(self, data: Any) -> dict[str, Any]:
        """What a Tharstern user does to add a stock item: the API's field names (``Code``
        required, ``Description``, ``Type``, ``ProductTypes_ID``, ``UnitPrice``, ``Available``,
        ``LinkedCustomers``, ``Visible``). A code already in use is refused (a seed would replace
        it); linked customer codes must exist. No webhook: Tharstern raises none for a new item."""
        errors: dict[str, list[str]] = {}
        if not isinstance(data, dict):
            raise ModelStateError.single("body", "must be an object")
        with self.lock:
            product, visible = make_product(data, "", errors, self.state.next_id("product"), self.state.product_types)
            if product["Code"] and self.state.product_by(product["Code"]) is not None:
                errors.setdefault("Code", []).append(f"A stock item with code '{product['Code']}' already exists.")
            if isinstance(product["ID"], int) and product["ID"] in self.state.products:
                errors.setdefault("ID", []).append(f"A stock item with ID {product['ID']} already exists.")
            for n, link in enumerate(product["LinkedCustomers"]):
                if link["CustomerCode"] and self.state.customer_by(link["CustomerCode"]) is None:
                    errors.setdefault(f"LinkedCustomers[{n}].CustomerCode", []).append(
                        f"customer '{link['CustomerCode']}' does not exist")
            raise_if(errors)
            self.state.products[product["ID"]] = product
            self.state.reserve_id("product", product["ID"])
            if not visible:
                self.state.hidden_products.add(product["ID"])
            self.state.reindex()
            return {**product, "Visible": visible}

    def link_stock_item(self, product_id: int, data: Any) -> dict[str, Any]:
        """Link a stock item to a customer code (``{CustomerCode, MinOrderQty, MaxOrderQty}``), or
        change that link's order quantities: the item then shows in ``GET products?customerCode=``
        for that customer."""
        errors: dict[str, list[str]] = {}
        if not isinstance(data, dict):
            raise ModelStateError.single("body", "must be an object")
        link = make_linked_customer(data, "", errors)
        customer_code = link["CustomerCode"] or ""
        if link["MaxOrderQty"] and link["MinOrderQty"] > link["MaxOrderQty"]:
            errors.setdefault("MaxOrderQty", []).append("must be 0 (no maximum) or at least MinOrderQty")
        with self.lock:
            product = self.state.products.get(product_id)
            if product is None:
                raise NotFound(f"stock item {product_id} does not exist")
            customer = self.state.customer_by(customer_code)
            if customer is None and customer_code:
                errors.setdefault("CustomerCode", []).append(f"customer '{customer_code}' does not exist")
            raise_if(errors)
            assert customer is not None  # an unknown or empty code was refused above
            link["CustomerCode"] = customer["Code"]
            links = [x for x in product["LinkedCustomers"] if x["CustomerCode"].lower() != customer_code.lower()]
            self.state.products[product_id] = {**product, "LinkedCustomers": links + [link]}
            self.state.reindex()
            return self._with_visibility(product_id)

    def unlink_stock_item(self, product_id: int, customer_code: str) -> dict[str, Any]:
        """Remove a stock item's link to a customer code; with no link left the item is generic."""
        with self.lock:
            product = self.state.products.get(product_id)
            if product is None:
                raise NotFound(f"stock item {product_id} does not exist")
            links = [x for x in product["LinkedCustomers"] if x["CustomerCode"].lower() != customer_code.lower()]
            if len(links) == len(product["LinkedCustomers"]):
                raise NotFound(f"stock item {product_id} is not linked to customer '{customer_code}'")
            self.state.products[product_id] = {**product, "LinkedCustomers": links}
            self.state.reindex()
            return self._with_visibility(product_id)

    def _with_visibility(self, product_id: int) -> dict[str, Any]:
        return {**self.state.products[product_id], "Visible": product_id not in self.state.hidden_products}


def _holds(sorted_ids: list[int], wanted: int) -> bool:
    at = bisect.bisect_left(sorted_ids, wanted)
    return at < len(sorted_ids) and sorted_ids[at] == wanted
