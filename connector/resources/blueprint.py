"""``errors_doc``, which documents the error answers a connector view can give.

Views are flask-smorest blueprints with webargs' own parser: the request guard in front of the app
(``connector/guard_areas.py``, ``tharstern_kit/request_guard.py``) has already refused a state
change whose body is not declared JSON (415, bodiless ones included), nests deeper than 64 levels
or holds text that cannot be stored (a lone surrogate, NUL: 400 naming the field), so no body
reaches a schema or the database unchecked.
"""
from __future__ import annotations

from flask_smorest import Blueprint
from flask_smorest.error_handler import ErrorSchema

ERROR_TEXT = {
    404: "Not found (the storefront or an id in the path)",
    409: "The state does not allow it (no Connect Link, settings incomplete, pricing not handled)",
    422: "Invalid input; errors name each field",
    502: "Tharstern failed or could not be reached; errors.tharstern says how",
    504: "Tharstern did not answer in time",
}


def errors_doc(blp: Blueprint, *statuses: int):
    """Document the error answers a view can give (all in flask-smorest's error shape)."""
    def decorate(view):
        for status in statuses:
            view = blp.alt_response(status, schema=ErrorSchema, description=ERROR_TEXT[status])(view)
        return view
    return decorate
