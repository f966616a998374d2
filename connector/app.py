"""``create_app(config=None)``: the connector as a WSGI app. Nothing runs on import."""
from __future__ import annotations

import os
from typing import Any, Mapping

from flask import Flask, redirect

from tharstern_kit.openapi import LazyDocApi, serve_swagger_ui
from tharstern_kit.request_guard import RequestGuard
from tharstern_kit.request_guard_doc import GuardDocPlugin
from tharstern_kit.request_guard_flask import allow_on_405, has_route

from . import admin, resources, shop
from .api_guard import ApiTokenGuard
from .config import DefaultConfig
from .control_guard import ControlGuard
from .errors import register_error_handlers
from .guard_areas import connector_areas
from .password_box import password_box
from .services.runtime import Runtime, close_db
from .store import Store, seal_plain_passwords

DESCRIPTION = """The storefront side of Connect:Tharstern, as Infigo's plugin does it: connection
settings and Check Connection, behaviour settings, the Connect Link list and its diagnosis,
variant and attribute mapping, customer codes, live pricing, orders sent to Tharstern through a
durable outbox, job status and tracking from Tharstern's webhooks (and reconcile), and
Pressero-style product import with price and stock sync. Everything is under
/api/storefronts/{sf}; the storefront `default` always exists. Errors have the shape
{code, status, message, errors}; bad input is a 4xx naming the field; Tharstern failures are 502
(504 on timeout) with errors.tharstern."""


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(DefaultConfig)
    app.config.from_prefixed_env("CONNECTOR")
    app.config.update(config or {})
    app.config["TEST_CONTROLS"] = _truthy(app.config["TEST_CONTROLS"])

    store = Store(_database_url(app))
    store.prepare_schema()
    passwords = password_box(app.config.get("SECRET_KEY"), app.config.get("SECRET_KEY_FILE"), app.instance_path,
                             temporary_database=store.temporary_dir is not None)
    if sealed := seal_plain_passwords(store, passwords):
        app.logger.info("Sealed %d password(s) and webhook secret(s) an older connector stored in plain text", sealed)
    app.extensions["connector"] = Runtime.build(app.config, store, passwords)
    app.teardown_appcontext(close_db)

    guard_doc = GuardDocPlugin(lambda path: True, {"$ref": "#/components/schemas/Error"})
    api = LazyDocApi(app, spec_kwargs={"info": {"description": DESCRIPTION},
                                       "extra_plugins": [*resources.spec_plugins(), guard_doc]})
    resources.register(api, test_controls=app.config["TEST_CONTROLS"])
    register_error_handlers(app)
    admin.register(app)
    shop.register(app)
    _register_static(app)
    allow_on_405(app)

    if app.config["TEST_CONTROLS"]:
        app.wsgi_app = ControlGuard(  # type: ignore[method-assign]  # Flask's documented way to add middleware
            app.wsgi_app, _text_or_none(app.config.get("CONTROL_TOKEN")))
    app.wsgi_app = ApiTokenGuard(  # type: ignore[method-assign]
        app.wsgi_app, _text_or_none(app.config.get("API_TOKEN")))
    app.wsgi_app = RequestGuard(  # type: ignore[method-assign]
        app.wsgi_app, connector_areas(), allowed_hosts=app.config["ALLOWED_HOSTS"],
        max_body=app.config["MAX_CONTENT_LENGTH"], routes=has_route(app))

    with store.first_start():  # processes starting at once on an empty shared database fill it once
        if store.is_empty():
            app.extensions["connector"].reset(app.config["FIXTURE"])
    app.extensions["connector"].outbox.resume()  # a restart sends what a stopped process left unsent
    app.extensions["connector"].imports.recover()  # imports a stopped process left running can be resumed
    return app


def close_app(app: Flask) -> None:
    """Stop the app's background work (the outbox and import threads). Tests and servers call it at the end."""
    app.extensions["connector"].close()


def _database_url(app: Flask) -> str:
    if app.config.get("DATABASE_URL"):
        return str(app.config["DATABASE_URL"])
    os.makedirs(app.instance_path, exist_ok=True)
    return "sqlite:///" + os.path.join(app.instance_path, "connector.sqlite")


def _text_or_none(value: Any) -> str | None:
    """A setting read as JSON from the environment may be a number (CONNECTOR_CONTROL_TOKEN=1234)."""
    return None if value is None or value == "" else str(value)


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _register_static(app: Flask) -> None:
    serve_swagger_ui(app)

    @app.route("/")
    def index():
        """People opening the connector's address land on the admin pages (the API docs are at /docs)."""
        return redirect("/admin/")


__all__ = ["create_app", "close_app"]
