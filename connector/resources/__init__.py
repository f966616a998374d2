"""The REST contract of DESIGN.md §4 as flask-smorest blueprints, one per area."""
from __future__ import annotations

from flask_smorest import Api

from . import catalog, connect_link, control, customers, imports, orders, pricing, storefronts, webhooks

BLUEPRINTS = (storefronts.blp, catalog.blp, connect_link.blp, customers.blp, pricing.blp, orders.blp,
              webhooks.blp, webhooks.receiver, imports.blp)


def register(api: Api, *, test_controls: bool) -> None:
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    if test_controls:
        api.register_blueprint(control.blp)
