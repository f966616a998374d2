"""The page kit's rendering helpers: template filters both sets of pages use, and the routes every
set of pages has — a page for forms sent without JavaScript, an HTML 404 for unknown pages, and
HTML error pages for HTTP errors (a page never answers with JSON or a bare 500 because of what a
visitor typed into the address bar)."""
from __future__ import annotations

import json
import re
from typing import Any, Callable

from flask import Blueprint, g, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

ErrorPage = Callable[[int, str, str], ResponseReturnValue]


def register_page_routes(blueprint: Blueprint, error_page: ErrorPage,
                         needs_js_page: Callable[[], ResponseReturnValue], unknown_page_message: str) -> None:
    """``/needs-javascript``, ``/<anything else>`` (a 404 saying ``unknown_page_message`` with
    ``{page}`` filled in) and HTTP errors, all rendered by the server's own ``error_page``."""
    @blueprint.errorhandler(HTTPException)
    def on_http(error: HTTPException) -> ResponseReturnValue:
        return error_page(error.code or 500, error.name, error.description or error.name)

    def unknown_page(anything: str) -> ResponseReturnValue:
        return error_page(404, "Not found", unknown_page_message.format(page=anything))

    blueprint.add_url_rule("/<path:anything>", "unknown_page", unknown_page)
    blueprint.add_url_rule("/needs-javascript", "needs_js", needs_js_page)


def register_template_helpers(blueprint: Blueprint, currency_symbol: Callable[[], str] = lambda: "") -> None:
    """Filters ``num``, ``money`` (amounts with ``currency_symbol()`` before them), ``when``,
    ``time_of_day``, ``scalar``, ``choices`` and globals ``page_url``, ``field_id`` (the kit's
    macros use them)."""
    @blueprint.app_template_filter("money")
    def money(value: Any) -> str:
        if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            return "—"
        return f"{currency_symbol()}{value:,.2f}"

    blueprint.add_app_template_filter(num)
    blueprint.add_app_template_filter(when)
    blueprint.add_app_template_filter(time_of_day)
    blueprint.add_app_template_filter(scalar)
    blueprint.add_app_template_filter(choices)
    blueprint.add_app_template_global(page_url)
    blueprint.add_app_template_global(field_id)


def num(value: Any) -> str:
    """12 -> "12", 0.0600 -> "0.06", None -> ""."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value).lower()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.6f}".rstrip("0").rstrip(".")
    return str(value)


def when(value: Any) -> str:
    """ISO-8601 UTC (``2026-01-01T10:00:00Z``, ``…00.000Z``) -> ``2026-01-01 10:00:00``."""
    if not value:
        return "—"
    return str(value).replace("T", " ").removesuffix("Z")


def time_of_day(value: Any) -> str:
    """``2026-01-01T10:00:00.123Z`` -> ``10:00:00.123`` (the day is in the row already)."""
    text = str(value or "")
    return text.partition("T")[2].removesuffix("Z") or "—"


def scalar(value: Any) -> str:
    """A JSON scalar as a person types it: numbers and true/false bare, text as typed, or in
    quotes when it would otherwise read as a number or true/false."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            json.loads(value)
        except ValueError:
            return value
        return json.dumps(value)
    return json.dumps(value)


def choices(items: Any, label: str = "name", key: str = "id") -> list[tuple[Any, Any]]:
    """Dictionaries -> (value, label) options of a select or checklist."""
    return [(item[key], item[label]) for item in items]


def page_url(number: int) -> str:
    """This page's URL with the same filters and another page number."""
    view_args: dict[str, Any] = request.view_args or {}
    args: dict[str, Any] = {k: v for k, v in request.args.items() if not k.startswith("_") and k not in view_args}
    return url_for(str(request.endpoint), **view_args, **{**args, "page": number})


def field_id(name: str) -> str:
    """An id unique within the page being rendered, for a label's ``for``."""
    count: int = g.get("page_kit_fields", 0) + 1
    g.page_kit_fields = count
    return f"f{count}-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)
