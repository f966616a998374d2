"""The control plane ``/_fake/...``: what a test (or a trainer) does to the fake that is not part
of Tharstern's API. JSON in, JSON out; errors are ``{code, status, message, errors}``."""
from __future__ import annotations

from flask_smorest import Api

from . import jobs, observe, snapshots, stubs, switches, webhooks, world

BLUEPRINTS = (world.blp, switches.blp, observe.blp, jobs.blp, webhooks.blp, snapshots.blp, stubs.blp)


def register(api: Api) -> None:
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint, url_prefix="/_fake")
