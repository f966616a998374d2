"""The shop's pages: whom to act as, the products, one product with its live price, the basket,
and "my orders". They read the connector's models and change nothing; the forms on them call the
REST API (see the package's docstring)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import select

from ..errors import ConnectorError, NotFound
from ..models import Customer, Order, Product, Storefront
from ..resources import answers
from ..resources import answers_orders
from ..services import lookup
from ..services.runtime import db
from ..admin.reads import PRICE_SOURCES, RULE_LABELS
from ..admin.reads_feedback import ORDER_STATE_LABELS, ORDER_STATE_STYLE, ORDER_WATCH_KEYS, fingerprint

SHOWN_ORDERS = 30
WATCHED_ORDERS = 5  # the newest orders still waiting for news are followed (one request each)


def _storefronts() -> list[Storefront]:
    return list(db().scalars(select(Storefront).order_by(Storefront.id)))


def _render(template: str, title: str, sf: Storefront | None, shopper: Customer | None = None, *,
            status: int = 200, **context: Any):
    code = answers.customer(sf, shopper)["customer_code"] if sf is not None and shopper is not None else None
    return render_template(f"shop/{template}", title=title, sf=sf, shopper=shopper, code=code, rules=RULE_LABELS,
                           storefronts=_storefronts(), **context), status


def error_page(status: int, title: str, message: str):
    key = (request.view_args or {}).get("sf")
    sf = db().scalar(select(Storefront).where(Storefront.key == key)) if isinstance(key, str) else None
    return _render("error.html", title, sf, status=status, status_code=status, message=message)


def needs_js():
    return _render("needs_js.html", "JavaScript needed", None)


def _shopper(sf: str, cid: int) -> tuple[Storefront, Customer]:
    found = lookup.storefront(db(), sf)
    return found, lookup.owned(db(), Customer, cid, found)


def _linked_products(sf: Storefront) -> list[Product]:
    """The storefront's products with at least one variant a shopper can order (it has a Connect Link)."""
    products = db().scalars(select(Product).where(Product.storefront_id == sf.id).order_by(Product.id))
    return [p for p in products if any(v.link for v in p.variants)]


def home():
    known = _storefronts()
    chosen = next((s for s in known if s.key == "default"), known[0] if known else None)
    if chosen is None:
        return error_page(404, "No storefront", "The connector has no storefront yet, so there is no shop.")
    return redirect(url_for("shop.choose", sf=chosen.key))


def choose(sf: str):
    found = lookup.storefront(db(), sf)
    customers = list(db().scalars(select(Customer).where(Customer.storefront_id == found.id).order_by(Customer.id)))
    people = [answers.customer(found, c) for c in customers]
    return _render("choose.html", f"{found.name}: who is shopping?", found, people=people,
                   auto_link=found.behaviour.use_external_id_as_customer_code)


def products(sf: str, cid: int):
    found, shopper = _shopper(sf, cid)
    return _render("products.html", f"{found.name}: products", found, shopper, products=_linked_products(found))


def product(sf: str, cid: int, pid: int):
    found, shopper = _shopper(sf, cid)
    item = lookup.owned(db(), Product, pid, found)
    variants = [v for v in item.variants if v.link]
    if not variants:
        raise NotFound(f"{item.name} cannot be ordered yet: none of its variants has a Connect Link.")
    return _render("product.html", item.name, found, shopper, product=item, variants=variants,
                   sources=PRICE_SOURCES)


def basket(sf: str, cid: int):
    found, shopper = _shopper(sf, cid)
    return _render("basket.html", "Your basket", found, shopper)


def my_orders(sf: str, cid: int):
    found, shopper = _shopper(sf, cid)
    rows = list(db().scalars(select(Order).where(Order.storefront_id == found.id, Order.customer_id == shopper.id)
                             .order_by(Order.id.desc()).limit(SHOWN_ORDERS)))
    shown = [answers_orders.order(o) for o in rows]
    waiting = [o for o in shown if o["state"] != "failed" and not all(line["tracking_number"] for line in o["lines"])]
    return _render("orders.html", "My orders", found, shopper, orders=shown, labels=ORDER_STATE_LABELS,
                   styles=ORDER_STATE_STYLE, watched=[
                       (url_for("orders.get_order", sf=found.key, oid=o["id"]), fingerprint(o, ORDER_WATCH_KEYS))
                       for o in waiting[:WATCHED_ORDERS]], watch_keys=" ".join(ORDER_WATCH_KEYS))


def my_order(sf: str, cid: int, oid: int):
    found, shopper = _shopper(sf, cid)
    item = lookup.owned(db(), Order, oid, found)
    if item.customer_id != shopper.id:
        raise NotFound(f"{shopper.email} has no order {oid}.")
    shown = answers_orders.order(item)
    return _render("order.html", f"Order {item.reference}", found, shopper, order=shown, labels=ORDER_STATE_LABELS,
                   styles=ORDER_STATE_STYLE, watch_url=url_for("orders.get_order", sf=found.key, oid=item.id),
                   watch_keys=" ".join(ORDER_WATCH_KEYS), watch_print=fingerprint(shown, ORDER_WATCH_KEYS))


def add_routes(blueprint: Blueprint) -> None:
    @blueprint.errorhandler(ConnectorError)
    def on_connector_error(error: ConnectorError):
        return error_page(error.status, "Not found" if error.status == 404 else "Cannot show this page", error.message)

    blueprint.add_url_rule("/", "home", home)
    blueprint.add_url_rule("/<sf>/", "choose", choose)
    blueprint.add_url_rule("/<sf>/as/<int:cid>/", "products", products)
    blueprint.add_url_rule("/<sf>/as/<int:cid>/products/<int:pid>", "product", product)
    blueprint.add_url_rule("/<sf>/as/<int:cid>/basket", "basket", basket)
    blueprint.add_url_rule("/<sf>/as/<int:cid>/orders", "orders", my_orders)
    blueprint.add_url_rule("/<sf>/as/<int:cid>/orders/<int:oid>", "order", my_order)
