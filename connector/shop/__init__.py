"""The shop at ``/shop/<sf>/``: the storefront as a customer sees it, for a class to watch the
pathway from the shopper's side.

Choose whom to act as (a customer of the storefront, or a new one by e-mail), browse the products
whose variants have a Connect Link, price a quantity and options live, fill a basket, check out,
and follow "my orders" as Tharstern's webhooks bring job status and tracking. Pages are
server-rendered and read only; every action goes through the connector's own REST API
(``/api/storefronts/<sf>/customers``, ``/prices``, ``/orders``) with the page kit's script, as
the admin pages do. Whom you act as is part of the URL (``/shop/<sf>/as/<cid>/...``); the basket
is kept in the browser (``shop.js``) until checkout sends it as one order.
"""
from __future__ import annotations

from flask import Flask

from tharstern_kit.pages import PageBlueprint
from tharstern_kit.pages.render import register_page_routes

from . import pages


def register(app: Flask, url_prefix: str = "/shop") -> None:
    blueprint = PageBlueprint("shop", __name__, url_prefix)
    pages.add_routes(blueprint)
    register_page_routes(blueprint, pages.error_page, pages.needs_js, "The shop has no page '{page}'.")
    app.register_blueprint(blueprint)
