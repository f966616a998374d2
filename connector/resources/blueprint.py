"""``ConnectorBlueprint``: flask-smorest's blueprint with the connector's request parser, and
``errors_doc``, which documents the error answers a view can give.

JSON bodies with lone surrogates (``"\\ud800"``, valid JSON but not text) are refused as invalid
JSON rather than reaching the database.
"""
from __future__ import annotations

from flask_smorest import Blueprint
from flask_smorest.error_handler import ErrorSchema
from webargs import core
from webargs.flaskparser import FlaskParser

from .fields import has_lone_surrogate

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


class ConnectorParser(FlaskParser):
    def _raw_load_json(self, req):
        data = super()._raw_load_json(req)
        if data is not core.missing and has_lone_surrogate(data):
            self._handle_invalid_json_error(ValueError("the body holds a lone UTF-16 surrogate"), req)
        return data


class ConnectorBlueprint(Blueprint):
    ARGUMENTS_PARSER = ConnectorParser()
