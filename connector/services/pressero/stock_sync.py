"""``StockItemChanged`` (seed 002: price and inventory changes in Tharstern show in the store):
every product imported from the stock item gets the new unit price (with its import's markup)
and stock, and is flagged out of stock when a stock line has none left. The storefront's cached
Tharstern lists are dropped, so live prices and the Connect Link list show the change at once."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.pricing import apply_markup
from ...models import ImportedProduct
from ...tharstern import wire


def apply_stock_event(session: Session, storefront_id: int, data: dict[str, Any], sequence: int | None,
                      now) -> tuple[str, str]:
    item_id = wire.to_int(wire.pick(data, "StockItemID", "ID"))
    if item_id is None:
        return "ignored", "the event names no StockItemID"
    products = session.scalars(select(ImportedProduct).where(ImportedProduct.storefront_id == storefront_id,
                                                             ImportedProduct.stock_item_id == item_id)).all()
    if not products:
        return "unmatched", f"no imported product comes from stock item {item_id}"
    unit_price = wire.to_float(wire.pick(data, "UnitPrice"))
    available = wire.to_float(wire.pick(data, "Available"))
    applied = []
    for product in products:
        if sequence is not None and sequence <= product.stock_sequence:
            continue
        product.stock_sequence = sequence or product.stock_sequence
        if unit_price is not None:
            product.unit_price = Decimal(str(unit_price))
            product.price = apply_markup(unit_price, product.markup_percent)
        if available is not None:
            product.available = available
            product.out_of_stock = product.tracks_stock and available <= 0
        product.synced_at = now
        applied.append(product)
    if not applied:
        return "stale", f"every product of stock item {item_id} has applied a later Sequence"
    summary = ", ".join(f"{p.part_number}: price {p.price}, available {p.available}"
                        + (" (out of stock)" if p.out_of_stock else "") for p in applied)
    return "applied", summary
