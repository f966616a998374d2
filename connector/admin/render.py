"""Rendering for the admin pages: the pathway's steps as navigation, the storefront picker, the
``money`` filter, and HTML error pages for the connector's errors (the page kit's ``render`` has
the rest)."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy import select

from tharstern_kit.pages.render import register_page_routes

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

    def home():
        """``/admin/``, or ``/admin/?sf=key`` from the storefront picker."""
        key = request.args.get("sf", "")
        known = storefronts()
        chosen = next((sf for sf in known if sf.key == key), None) or (known[0] if known else None)
        if chosen is None:
            return error_page(404, "No storefront", "The connector has no storefront yet (POST /api/storefronts).")
        return redirect(url_for("admin.start", sf=chosen.key))

    blueprint.add_url_rule("/", "home", home)
    register_page_routes(blueprint, error_page, lambda: render("needs_js.html", "JavaScript needed"),
                         "The admin pages have no page '{page}'.")
