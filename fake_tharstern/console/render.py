"""Rendering for the console: the navigation, template filters, and HTML error pages (a page
never answers with JSON or a bare 500 because of what a visitor typed into the address bar)."""
from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, current_app, g, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from ..backend.errors import Conflict, ModelStateError, NotFound

NAV = (
    ("Overview", "console.overview"),
    ("Customers", "console.customers"),
    ("Stock items", "console.stock_items"),
    ("Product types", "console.product_types"),
    ("Estimates", "console.estimates"),
    ("Orders", "console.orders"),
    ("Jobs", "console.jobs"),
    ("Webhooks", "console.webhooks"),
    ("Allowlist", "console.allowlist"),
    ("Faults", "console.faults"),
    ("Stubs", "console.stubs"),
    ("Quirks", "console.quirks"),
    ("Clock", "console.clock"),
    ("Journal", "console.journal"),
    ("Coverage", "console.coverage"),
)


def fake():
    return current_app.extensions["fake_tharstern"]


def render(template: str, title: str, status: int = 200, **context: Any):
    return render_template(f"console/{template}", title=title, nav=NAV, **context), status


def error_page(status: int, title: str, message: str, errors: dict | None = None):
    return render("error.html", title, status, status_code=status, message=message, errors=errors or {})


def register_errors(blueprint: Blueprint) -> None:
    @blueprint.errorhandler(NotFound)
    def on_not_found(error: NotFound):
        return error_page(404, "Not found", str(error))

    @blueprint.errorhandler(Conflict)
    def on_conflict(error: Conflict):
        return error_page(409, "Conflict", str(error))

    @blueprint.errorhandler(ModelStateError)
    def on_model_state(error: ModelStateError):
        return error_page(400, "Bad request", "The request is invalid.", error.errors)

    @blueprint.errorhandler(HTTPException)
    def on_http(error: HTTPException):
        return error_page(error.code or 500, error.name, error.description or error.name)

    def unknown_page(anything: str):
        return error_page(404, "Not found", f"The console has no page '{anything}'.")

    def needs_js():
        return render("needs_js.html", "JavaScript needed")

    blueprint.add_url_rule("/<path:anything>", "unknown_page", unknown_page)
    blueprint.add_url_rule("/needs-javascript", "needs_js", needs_js)


def register_template_helpers(blueprint: Blueprint) -> None:
    @blueprint.app_template_filter("num")
    def num(value: Any) -> str:
        """12 -> "12", 0.0600 -> "0.06", None -> ""."""
        if value is None or isinstance(value, bool):
            return "" if value is None else str(value).lower()
        if isinstance(value, float):
            if value.is_integer() and abs(value) < 1e15:
                return str(int(value))
            return f"{value:.6f}".rstrip("0").rstrip(".")
        return str(value)

    @blueprint.app_template_filter("money")
    def money(value: Any) -> str:
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            return "—"
        symbol = dict(fake().settings.currency).get("Symbol", "")
        return f"{symbol}{value:,.2f}"

    @blueprint.app_template_filter("when")
    def when(value: Any) -> str:
        """ISO-8601 UTC (``2026-01-01T10:00:00.000Z``) -> ``2026-01-01 10:00:00``."""
        if not value:
            return "—"
        text = str(value)
        return text.replace("T", " ").removesuffix("Z")

    @blueprint.app_template_global("page_url")
    def page_url(number: int) -> str:
        """This page's URL with the same filters and another page number."""
        view_args = request.view_args or {}
        args = {k: v for k, v in request.args.items() if not k.startswith("_") and k not in view_args}
        return url_for(request.endpoint, **view_args, **{**args, "page": number})

    @blueprint.app_template_filter("time_of_day")
    def time_of_day(value: Any) -> str:
        """``2026-01-01T10:00:00.123Z`` -> ``10:00:00.123`` (the day is in the row already)."""
        text = str(value or "")
        return text.partition("T")[2].removesuffix("Z") or "—"

    @blueprint.app_template_global("field_id")
    def field_id(name: str) -> str:
        """An id unique within the page being rendered, for a label's ``for``."""
        count = g.get("console_fields", 0) + 1
        g.console_fields = count
        return f"f{count}-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)
