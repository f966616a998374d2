"""Admin pages: the start page (where the storefront stands on each step), step 1 Connect
settings with Check Connection, and step 2 Behaviours."""
from __future__ import annotations

from flask import Blueprint
from sqlalchemy import func, select

from ..domain.behaviour import ORDER_GROUPINGS, SEND_PRICE_CHOICES, STOCK_ITEM_TYPES
from ..models import Customer, Department, Order, Product, WebhookEvent, WebhookRefusal, WebhookSubscription
from ..resources import answers
from ..services.runtime import db, runtime
from ..tharstern.urls import host_and_port
from . import reads, reads_feedback
from .render import render, storefront

# Infigo's outgoing addresses, which a locked-down Tharstern must allow (reference §1.2).
INFIGO_OUTGOING_IPS = ("35.177.47.232", "3.9.143.80")


def _owned(model, sf_id: int):
    return list(db().scalars(select(model).where(model.storefront_id == sf_id).order_by(model.id)))


def _subscription(sf_id: int) -> WebhookSubscription | None:
    return db().scalar(select(WebhookSubscription).where(WebhookSubscription.storefront_id == sf_id))


def _count(model, sf_id: int) -> int:
    return db().scalar(select(func.count()).select_from(model).where(model.storefront_id == sf_id)) or 0


def start(sf: str):
    found = storefront(sf)
    steps = reads.pathway(found, _owned(Product, found.id), _owned(Department, found.id), _owned(Customer, found.id),
                          runtime().checks.get(found.id))
    steps += [reads_feedback.webhook_step(found, _subscription(found.id), _count(WebhookEvent, found.id),
                                          _count(WebhookRefusal, found.id)),
              reads_feedback.orders_step(_owned(Order, found.id))]
    return render("start.html", f"{found.name}: Connect:Tharstern", found, pathway=steps,
                  state_labels=reads.STATE_LABELS)


def connection(sf: str):
    found = storefront(sf)
    host, port = host_and_port(found.api_url or "")
    return render("connection.html", "1 · Connect settings and Check Connection", found,
                  connection=answers.connection(found), host=host, port=port, infigo_ips=INFIGO_OUTGOING_IPS)


def behaviour(sf: str):
    found = storefront(sf)
    current = found.behaviour.to_dict()
    known, other = reads.split_type_filter(current["product_type_filter"])
    return render("behaviour.html", "2 · Behaviours", found, b=current, types=STOCK_ITEM_TYPES, types_ticked=known,
                  types_other=other, send_price=[(k, reads.SEND_PRICE_LABELS[k]) for k in SEND_PRICE_CHOICES],
                  groupings=[(k, GROUPING_LABELS[k]) for k in ORDER_GROUPINGS])


GROUPING_LABELS = {"per_order": "one Tharstern order per storefront order",
                   "per_item": "one Tharstern order per order line"}


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/<sf>/", "start", start)
    blueprint.add_url_rule("/<sf>/connection", "connection", connection)
    blueprint.add_url_rule("/<sf>/behaviour", "behaviour", behaviour)
