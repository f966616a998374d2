"""Rendering for the console: the navigation, the ``money`` filter, and HTML error pages for the
backend's errors (the page kit's ``render`` has the rest)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from tharstern_kit.pages.render import register_page_routes
from tharstern_kit.pages.render import register_template_helpers as register_kit_helpers

from ..backend.errors import Conflict, ModelStateError, NotFound
from ..tenants.current import current_backend

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
    ("Tenants", "console.tenants"),
)


def fake():
    return current_backend()


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

    register_page_routes(blueprint, error_page, lambda: render("needs_js.html", "JavaScript needed"),
                         "The console has no page '{page}'.")


def register_template_helpers(blueprint: Blueprint) -> None:
    """The page kit's filters; ``money`` shows the fake's currency symbol."""
    register_kit_helpers(blueprint, currency_symbol=lambda: dict(fake().settings.currency).get("Symbol", ""))
