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
one transaction per import, and bulk inserts, rather than a call and three commits per item:
10,000 items went from 113 s to under 6 s; docs/performance.md.)

In the background (``"background": true``, run by ``ImportWorker``) the same run goes in batches
of ``BACKGROUND_BATCH`` items, one call and one commit each, so ``GET /imports/{iid}`` shows it
item by item; between batches it stops when the worker says so (a reset, a shutdown), leaving the
import ``running`` with items pending, which the next start marks ``interrupted``.
"""
from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any, Callable

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ...domain.imports import mis_product_id, part_number
from ...domain.orders import is_stock_line
from ...domain.pricing import apply_markup
from ...errors import Conflict
from ...models import Import, ImportedProduct, ImportItem, Product, Storefront, Variant, VariantLink
from ...tharstern import errors
from ...tharstern.order_calls import stock_items_by_id
from ..runtime import Runtime

log = logging.getLogger("connector.imports")
BACKGROUND_BATCH = 1  # items per call and commit in the background: the progress moves item by item


def start_import(rt: Runtime, session: Session, sf: Storefront, spec: dict[str, Any],
                 background: bool = False) -> Import:
    ids = list(dict.fromkeys(spec["stock_item_ids"]))
    job = Import(storefront_id=sf.id, site=spec["site"], external_user_id=spec["external_user_id"],
                 categories=spec["categories"], user_groups=spec["user_groups"],
                 markup_percent=spec["markup_percent"], mandatory_upload=spec["mandatory_upload"], state="running",
                 created_at=rt.clock.now(), items=[ImportItem(position=n, stock_item_id=i, state="pending")
                                                   for n, i in enumerate(ids)])
    session.add(job)
    session.commit()
    if background:
        return _run_in_background(rt, session, job)
    return run_import(rt, session, sf, job)


def resume_import(rt: Runtime, session: Session, sf: Storefront, job: Import, background: bool = False) -> Import:
    if job.state == "completed":
        raise Conflict(f"Import {job.id} is complete; nothing is left to import.")
    if rt.imports.busy(job.id):
        raise Conflict(f"Import {job.id} is running in the background; follow it with GET /imports/{job.id}.")
    if background:
        job.state, job.last_error = "running", None
        session.commit()
        return _run_in_background(rt, session, job)
    return run_import(rt, session, sf, job)


def _run_in_background(rt: Runtime, session: Session, job: Import) -> Import:
    """Hand the committed import to the worker; ``job`` keeps its items as they were handed over
    (loaded first: the worker uses a session of its own), so the 202 answer shows the import as it starts whatever the worker has done."""
    session.refresh(job, ["state", "runs", "last_error", "finished_at", "items"])
    rt.imports.submit(job.id, _run_queued)
    return job


def _run_queued(rt: Runtime, session: Session, job: Import, keep_going: Callable[[], bool]) -> None:
    """What the worker runs, in its own session: the import item by item."""
    sf = session.get(Storefront, job.storefront_id)
    if sf is None:  # the storefront is gone (removed since the import was handed over): nothing to import into
        return
    run_import(rt, session, sf, job, batch=BACKGROUND_BATCH, keep_going=keep_going)


def run_import(rt: Runtime, session: Session, sf: Storefront, job: Import, batch: int | None = None,
               keep_going: Callable[[], bool] = lambda: True) -> Import:
    """Import the pending items: all in one call and one commit, or ``batch`` items at a time
    (stopping between batches once ``keep_going()`` is False, the import left ``running``)."""
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
    size = batch or max(1, len(wanted))
    for start in range(0, len(wanted), size):
        if not keep_going():
            log.info("Import %s of storefront %s stopped with %d item(s) pending", job.id, sf.key, len(wanted) - start)
            return job
        if not _import_batch(rt, session, sf, job, wanted[start:start + size]):
            return job
        if start + size < len(wanted):
            session.commit()
    job.state, job.finished_at = "completed", rt.clock.now()
    session.commit()
    log.info("Import %s of storefront %s complete", job.id, sf.key)
    return job


def _import_batch(rt: Runtime, session: Session, sf: Storefront, job: Import, wanted: list) -> bool:
    """One call for ``wanted`` and their products; False (the import ``interrupted``, committed)
    when Tharstern fails."""
    code = (sf.storefront_customer_code or "").strip()
    try:
        found = {s.id: s for s in stock_items_by_id(rt.clients.for_storefront(sf), [i.stock_item_id for i in wanted], code)}
    except errors.TharsternError as error:
        job.state, job.last_error = "interrupted", error.summary
        session.commit()
        log.info("Import %s of storefront %s interrupted: %s (%s)", job.id, sf.key, error.problem, error.cause)
        return False
    for item in wanted:
        if item.stock_item_id not in found:
            item.state = "failed"
            item.message = (f"Tharstern returns no stock item {item.stock_item_id} for the customer code {code}: it "
                            "does not exist or is not linked to the code used for Tharstern products")
    to_create = [i for i in wanted if i.stock_item_id in found]
    stocks = [found[i.stock_item_id] for i in to_create]
    for item, stock, product_id in zip(to_create, stocks, _create_products(session, sf, job, stocks, rt.clock.now()), strict=True):
        item.state, item.product_id = "imported", product_id
        item.message = f"imported as product {product_id} '{_name(stock)}'"
    return True


def _already_imported(session: Session, sf: Storefront, site: str, stock_item_ids: list[int]) -> dict[int, ImportedProduct]:
    if not stock_item_ids:
        return {}
    return {p.stock_item_id: p for p in session.scalars(select(ImportedProduct).where(
        ImportedProduct.storefront_id == sf.id, ImportedProduct.site == site,
        ImportedProduct.stock_item_id.in_(stock_item_ids)))}


def _name(stock) -> str:
    return stock.description or stock.code


def _create_products(session: Session, sf: Storefront, job: Import, stocks: list, now) -> list[int]:
    """For each stock item a product with one variant linked to it, and its Pressero fields: four
    batched INSERTs (ORM bulk inserts, ids returned in order) rather than the unit of work's
    bookkeeping per object. Returns the new products' ids, in the order of ``stocks``."""
    if not stocks:
        return []
    numbers = [part_number(job.external_user_id, s.id) for s in stocks]
    product_ids = session.scalars(insert(Product).returning(Product.id, sort_by_parameter_order=True), [
        {"storefront_id": sf.id, "name": _name(s), "sku": n, "description": s.description or None}
        for s, n in zip(stocks, numbers, strict=True)]).all()
    variant_ids = session.scalars(insert(Variant).returning(Variant.id, sort_by_parameter_order=True), [
        {"product_id": pid, "name": s.code, "sku": n} for pid, s, n in zip(product_ids, stocks, numbers, strict=True)]).all()
    session.execute(insert(VariantLink), [
        {"variant_id": vid, "stock_item_id": s.id, "stock_item_code": s.code, "stock_item_description": s.description,
         "stock_item_type": s.type, "product_type_id": s.product_type_id, "product_type_name": s.product_type_name,
         "use_estimate_pricing": False, "selected_part_ids": [], "selected_process_ids": [], "manual_edit": False,
         "linked_at": now} for vid, s in zip(variant_ids, stocks, strict=True)])
    session.execute(insert(ImportedProduct), [_pressero_fields(sf, job, s, pid, n, now)
                                              for s, pid, n in zip(stocks, product_ids, numbers, strict=True)])
    return list(product_ids)


def _pressero_fields(sf: Storefront, job: Import, stock, product_id: int, number: str, now) -> dict[str, Any]:
    tracks = is_stock_line(stock, priced_by_estimate=False)
    available = stock.available if stock.available is not None else 0
    return dict(
        storefront_id=sf.id, product_id=product_id, import_id=job.id, site=job.site, stock_item_id=stock.id,
        stock_item_code=stock.code, part_number=number, public_part_number=number,
        mis_product_id=mis_product_id(job.external_user_id, stock.id, job.site), categories=list(job.categories),
        user_groups=list(job.user_groups), mandatory_upload=job.mandatory_upload, markup_percent=job.markup_percent,
        unit_price=Decimal(str(stock.unit_price)) if stock.unit_price is not None else None,
        price=apply_markup(stock.unit_price, job.markup_percent) if stock.unit_price is not None else None,
        available=available, tracks_stock=tracks, out_of_stock=tracks and available <= 0, synced_at=now)
