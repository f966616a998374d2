"""Rendering for the admin pages: the pathway's steps as navigation, the storefront picker,
template filters, and HTML error pages (a page never answers with JSON or a bare 500 because of
what a visitor typed into the address bar)."""
from __future__ import annotations

import json
import re
from typing import Any

from flask import Blueprint, g, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.exceptions import HTTPException

from ..errors import ConnectorError
from ..models import Storefront
from ..services import lookup
from ..services.runtime import db
from ..tharstern.errors import TharsternError
from ..tharstern.factory import ConnectionIncomplete

# The pathway, in its order: (step number, label, endpoint). Sub-pages name their step's endpoint.
STEPS = (
    (0, "Start", "admin.start"),
    (1, "Connection", "admin.connection"),
    (2, "Behaviours", "admin.behaviour"),
    (3, "Product mapping", "admin.products"),
    (4, "Attribute mapping", "admin.attributes"),
    (5, "Customer codes", "admin.customers"),
    (6, "Webhooks", "admin.webhooks"),
    (7, "Orders", "admin.orders"),
)


def storefront(key: str) -> Storefront:
    """The storefront of the page, or a 404 page."""
    return lookup.storefront(db(), key)


def storefronts() -> list[Storefront]:
    """Every storefront, ``default`` first, then in the order they were made."""
    found = list(db().scalars(select(Storefront).order_by(Storefront.id)))
    return sorted(found, key=lambda sf: sf.key != "default")


def render(template: str, title: str, sf: Storefront | None = None, *, step: str | None = None, status: int = 200,
           **context: Any):
    return render_template(f"admin/{template}", title=title, sf=sf, steps=STEPS, step=step or request.endpoint,
                           storefronts=storefronts(), **context), status


def error_page(status: int, title: str, message: str, errors: dict | None = None):
    sf = None
    key = (request.view_args or {}).get("sf")
    if isinstance(key, str):
        sf = db().scalar(select(Storefront).where(Storefront.key == key))
    return render("error.html", title, sf, status=status, status_code=status, message=message, errors=errors or {})


def tharstern_problem(error: Exception) -> str:
    """What a page says when it could not read from Tharstern (it still renders)."""
    if isinstance(error, ConnectionIncomplete):
        return (f"The connection settings are incomplete ({', '.join(error.missing)}), so Tharstern cannot be asked. "
                "Fill them in on the Connection page.")
    if isinstance(error, TharsternError):
        return (f"Tharstern could not be asked ({error.problem}, {error.cause}): {error.message} Run Check Connection "
                "on the Connection page.")
    return str(error)


def register_errors(blueprint: Blueprint) -> None:
    @blueprint.errorhandler(ConnectorError)
    def on_connector_error(error: ConnectorError):
        return error_page(error.status, "Not found" if error.status == 404 else "Cannot show this page",
                          error.message, error.errors)

    @blueprint.errorhandler(ConnectionIncomplete)
    @blueprint.errorhandler(TharsternError)
    def on_tharstern(error: Exception):
        return error_page(502, "Tharstern unavailable", tharstern_problem(error))

    @blueprint.errorhandler(HTTPException)
    def on_http(error: HTTPException):
        return error_page(error.code or 500, error.name, error.description or error.name)

    def unknown_page(anything: str):
        return error_page(404, "Not found", f"The admin pages have no page '{anything}'.")

    def needs_js():
        return render("needs_js.html", "JavaScript needed")

    def home():
        """``/admin/``, or ``/admin/?sf=key`` from the storefront picker."""
        key = request.args.get("sf", "")
        known = storefronts()
        chosen = next((sf for sf in known if sf.key == key), None) or (known[0] if known else None)
        if chosen is None:
            return error_page(404, "No storefront", "The connector has no storefront yet (POST /api/storefronts).")
        return redirect(url_for("admin.start", sf=chosen.key))

    blueprint.add_url_rule("/", "home", home)
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
        return f"{value:,.2f}"

    @blueprint.app_template_filter("when")
    def when(value: Any) -> str:
        """ISO-8601 UTC (``2026-01-01T10:00:00Z``) -> ``2026-01-01 10:00:00``."""
        if not value:
            return "—"
        return str(value).replace("T", " ").removesuffix("Z")

    @blueprint.app_template_filter("scalar")
    def scalar(value: Any) -> str:
        """A node value as the admin types it: numbers and true/false bare, text as typed, or
        in quotes when it would otherwise read as a number or true/false."""
        if value is None:
            return ""
        if isinstance(value, str):
            try:
                json.loads(value)
            except ValueError:
                return value
            return json.dumps(value)
        return json.dumps(value)

    @blueprint.app_template_filter("choices")
    def choices(items: Any, label: str = "name", key: str = "id") -> list[tuple[Any, Any]]:
        """Dictionaries -> (value, label) options of a select or checklist."""
        return [(item[key], item[label]) for item in items]

    @blueprint.app_template_global("field_id")
    def field_id(name: str) -> str:
        """An id unique within the page being rendered, for a label's ``for``."""
        count = g.get("admin_fields", 0) + 1
        g.admin_fields = count
        return f"f{count}-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)
