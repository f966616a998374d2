"""The REST contract of DESIGN.md §4 as flask-smorest blueprints, one per area."""
from __future__ import annotations

from flask_smorest import Api

from tharstern_kit.openapi_rules import SchemaRules

from . import catalog, connect_link, control, customers, doc_rules, imports, orders, pricing, storefronts, webhooks

BLUEPRINTS = (storefronts.blp, catalog.blp, connect_link.blp, customers.blp, pricing.blp, orders.blp,
              webhooks.blp, webhooks.receiver, imports.blp)


def spec_plugins() -> list:
    """apispec plugins the ``Api`` is built with (``doc_rules``: the document says what validation does)."""
    return [SchemaRules()]


def register(api: Api, *, test_controls: bool) -> None:
    doc_rules.install(api)
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    if test_controls:
        api.register_blueprint(control.blp)
