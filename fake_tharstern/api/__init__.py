"""The faked Tharstern API: one flask-smorest blueprint per resource, mounted under
``<base path>/api``. Routes stay thin: parse the request, call the backend method of the same
name, wrap the result in the Tharstern envelope."""
from __future__ import annotations

from flask_smorest import Api

from . import auth, customers, estimates, job_calls, orders, products, webhooks

BLUEPRINTS = (auth.blp, customers.blp, products.blp, estimates.blp, orders.blp, job_calls.blp, webhooks.blp)


def register(api: Api, base_path: str) -> None:
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint, url_prefix=f"{base_path}/api")
