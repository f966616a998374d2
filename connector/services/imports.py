"""Pressero-style import of Tharstern stock items as storefront products (seed 002).

``POST /imports`` takes at most 50 stock item ids with the site, categories, user groups,
markup and mandatory-upload flag, writes the import and its items (``pending``) first, then runs
it: a stock item already imported for that site is ``skipped`` (Pressero shows its SKU crossed
out) and committed as such; the others are read from Tharstern in one call (``GET products?id=..``
with the storefront customer code), and in one transaction each becomes a product (named from
the stock item) with one variant linked to the stock item (priced from its unit price plus the
import's markup) and the Pressero fields, or ``failed`` when the storefront customer code cannot
see it. A Tharstern failure stops the run with the import ``interrupted``: what was done stays
done, and ``POST /imports/{iid}/resume`` carries on with the items still pending. (One call and
one transaction per import rather than per item: 10,000 items went from 80 s to a few seconds.)
"""
from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.imports import mis_product_id, part_number
from ..domain.orders import is_stock_line
from ..domain.pricing import apply_markup
from ..errors import Conflict
from ..models import Import, ImportedProduct, ImportItem, Product, Storefront, Variant, VariantLink
from ..tharstern import errors
from ..tharstern.order_calls import stock_items_by_id
from .runtime import Runtime

log = logging.getLogger("connector.imports")


def start_import(rt: Runtime, session: Session, sf: Storefront, spec: dict[str, Any]) -> Import:
    ids = list(dict.fromkeys(spec["stock_item_ids"]))
    job = Import(storefront_id=sf.id, site=spec["site"], external_user_id=spec["external_user_id"],
                 categories=spec["categories"], user_groups=spec["user_groups"],
                 markup_percent=spec["markup_percent"], mandatory_upload=spec["mandatory_upload"], state="running",
                 created_at=rt.clock.now(), items=[ImportItem(position=n, stock_item_id=i, state="pending")
                                                   for n, i in enumerate(ids)])
    session.add(job)
    session.commit()
    return run_import(rt, session, sf, job)


def resume_import(rt: Runtime, session: Session, sf: Storefront, job: Import) -> Import:
    if job.state == "completed":
        raise Conflict(f"Import {job.id} is complete; nothing is left to import.")
    return run_import(rt, session, sf, job)


def run_import(rt: Runtime, session: Session, sf: Storefront, job: Import) -> Import:
    job.state, job.runs, job.last_error = "running", job.runs + 1, None
    pending = [i for i in job.items if i.state == "pending"]
    imported = _already_imported(session, sf, job.site, [i.stock_item_id for i in pending])
    for item in pending:
        existing = imported.get(item.stock_item_id)
        if existing is not None:
            item.state, item.product_id = "skipped", existing.product_id
            item.message = (f"already imported for {job.site} as product {existing.product_id} "
                            f"(part number {existing.part_number})")
    session.commit()  # nothing stays open while Tharstern is asked
    wanted = [i for i in pending if i.state == "pending"]
    code = (sf.storefront_customer_code or "").strip()
    try:
        found = {s.id: s for s in stock_items_by_id(rt.clients.for_storefront(sf), [i.stock_item_id for i in wanted], code)}
    except errors.TharsternError as error:
        job.state, job.last_error = "interrupted", f"{type(error).__name__}: {error.message}"
        session.commit()
        log.info("Import %s of storefront %s interrupted: %s", job.id, sf.key, type(error).__name__)
        return job
    created, now = [], rt.clock.now()
    for item in wanted:
        stock = found.get(item.stock_item_id)
        if stock is None:
            item.state = "failed"
            item.message = (f"Tharstern returns no stock item {item.stock_item_id} for the customer code {code}: it "
                            "does not exist or is not linked to the code used for Tharstern products")
        else:
            created.append((item, stock, _new_product(session, sf, job, stock, now)))
    session.flush()  # one batch of inserts gives every new product its id
    for item, stock, product in created:
        session.add(_imported_product(sf, job, stock, product, now))
        item.state, item.product_id = "imported", product.id
        item.message = f"imported as product {product.id} '{product.name}'"
    job.state, job.finished_at = "completed", rt.clock.now()
    session.commit()
    log.info("Import %s of storefront %s complete", job.id, sf.key)
    return job


def _already_imported(session: Session, sf: Storefront, site: str, stock_item_ids: list[int]) -> dict[int, ImportedProduct]:
    if not stock_item_ids:
        return {}
    return {p.stock_item_id: p for p in session.scalars(select(ImportedProduct).where(
        ImportedProduct.storefront_id == sf.id, ImportedProduct.site == site,
        ImportedProduct.stock_item_id.in_(stock_item_ids)))}


def _new_product(session: Session, sf: Storefront, job: Import, stock, now) -> Product:
    number = part_number(job.external_user_id, stock.id)
    product = Product(storefront_id=sf.id, name=stock.description or stock.code, sku=number,
                      description=stock.description or None)
    product.variants.append(Variant(name=stock.code, sku=number, link=VariantLink(
        stock_item_id=stock.id, stock_item_code=stock.code, stock_item_description=stock.description,
        stock_item_type=stock.type, product_type_id=stock.product_type_id, product_type_name=stock.product_type_name,
        use_estimate_pricing=False, selected_part_ids=[], selected_process_ids=[], manual_edit=False, linked_at=now)))
    session.add(product)
    return product


def _imported_product(sf: Storefront, job: Import, stock, product: Product, now) -> ImportedProduct:
    number = part_number(job.external_user_id, stock.id)
    tracks = is_stock_line(stock, priced_by_estimate=False)
    available = stock.available if stock.available is not None else 0
    return ImportedProduct(
        storefront_id=sf.id, product_id=product.id, import_id=job.id, site=job.site, stock_item_id=stock.id,
        stock_item_code=stock.code, part_number=number, public_part_number=number,
        mis_product_id=mis_product_id(job.external_user_id, stock.id, job.site), categories=list(job.categories),
        user_groups=list(job.user_groups), mandatory_upload=job.mandatory_upload, markup_percent=job.markup_percent,
        unit_price=Decimal(str(stock.unit_price)) if stock.unit_price is not None else None,
        price=apply_markup(stock.unit_price, job.markup_percent) if stock.unit_price is not None else None,
        available=available, tracks_stock=tracks, out_of_stock=tracks and available <= 0, synced_at=now)
