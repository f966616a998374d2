"""Live pricing (``POST /prices``; reference §2.3, seed P3345).

A variant priced by estimate: its template, the chosen attribute values' node mappings, the
connector's fields (product type, quantity, resolved customer code, ``IgnoreShipping`` from
``include_shipping``, ``RequiredDateTime`` from the date rules), then its mapping code if any
(which may change anything but the product type, quantity and customer code; shipping and date
are filled in when its output leaves them out) →
``POST estrequest`` → Tharstern's price (``Price`` or ``PriceExclShipping``) plus the markup.
A stock item without a product type (or linked with estimate pricing off) is priced from its
``UnitPrice``. No price → "Please call for price" with the reason. Resolving the customer code
has no side effects (automatic linking happens at order placement).
"""
from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import object_session

from ..domain.customer_codes import Resolution
from ..domain.dates import DateRules, Schedule, schedule
from ..domain.mapping_code import MappingCodeError
from ..domain.node_paths import NodePathError
from ..domain.pricing import apply_markup, call_for_price_message, classify_estimate_problems, order_quantity_problem, price_list_total
from ..domain.templates import apply_node_values, apply_owned_fields, fill_missing
from ..errors import Conflict
from ..models import AttributeValue, Customer, ImportedProduct, Storefront, Variant, VariantLink
from ..tharstern import errors
from .catalog.connect_link import ConnectLinkCatalog
from .customers.codes import resolve
from .mapping_runner import MappingRunner
from .runtime import Runtime

log = logging.getLogger("connector.pricing")


@dataclass
class PriceAnswer:
    quantity: int
    customer_code: Resolution
    markup_percent: float
    currency: str | None = None
    price: Decimal | None = None
    source: str | None = None  # estimate | price_list
    estimate_id: int | None = None
    estimate_ref: str | None = None
    tharstern_price: Decimal | None = None
    unit_price: float | None = None
    reason: str | None = None
    cause: str | None = None  # when Tharstern failed: the cause's name (tharstern/errors.py)
    failure: errors.TharsternError | None = None  # and the failure itself
    message: str = ""
    problems: list[str] = field(default_factory=list)
    schedule: Schedule | None = None

    def no_price(self, reason: str, detail: str | None = None, problems: list[str] | None = None) -> "PriceAnswer":
        self.price = None
        self.reason = reason
        self.message = call_for_price_message(reason, detail)
        self.problems = problems or []
        return self

    def to_dict(self) -> dict[str, Any]:
        dates = self.schedule.to_dict() if self.schedule else {}
        return {
            "price": float(self.price) if self.price is not None else None, "currency": self.currency,
            "source": self.source, "estimate_id": self.estimate_id, "estimate_ref": self.estimate_ref,
            "message": self.message, "reason": self.reason, "cause": self.cause, "problems": self.problems, "quantity": self.quantity,
            "tharstern_price": float(self.tharstern_price) if self.tharstern_price is not None else None,
            "unit_price": self.unit_price, "markup_percent": self.markup_percent,
            "customer_code": self.customer_code.to_dict(),
            "required_date": dates.get("required_date"), "dispatch_date": dates.get("dispatch_date"),
        }


def date_rules(sf: Storefront) -> DateRules:
    b = sf.behaviour
    return DateRules(lead_time_days=b.lead_time_days, cutoff_time=b.cutoff_time, skip_weekends=b.skip_weekends,
                     holidays=b.holidays, dispatch_days_before_delivery=b.dispatch_days_before_delivery)


def estimate_request(link: VariantLink, values: list[AttributeValue], *, quantity: int, customer_code: str,
                     include_shipping: bool, when: Schedule, mapping: MappingRunner) -> dict[str, Any]:
    """The estimate request for one price; raises NodePathError or MappingCodeError."""
    request = copy.deepcopy(link.estimate_template or {})
    mapped = [v for v in values if v.node]
    apply_node_values(request, [(v.node, v.value) for v in values if v.node])
    owned: dict[str, Any] = {"product_type_id": link.product_type_id, "quantity": quantity, "customer_code": customer_code}
    apply_owned_fields(request, **owned, ignore_shipping=not include_shipping, required_date=when.required_date_time())
    if link.mapping_code:
        request = mapping.render(link.mapping_code, {
            "request": request, "sample": link.sample_request or {}, "quantity": quantity,
            "customer_code": customer_code, "attributes": {v.attribute.name: v.name for v in values},
            "nodes": {v.attribute.name: {"node": v.node, "value": v.value} for v in mapped}})
        apply_owned_fields(request, **owned)
        fill_missing(request, IgnoreShipping=not include_shipping, RequiredDateTime=when.required_date_time())
    return request


def markup_for(sf: Storefront, variant: Variant) -> float:
    """The markup on a variant's price: its import's markup for a product imported from
    Tharstern (seed 002: "% increase over price"), else the storefront's ``markup_percent``."""
    session = object_session(variant)
    imported = session.scalar(select(ImportedProduct.markup_percent).where(
        ImportedProduct.product_id == variant.product_id)) if session is not None else None
    return float(imported) if imported is not None else sf.behaviour.markup_percent


def price(rt: Runtime, sf: Storefront, variant: Variant, quantity: int, values: list[AttributeValue],
          customer: Customer | None) -> PriceAnswer:
    behaviour = sf.behaviour
    if not behaviour.handles_pricing:
        raise Conflict(f"Storefront '{sf.key}' does not take prices from Tharstern (handles_pricing is off in the "
                       "behaviour settings); the storefront's own price applies.")
    link = variant.link
    if link is None:
        raise Conflict(f"Variant {variant.id} has no Connect Link, so Tharstern cannot price it; link it first.")
    when = schedule(rt.clock.now(), date_rules(sf))
    answer = PriceAnswer(quantity=quantity, customer_code=resolve(sf, customer), markup_percent=markup_for(sf, variant),
                         schedule=when)
    code = answer.customer_code.code
    if not code:
        return answer.no_price("no_customer_code", answer.customer_code.explanation)
    try:
        if link.priced_by_estimate:
            return _by_estimate(rt, sf, link, values, answer, code, when)
        return _by_price_list(rt, sf, link, answer)
    except errors.TharsternError as error:
        log.info("Pricing variant %s of storefront %s: %s (%s)", variant.id, sf.key, error.problem, error.cause)
        answer.cause, answer.failure = error.cause, error
        return answer.no_price(error.problem, error.message, error.reasons)


def _by_estimate(rt: Runtime, sf: Storefront, link: VariantLink, values: list[AttributeValue],
                 answer: PriceAnswer, customer_code: str, when: Schedule) -> PriceAnswer:
    answer.source = "estimate"
    include_shipping = sf.behaviour.include_shipping
    try:
        request = estimate_request(link, values, quantity=answer.quantity, customer_code=customer_code,
                                   include_shipping=include_shipping, when=when, mapping=rt.mapping)
    except (NodePathError, MappingCodeError) as error:
        return answer.no_price("mapping_error", str(error))
    outcome = rt.clients.for_storefront(sf).create_estimate(request)
    answer.estimate_id, answer.estimate_ref = outcome.estimate_id, outcome.estimate_ref
    tharstern_price = outcome.price if include_shipping else outcome.price_excl_shipping
    if not outcome.success or tharstern_price is None:
        problems = outcome.problems or ["the estimate came back without a price"]
        reason = classify_estimate_problems(problems)
        if reason == "customer_not_found" and answer.customer_code.rule != "storefront_default":
            problems = problems + [answer.customer_code.explanation]
        return answer.no_price(reason, "; ".join(problems), problems)
    answer.currency = outcome.currency or rt.config["PRICE_LIST_CURRENCY"]
    answer.tharstern_price = Decimal(str(tharstern_price))
    answer.price = apply_markup(tharstern_price, answer.markup_percent)
    answer.message = (f"Priced by Tharstern estimate {outcome.estimate_ref or outcome.estimate_id}: "
                      f"{answer.tharstern_price:.2f} {answer.currency}"
                      + (f" plus {answer.markup_percent:g}% markup" if answer.markup_percent else "")
                      + ("" if include_shipping else ", shipping excluded") + ".")
    return answer


def _by_price_list(rt: Runtime, sf: Storefront, link: VariantLink, answer: PriceAnswer) -> PriceAnswer:
    answer.source = "price_list"
    code = (sf.storefront_customer_code or "").strip()
    item = next((i for i in ConnectLinkCatalog(rt, sf).stock_items() if i.id == link.stock_item_id), None)
    if item is None:
        return answer.no_price("stock_item_unavailable", f"Tharstern no longer returns {link.stock_item_code} for {code}")
    if item.unit_price is None:
        return answer.no_price("no_unit_price", item.code)
    answer.unit_price = item.unit_price
    limit = order_quantity_problem(answer.quantity, item.linked_to(code))
    if limit:
        return answer.no_price("quantity_out_of_range", limit)
    answer.currency = rt.config["PRICE_LIST_CURRENCY"]
    answer.tharstern_price = price_list_total(item.unit_price, answer.quantity)
    answer.price = apply_markup(answer.tharstern_price, answer.markup_percent)
    answer.message = (f"Priced from the price list: {answer.quantity} × {item.unit_price:g} {answer.currency}"
                      + (f" plus {answer.markup_percent:g}% markup" if answer.markup_percent else "") + ".")
    return answer
