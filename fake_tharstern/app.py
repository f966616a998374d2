"""``create_app(config=None)``: the fake Tharstern as a WSGI app. Nothing runs on import."""
from __future__ import annotations

import functools
from typing import Any, Callable, Mapping

from flask import Flask, redirect, request
from werkzeug.http import http_date

from tharstern_kit.openapi import serve_swagger_ui
from tharstern_kit.openapi_rules import SchemaRules, exact_nullable_nested
from tharstern_kit.request_guard import RequestGuard, under
from tharstern_kit.request_guard_doc import GuardDocPlugin
from tharstern_kit.request_guard_flask import allow_on_405, has_route

from . import api as tharstern_api
from . import console, control
from .api.errors import FakeApi, is_api_path, register_error_handlers, require_token
from .api.stubbed import register_stubs
from .backend import FakeTharstern, Settings
from .backend.controls.allowlist import Allowlist
from .backend.errors import ModelStateError
from .backend.webhooks import WebhookPolicy
from .backend.snapshots.statefile import StateFile
from .config import DefaultConfig
from .fixtures.files import FixtureFile, is_fixture_file, load_fixture_file
from .gate import Gate
from .guard_areas import fake_areas
from .tenants import TenantRegistry, TenantRouter, current_backend
from .tenants import control as tenants_control

PUBLIC_ENDPOINTS = {"authentication.generate_api_token"}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.from_object(DefaultConfig)
    app.config.from_prefixed_env("FAKE_THARSTERN")
    app.config.update(config or {})
    base_path = "/" + app.config["BASE_PATH"].strip("/")
    app.config["API_PREFIX"] = f"{base_path}/api/"
    app.config["API_PREFIX_LOWER"] = app.config["API_PREFIX"].lower()

    backend = start_backend(app.config)
    app.extensions["fake_tharstern"] = backend

    guard_doc = GuardDocPlugin(lambda path: not under(base_path)(path), {"$ref": "#/components/schemas/Error"})
    api = FakeApi(app, spec_kwargs={"info": {"description": DESCRIPTION}, "extra_plugins": [guard_doc, SchemaRules()]})
    api.ma_plugin.converter.add_attribute_function(exact_nullable_nested)
    api.spec.components.security_scheme(
        "TharsternToken", {"type": "http", "scheme": "basic",
                           "description": "Basic auth whose username is the token from generateapitoken"})
    tharstern_api.register(api, base_path)
    control.register(api)
    api.register_blueprint(tenants_control.blp, url_prefix="/_fake")
    console.register(app)
    register_error_handlers(app)
    require_token(app, PUBLIC_ENDPOINTS)
    register_stubs(app, PUBLIC_ENDPOINTS)
    _register_coverage(app)
    _register_static(app)
    allow_on_405(app)

    guarded = RequestGuard(app.wsgi_app, fake_areas(base_path), allowed_hosts=app.config["ALLOWED_HOSTS"],
                           max_body=app.config["MAX_CONTENT_LENGTH"], routes=has_route(app))
    app.wsgi_app = Gate(guarded,  # type: ignore[method-assign]  # Flask's documented way to add middleware
                        backend, base_path=base_path, trust_proxy=app.config["TRUST_PROXY"],
                        body_bytes=app.config["JOURNAL_BODY_BYTES"], max_body=app.config["MAX_CONTENT_LENGTH"],
                        control_token=app.config["CONTROL_TOKEN"])
    app.extensions[tenants_control.REGISTRY_KEY] = registry = TenantRegistry(
        backend, tenant_backends(app.config),
        max_tenants=int(app.config["MAX_TENANTS"]), idle_s=float(app.config["TENANT_IDLE_S"]))
    app.wsgi_app = TenantRouter(app.wsgi_app, registry,  # type: ignore[method-assign]
                                control_token=app.config["CONTROL_TOKEN"])
    return app


def start_backend(config: Mapping[str, Any]) -> FakeTharstern:
    """The backend in its start state: the fixture (a name or a file), then the state file if
    one is configured and exists. A fixture file's problems raise ``FixtureFileError`` (with
    file and line); a bad state file raises ``StateFileError``; nothing is half-loaded."""
    fixture_file = load_fixture_file(config["FIXTURE"]) if is_fixture_file(config["FIXTURE"]) else None
    try:
        backend = FakeTharstern(settings_from(config, fixture_file))
    except ModelStateError as error:
        if fixture_file is None:
            raise
        raise fixture_file.problems(error.errors) from None
    if config.get("STATE_FILE"):
        try:
            StateFile(backend, str(config["STATE_FILE"])).start()
        except BaseException:
            backend.close()
            raise
    return backend


def tenant_backends(config: Mapping[str, Any]) -> Callable[[], FakeTharstern]:
    """How a named tenant's backend is made: the default one's settings and start fixture (a
    fixture file is read once, on the first tenant), never the state file (the default tenant's)."""
    @functools.cache
    def fixture_file() -> FixtureFile | None:
        return load_fixture_file(config["FIXTURE"]) if is_fixture_file(config["FIXTURE"]) else None

    return lambda: FakeTharstern(settings_from(config, fixture_file()))


def settings_from(config: Mapping[str, Any], fixture_file: FixtureFile | None = None) -> Settings:
    allowlist = Allowlist.parse({"ips": list(config["ALLOWLIST"]), "mode": config["ALLOWLIST_MODE"],
                                 "hang_s": config["HANG_S"]})
    return Settings(
        fixture=str(config["FIXTURE"]),
        fixture_file=fixture_file,
        seed=int(config["SEED"]),
        token_ttl_s=float(config["TOKEN_TTL_S"]),
        journal_size=int(config["JOURNAL_SIZE"]),
        allowlist=allowlist,
        unsupported_work_types=tuple(config["UNSUPPORTED_WORK_TYPES"]),
        currency=tuple(dict(config["CURRENCY"]).items()),
        api_version=str(config["THARSTERN_API_VERSION"]),
        webhook_policy=webhook_policy(config),
        webhook_log_size=int(config["WEBHOOK_LOG_SIZE"]),
    )


def webhook_policy(config: Mapping[str, Any]) -> WebhookPolicy:
    """The ``WEBHOOK_*`` settings as a retry policy; a bad value stops the app from starting."""
    keys = {"max_attempts": "WEBHOOK_MAX_ATTEMPTS", "timeout_s": "WEBHOOK_TIMEOUT_S",
            "backoff_base_s": "WEBHOOK_BACKOFF_BASE_S", "backoff_cap_s": "WEBHOOK_BACKOFF_CAP_S",
            "retry_after_max_s": "WEBHOOK_RETRY_AFTER_MAX_S", "schedule_s": "WEBHOOK_SCHEDULE"}
    try:
        return WebhookPolicy().changed({name: config[key] for name, key in keys.items()})
    except ModelStateError as error:
        problems = "; ".join(f"{keys.get(k, k)} {' '.join(v)}" for k, v in error.errors.items())
        raise ValueError(f"invalid webhook configuration: {problems}") from None


def _register_coverage(app: Flask) -> None:
    prefix = app.config["API_PREFIX"]

    @app.after_request
    def count_operation(response):
        rule = request.url_rule
        if rule is not None and is_api_path(app):
            current_backend().coverage.hit("operations", f"{request.method} {rule.rule[len(prefix):]}")
        return response

    @app.after_request
    def date_by_the_fake_clock(response):
        # the Date header is Tharstern's clock, as the real server's is: a moved clock (/_fake/clock)
        # moves it too, so a client reading token lifetimes against it sees the fake's own time
        response.headers["Date"] = http_date(current_backend().clock.time())
        return response


def _register_static(app: Flask) -> None:
    serve_swagger_ui(app)

    @app.route("/")
    def index():
        return redirect("/docs")


DESCRIPTION = """A stateful fake of the Tharstern print-MIS REST API (under the base path, Tharstern's
shapes: the Status/Enums/Details envelope, ModelState errors, Basic auth with the token as user
name) and its control plane for tests under /_fake (plain JSON). Everything the fake invents is
marked [fake]; docs/fake-vs-real.md lists every difference from the real API."""
