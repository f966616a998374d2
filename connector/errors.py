"""Errors the connector's services raise, and how the app answers them.

Every answer has flask-smorest's shape ``{code, status, message, errors}``. Bad input is a 4xx
whose ``errors`` names the field; a failure of Tharstern is a 502 (504 for a timeout) whose
``errors.tharstern`` says which problem it met.
"""
from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Flask, current_app, jsonify, request
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import MethodNotAllowed

from .tharstern.errors import TharsternError
from .tharstern.factory import ConnectionIncomplete


class ConnectorError(Exception):
    status = 400

    def __init__(self, message: str, errors: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class NotFound(ConnectorError):
    status = 404


class Invalid(ConnectorError):
    """Input that is well-formed but not acceptable; ``errors`` maps each field to its messages."""
    status = 422

    def __init__(self, errors: dict[str, Any], message: str = "The request is invalid; see errors.") -> None:
        super().__init__(message, errors)


class Conflict(ConnectorError):
    """The request is fine but the state it needs is not there (no link, settings incomplete)."""
    status = 409


def error_body(status: int, message: str, errors: dict[str, Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": status, "status": HTTPStatus(status).phrase, "message": message}
    if errors:
        body["errors"] = errors
    return body


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ConnectorError)
    def on_connector_error(error: ConnectorError):
        return jsonify(error_body(error.status, error.message, error.errors)), error.status

    @app.errorhandler(ConnectionIncomplete)
    def on_incomplete(error: ConnectionIncomplete):
        errors = {name: ["not set: the connection settings need it"] for name in error.missing}
        return jsonify(error_body(409, f"The connection settings are incomplete: set {', '.join(error.missing)}.",
                                  errors)), 409

    @app.errorhandler(IntegrityError)
    def on_integrity(_error: IntegrityError):
        # two requests raced for the same unique value (an e-mail, a storefront key)
        return jsonify(error_body(409, "The change conflicts with data saved meanwhile; reload and try again.")), 409

    @app.errorhandler(OperationalError)
    def on_database_busy(error: OperationalError):
        current_app.logger.warning("Database unavailable: %s", type(error.orig).__name__)
        return jsonify(error_body(503, "The connector's database is busy or unavailable; try again.")), 503

    @app.errorhandler(MethodNotAllowed)
    def on_method_not_allowed(error: MethodNotAllowed):
        allowed = sorted(error.valid_methods or [])
        body = error_body(405, f"{request.method} is not allowed on this path; it takes {', '.join(allowed)}.")
        return jsonify(body), 405, {"Allow": ", ".join(allowed)}

    @app.errorhandler(TharsternError)
    def on_tharstern_error(error: TharsternError):
        status = error.http_status
        return jsonify(error_body(status, f"Tharstern: {error.message}", {"tharstern": error.to_dict()})), status
