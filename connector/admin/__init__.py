"""The connector's admin pages at ``/admin``: the Connect:Tharstern pathway in a browser.

One page per step of the pathway, in its order (start page, connection and Check Connection,
behaviours, product mapping, attribute mapping, customer codes, webhooks, orders), per storefront
(``/admin/<sf>/...``). Server-rendered Jinja2 pages (plain Flask, outside the OpenAPI document)
that read the connector's models and services and change nothing. Every change goes through the
connector's own REST routes: an action is a ``<form data-endpoint=... data-method=...>`` whose
fields ``admin.js`` sends as JSON to that ``/api/storefronts/<sf>/...`` route — the route
scenarios call — and whose answer's ``errors`` it shows next to the fields they name. Searches
and diagnoses are plain GET forms validated on the server (``queries.py``). The CSS and the
script are files of this package: no CDN, no web fonts, so it works offline. Pages that show
news from Tharstern (webhooks, orders) watch the REST route they render (``data-watch``) and
reload when it changes, unless a form on them was edited.
"""
from __future__ import annotations

from flask import Flask

from tharstern_kit.pages import PageBlueprint
from tharstern_kit.pages.render import register_template_helpers

from . import pages_catalog, pages_customers, pages_import, pages_orders, pages_setup, pages_webhooks
from .render import register_errors

MODULES = (pages_setup, pages_catalog, pages_customers, pages_webhooks, pages_orders, pages_import)


def register(app: Flask, url_prefix: str = "/admin") -> None:
    blueprint = PageBlueprint("admin", __name__, url_prefix)
    for module in MODULES:
        module.add_routes(blueprint)
    register_errors(blueprint)
    register_template_helpers(blueprint)
    app.register_blueprint(blueprint)
