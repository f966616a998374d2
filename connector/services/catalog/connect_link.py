"""The Connect Link list (seed 003): the storefront customer code's stock items (every page),
filtered by the Product Type Filter, each with its product type from one ``producttypes`` call
per distinct ``ProductTypes_ID > 0``; all cached for the storefront's ``cache_ttl_s``. And the
diagnosis of a product type that is not in it."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ...domain.connect_link import Diagnosis, diagnose, listed_items, matches_query, unreachable_diagnosis
from ...domain.records import ProductType, StockItem
from ...models import Storefront
from ...tharstern import errors
from ...tharstern.client import TharsternClient
from ..runtime import Runtime


class ConnectLinkCatalog:
    def __init__(self, rt: Runtime, sf: Storefront) -> None:
        self.rt = rt
        self.sf = sf
        self.behaviour = sf.behaviour
        self.code = (sf.storefront_customer_code or "").strip()
        self._client: TharsternClient | None = None
        self._oldest_hit: float | None = None  # when the oldest cached answer used so far was stored

    @property
    def client(self) -> TharsternClient:
        if self._client is None:
            self._client = self.rt.clients.for_storefront(self.sf)
        return self._client

    def _cached(self, key: tuple, load):
        found = self.rt.cache.get(self.sf.id, (self.client.root, *key), self.behaviour.cache_ttl_s, load)
        if found.hit:
            self._oldest_hit = min(found.stored_at, self._oldest_hit or found.stored_at)
        return found

    def stock_items(self) -> list[StockItem]:
        """Every stock item linked to the storefront customer code (cached)."""
        return self._cached(("stock_items", self.code.lower()), lambda: self.client.stock_items(self.code)).value

    def all_stock_items(self) -> list[StockItem]:
        """Every stock item Tharstern has, for any customer (cached; only diagnosis needs it)."""
        return self._cached(("all_stock_items",), lambda: self.client.stock_items(None)).value

    def product_type(self, product_type_id: int) -> ProductType | None:
        return self._cached(("product_type", product_type_id), lambda: self.client.product_type(product_type_id)).value

    def listed(self) -> list[StockItem]:
        """The stock items of the Connect Link list, before any search."""
        return listed_items(self.stock_items(), self.behaviour.product_type_filter)

    def options(self, query: str | None = None) -> list[dict[str, Any]]:
        items = self.listed()
        types = {tid: self.product_type(tid) for tid in sorted({i.product_type_id for i in items if i.product_type_id > 0})}
        rows = []
        for item in items:
            product_type = types.get(item.product_type_id)
            type_name = product_type.name if product_type else item.product_type_name
            if not matches_query(item, type_name, query):
                continue
            rows.append({
                "stock_item_id": item.id, "code": item.code, "description": item.description, "type": item.type,
                "product_type_id": item.product_type_id, "product_type_name": type_name,
                "work_type": product_type.work_type if product_type else None,
                "unit_price": item.unit_price, "available": item.available,
                "pricing": "estimate" if item.product_type_id > 0 else "price_list",
            })
        return rows

    def find_listed(self, stock_item_id: int) -> StockItem | None:
        return next((i for i in self.listed() if i.id == stock_item_id), None)

    def diagnose(self, product_type_id: int) -> Diagnosis:
        try:
            product_type = self.product_type(product_type_id)
            code_items = self.stock_items()
            carried = any(i.product_type_id == product_type_id for i in code_items)
            all_items = None if (product_type is None or carried) else self.all_stock_items()
        except errors.TharsternError as error:
            return unreachable_diagnosis(product_type_id, error)
        found = diagnose(product_type_id, product_type.name if product_type else None, storefront_code=self.code,
                         type_filter=self.behaviour.product_type_filter, code_items=code_items, all_items=all_items)
        found.details["from_cache"] = self._oldest_hit is not None
        found.details["cached_at"] = (datetime.fromtimestamp(self._oldest_hit, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                                      if self._oldest_hit is not None else None)
        return found
