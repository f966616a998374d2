"""Placing an order (``POST /orders``): check it, link or create the customer's Tharstern
customer, check stock and order limits, price every line, work out the required date, store the
order and, unless it is held, write its submissions into the outbox — all before answering.

Placement asks Tharstern: the customer code comes from automatic linking, and an estimate
belongs to the customer and quantity it was made for, so each line is priced here with the
resolved code. When Tharstern cannot be asked, an order that needs none of its answers (prices
the storefront knows, stock it keeps itself, no customer to link) is accepted and queued; any
other is refused (502/504) naming what needs Tharstern and what the shopper can do, and nothing
of it is stored (a link made before the failure stays) — ``offline`` holds the rules [I].
Once accepted, the order is never lost: the outbox sends it whatever Tharstern's later state.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.dates import schedule
from ...domain.orders import (
    is_stock_line,
    line_ref,
    order_limits,
    quantity_problem,
    requested_date_problem,
    send_price_in_orderline,
    stock_problem,
    tax_of,
)
from ...domain.pricing import money
from ...domain.records import StockItem
from ...errors import Conflict, Invalid
from ...models import AttributeValue, Customer, ImportedProduct, Order, OrderLine, Storefront, Variant, VariantLink
from ...tharstern.errors import TharsternError
from ...tharstern.order_calls import stock_items_by_id
from ..customers.autolink import link_or_create
from ..customers.codes import resolve
from ..pricing import date_rules, price
from ..runtime import Runtime
from .offline import LINKING, TharsternDown, cached_stock_items, line_needs
from .state import release_if_ready

log = logging.getLogger("connector.orders")
INITIAL_WORKFLOW_STATUS = "Order Received"  # where new Pressero orders start (seed 002)


@dataclass
class LineRequest:
    variant: Variant
    quantity: int
    values: list[AttributeValue] = field(default_factory=list)
    artwork_urls: list[str] = field(default_factory=list)
    price: Decimal | None = None  # the storefront's own line price (when it prices itself)

    @property
    def link(self) -> VariantLink:
        """The variant's Connect Link (``_check_local`` refuses a line without one first)."""
        link = self.variant.link
        if link is None:
            raise Invalid({"variant_id": [f"variant {self.variant.id} has no Connect Link"]})
        return link


@dataclass
class OrderRequest:
    lines: list[LineRequest]
    customer: Customer | None = None
    reference: str | None = None
    delivery_address: dict[str, Any] | None = None
    requested_date: date | None = None
    shipping: dict[str, Any] | None = None  # {"net", "tax_rate"}
    needs_approval: bool = False
    workflow_status: str = INITIAL_WORKFLOW_STATUS


def place_order(rt: Runtime, session: Session, sf: Storefront, request: OrderRequest) -> Order:
    behaviour = sf.behaviour
    if request.reference and session.scalar(select(Order.id).where(Order.storefront_id == sf.id,
                                                                    Order.reference == request.reference)):
        raise Conflict(f"Storefront '{sf.key}' already has an order '{request.reference}'.",
                       {"reference": ["already used"]})
    imported = _imported(session, request.lines)
    _check_local(request, imported)
    now = rt.clock.now()
    earliest = schedule(now, date_rules(sf)).required_date
    problem = requested_date_problem(request.requested_date, earliest)
    if problem:
        raise Invalid({"requested_date": [problem]})
    session.commit()  # no transaction stays open while Tharstern is asked

    customer = request.customer
    if customer is not None:
        try:
            link_or_create(rt, sf.id, customer.id)
        except TharsternError as error:
            raise TharsternDown(error, {"customer_id": LINKING, **line_needs(sf, request.lines, {})},
                                len(request.lines)) from None
        session.refresh(customer)
    resolution = resolve(sf, customer)
    if not resolution.code:
        raise Conflict(resolution.explanation, {"customer_id": [resolution.explanation]})
    client = rt.clients.for_storefront(sf)
    down: TharsternError | None = None
    try:
        items = {s.id: s for s in stock_items_by_id(client, [wanted.link.stock_item_id for wanted in request.lines])}
    except TharsternError as error:
        down, items = error, cached_stock_items(rt, sf)
        needs = line_needs(sf, request.lines, items)
        if needs:
            raise TharsternDown(error, needs, len(request.lines)) from None
    else:
        _sync_imported(imported, items, now)
        _check_stock(request, items, resolution.code, (sf.storefront_customer_code or "").strip(),
                     behaviour.handles_stock)

    order = Order(storefront_id=sf.id, reference=request.reference or "", customer_id=customer.id if customer else None,
                  customer_name=customer.name if customer else None, customer_email=customer.email if customer else None,
                  customer_code=resolution.code, customer_code_rule=resolution.rule, state="queued",
                  needs_approval=request.needs_approval, workflow_status=request.workflow_status,
                  transfer_on=behaviour.transfer_on, grouping=behaviour.order_grouping,
                  requested_date=request.requested_date.isoformat() if request.requested_date else None,
                  required_date=(request.requested_date or earliest).isoformat(), placed_at=now,
                  delivery_address=request.delivery_address,
                  shipping_net=money(request.shipping["net"]) if request.shipping else None,
                  shipping_tax_rate=Decimal(str(request.shipping.get("tax_rate") or 0)) if request.shipping else None,
                  include_shipping=behaviour.include_shipping, send_tax=behaviour.send_tax,
                  accepted_offline=down.summary if down is not None else None,
                  workflow_history=[{"status": request.workflow_status, "at": now.strftime("%Y-%m-%dT%H:%M:%SZ")}])
    currencies, unpriced = [], {}
    for n, line in enumerate(request.lines):
        try:
            priced, currency = _price_line(rt, sf, n, line, customer, items.get(line.link.stock_item_id))
        except _PricingDown as failed:
            down, unpriced[f"lines.{n}"] = failed.error, failed.reason
            continue
        currencies.append(currency)
        order.lines.append(OrderLine(storefront_id=sf.id, line_no=n + 1, line_ref="", **priced))
    if unpriced:
        assert down is not None  # a line goes unpriced only when Tharstern failed
        raise TharsternDown(down, unpriced, len(request.lines))
    order.currency = next((c for c in currencies if c), None) or rt.config["PRICE_LIST_CURRENCY"]
    session.add(order)
    session.flush()
    if not order.reference:
        order.reference = f"{sf.key.upper()}-{order.id}"
    for order_line in order.lines:
        order_line.line_ref = line_ref(order.reference, order_line.line_no)
    released = release_if_ready(session, order, now)
    session.commit()
    log.info("Order %s of storefront %s placed (%d line(s), %s)", order.reference, sf.key, len(order.lines), order.state)
    if released:
        rt.outbox.kick()
    return order


def _imported(session: Session, lines: list[LineRequest]) -> dict[int, ImportedProduct]:
    ids = {line.variant.product_id for line in lines}
    found = session.scalars(select(ImportedProduct).where(ImportedProduct.product_id.in_(ids))).all()
    return {p.product_id: p for p in found}


def _check_local(request: OrderRequest, imported: dict[int, ImportedProduct]) -> None:
    problems: dict[str, list[str]] = {}
    for n, line in enumerate(request.lines):
        if line.variant.link is None:
            problems[f"lines.{n}.variant_id"] = [f"variant {line.variant.id} has no Connect Link, so Tharstern cannot "
                                                 "make it; link it to a stock item first"]
    if problems:
        raise Invalid(problems)
    for n, line in enumerate(request.lines):
        product = imported.get(line.variant.product_id)
        if product is not None and product.out_of_stock:
            message = (f"{line.variant.product.name} ({product.part_number}) is out of stock in Tharstern and cannot "
                       "be ordered until it is back in stock")
            raise Conflict(message, {f"lines.{n}.variant_id": [message]})


def _sync_imported(imported: dict[int, ImportedProduct], items: dict[int, StockItem], now) -> None:
    for product in imported.values():
        item = items.get(product.stock_item_id)
        if item is not None and item.available is not None:
            product.available = item.available
            product.out_of_stock = product.tracks_stock and item.available <= 0
            product.synced_at = now


def _check_stock(request: OrderRequest, items: dict[int, StockItem], code: str, storefront_code: str,
                 handles_stock: bool) -> None:
    gone = {f"lines.{n}.variant_id": [f"stock item {wanted.link.stock_item_code} ({wanted.link.stock_item_id}) "
                                      "no longer exists in Tharstern"]
            for n, wanted in enumerate(request.lines) if wanted.link.stock_item_id not in items}
    if gone:
        raise Conflict("A line's stock item no longer exists in Tharstern.", gone)
    if not handles_stock:
        return
    limits = {}
    wanted: dict[int, list[int]] = {}
    for n, line in enumerate(request.lines):
        item = items[line.link.stock_item_id]
        problem = quantity_problem(line.quantity, order_limits(item, code, storefront_code))
        if problem:
            limits[f"lines.{n}.quantity"] = [f"{item.code}: {problem}"]
        if is_stock_line(item, priced_by_estimate=line.link.priced_by_estimate):
            wanted.setdefault(item.id, []).append(n)
    if limits:
        raise Invalid(limits, "A quantity is outside the order limits Tharstern sets for this customer.")
    short = {}
    for item_id, line_indexes in wanted.items():
        item = items[item_id]
        problem = stock_problem(item.code, sum(request.lines[n].quantity for n in line_indexes), item.available)
        if problem:
            for n in line_indexes:
                short[f"lines.{n}.quantity"] = [problem]
    if short:
        raise Conflict("Not enough stock in Tharstern: " + "; ".join(sorted({m[0] for m in short.values()})) + ".",
                       short)


class _PricingDown(Exception):
    """A line's price needs Tharstern, which could not be asked."""

    def __init__(self, error: TharsternError, reason: str) -> None:
        super().__init__(reason)
        self.error, self.reason = error, reason


def _price_line(rt: Runtime, sf: Storefront, n: int, line: LineRequest, customer: Customer | None,
                item: StockItem | None) -> tuple[dict[str, Any], str | None]:
    """The line's stored fields and currency; ``item`` is None when Tharstern could not be asked
    and the connector's cached price list does not have it (the tax rate is then unknown)."""
    behaviour = sf.behaviour
    link = line.link
    currency = None
    estimate_id = estimate_ref = None
    amount: Decimal | None
    if behaviour.handles_pricing:
        answer = price(rt, sf, line.variant, line.quantity, line.values, customer)
        if answer.failure is not None:
            raise _PricingDown(answer.failure, "its price comes from Tharstern" + (
                "'s price list, which the shop has not got at hand" if answer.source == "price_list" else ""))
        if answer.price is None:
            raise Conflict(f"Line {n + 1} cannot be priced: {answer.message}", {f"lines.{n}": [answer.message]})
        amount, source, message, currency = answer.price, answer.source, answer.message, answer.currency
        estimate_id, estimate_ref = answer.estimate_id, answer.estimate_ref
    else:
        amount, source, message = line.price, "storefront", "The storefront's own price (it does not take prices " \
                                                            "from Tharstern)."
    decision = send_price_in_orderline(behaviour.send_price_in_orderline, live_pricing=behaviour.handles_pricing,
                                       opted_in=link.use_estimate_pricing, source=source)
    if decision.send and amount is None:
        raise Invalid({f"lines.{n}.price": [f"required: the price is sent to Tharstern ({decision.reason}) and the "
                                            "storefront prices this line itself"]})
    rate = Decimal(str(item.tax_rate)) if item is not None and item.tax_rate is not None else None
    net = money(amount) if amount is not None else None
    product = line.variant.product
    return {
        "variant_id": line.variant.id, "description": f"{product.name} - {line.variant.name}",
        "stock_item_id": link.stock_item_id, "stock_item_code": link.stock_item_code, "quantity": line.quantity,
        "attribute_value_ids": [v.id for v in line.values],
        "attributes": [{"name": v.attribute.name, "value": v.name} for v in line.values],
        "artwork_urls": list(line.artwork_urls), "price": net, "price_source": source, "price_message": message,
        "estimate_id": estimate_id if source == "estimate" else None, "estimate_ref": estimate_ref,
        "send_price": decision.send, "send_price_reason": decision.reason, "tax_rate": rate,
        "value_net": net if decision.send else None,
        "value_tax": tax_of(net, rate, sf.behaviour.send_tax) if decision.send and net is not None else None,
    }, currency
