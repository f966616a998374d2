"""``ConnectorBlueprint``: flask-smorest's blueprint with the connector's request parser, and
``errors_doc``, which documents the error answers a view can give.

Bodies must be declared JSON (415 otherwise); JSON nested deeper than ``MAX_DEPTH`` or with lone
surrogates (``"\\ud800"``, valid JSON but not text) is refused as invalid JSON rather than
reaching a schema or the database.
"""
from __future__ import annotations

from typing import NoReturn

from flask_smorest import Blueprint
from flask_smorest.error_handler import ErrorSchema
from webargs import core
from webargs.flaskparser import FlaskParser, abort, is_json_request

from ..domain.json_limits import MAX_DEPTH, json_problem

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
    """JSON bodies as the connector takes them: a body that is not declared JSON is refused with
    415 (and a PUT or PATCH must have one), never read as "no fields"; JSON nested deeper than
    ``MAX_DEPTH`` or holding lone surrogates is refused with 400 before any schema sees it."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            if req.method in ("PUT", "PATCH") or req.get_data(cache=True):
                abort(415, message="The body must be JSON, sent with Content-Type: application/json.",
                      messages={"json": {"Content-Type": [f"'{req.mimetype[:80]}' is not JSON; send "
                                                          "application/json"]}})
            return core.missing
        try:
            data = super()._raw_load_json(req)
        except RecursionError:
            self._refuse_json(f"it nests deeper than {MAX_DEPTH} levels", req)
        problem = json_problem(data) if data is not core.missing else None
        if problem:
            self._refuse_json(problem, req)
        return data

    def _refuse_json(self, problem: str, req) -> NoReturn:
        abort(400, message=f"The body cannot be taken: {problem}.", messages={"json": [f"Invalid JSON body: {problem}."]})


class ConnectorBlueprint(Blueprint):
    ARGUMENTS_PARSER = ConnectorParser()
