"""Admin pages: step 7 orders — the storefront's orders with their state (held, in the outbox,
sent, refused) and each line's Tharstern order and job, a form to place a test order as a
storefront customer — and one order's page (lines with job status history and tracking, the
outbox submissions, approving and moving the workflow status). Both watch the REST route of
what they show and refresh when it changes (a webhook arrived, the outbox sent)."""
from __future__ import annotations

from flask import Blueprint, request, url_for
from sqlalchemy import select

from tharstern_kit.pages.queries import read_query

from ..models import Customer, Order, Product, Variant
from ..models.orders import ORDER_STATES
from ..resources import answers, answers_orders
from ..services import lookup
from ..services.runtime import db
from . import reads, reads_feedback
from .queries import OrdersFilter
from .render import render, storefront

SHOWN = 50


def _choices(sf_id: int) -> dict:
    session = db()
    customers = [(c.id, f"{c.name or c.email} <{c.email}>") for c in
                 session.scalars(select(Customer).where(Customer.storefront_id == sf_id).order_by(Customer.id))]
    products = list(session.scalars(select(Product).where(Product.storefront_id == sf_id).order_by(Product.id)))
    variants = [(v.id, f"{p.name} — {v.name}" + ("" if v.link else " (no Connect Link)"))
                for p in products for v in sorted(p.variants, key=lambda v: v.id)]
    values = [(v.id, f"{p.name} · {a.name}: {v.name}") for p in products
              for a in sorted(p.attributes, key=lambda a: a.id) for v in sorted(a.values, key=lambda v: v.id)]
    return {"customer_choices": [("", "no customer (the storefront code)")] + customers,
            "variant_choices": variants, "value_choices": values}


def orders(sf: str):
    found = storefront(sf)
    args, errors = read_query(OrdersFilter(), request.args)
    query = select(Order).where(Order.storefront_id == found.id)
    if args.get("state"):
        query = query.where(Order.state == args["state"])
    rows = list(db().scalars(query.order_by(Order.id.desc()).limit(SHOWN)))
    shown = [{**answers_orders.order(o), "customer_name": o.customer_name, "customer_email": o.customer_email}
             for o in rows]
    watch_url = url_for("orders.list_orders", sf=found.key, limit=SHOWN, **({"state": args["state"]} if "state" in args else {}))
    summaries = [answers_orders.order_summary(o) for o in rows]
    return render("orders.html", "7 · Orders", found, orders=shown, args=args, errors=errors,
                  states=[("", "every state")] + [(s, reads_feedback.ORDER_STATE_LABELS[s]) for s in ORDER_STATES],
                  labels=reads_feedback.ORDER_STATE_LABELS, styles=reads_feedback.ORDER_STATE_STYLE,
                  rules=reads.RULE_LABELS, behaviour=found.behaviour.to_dict(), watch_url=watch_url,
                  watch_keys=" ".join(reads_feedback.LIST_WATCH_KEYS),
                  watch_print=reads_feedback.fingerprint(summaries, reads_feedback.LIST_WATCH_KEYS), **_choices(found.id))


def order(sf: str, oid: int):
    found = storefront(sf)
    item = lookup.owned(db(), Order, oid, found)
    shown = answers_orders.order(item)
    person = db().get(Customer, item.customer_id) if item.customer_id is not None else None
    customer = answers.customer(found, person) if person is not None else None
    variants = {v.id: v for v in db().scalars(select(Variant).where(Variant.id.in_(
        [line["variant_id"] for line in shown["lines"] if line["variant_id"]])))}
    return render("order.html", f"Order {item.reference}", found, step="admin.orders", order=shown, customer=customer,
                  customer_name=item.customer_name, customer_email=item.customer_email, variants=variants,
                  labels=reads_feedback.ORDER_STATE_LABELS, styles=reads_feedback.ORDER_STATE_STYLE,
                  submission_styles=reads_feedback.SUBMISSION_STYLE, rules=reads.RULE_LABELS,
                  watch_url=url_for("orders.get_order", sf=found.key, oid=item.id),
                  watch_keys=" ".join(reads_feedback.ORDER_WATCH_KEYS),
                  watch_print=reads_feedback.fingerprint(shown, reads_feedback.ORDER_WATCH_KEYS))


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/<sf>/orders", "orders", orders)
    blueprint.add_url_rule("/<sf>/orders/<int:oid>", "order", order)
