"""The Tharstern answer shapes.

Every answer of the faked API carries
``{"Status": {"APIVersion", "Success", "Token": {"Status", "ExpiresDateTime", "UserId"},
"Reasons", "Exceptions"}, "Enums": [], "Details": ...}``. Validation failures use ASP.NET's
``{"Message": "The request is invalid.", "ModelState": {...}}`` and routing failures ASP.NET Web
API's ``{"Message": "No HTTP resource was found ..."}``, as an IIS-hosted Web API answers.
"""
from __future__ import annotations

import json
from typing import Any, Iterable

import orjson
from flask import Response, g, request

from ..backend.records import enums
from ..backend.records.state import Token
from ..tenants.current import current_backend


def backend():
    return current_backend()


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    try:
        payload = orjson.dumps(body)
    except TypeError:  # an integer beyond 64 bits from a seed: the stdlib encoder takes it
        payload = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    return Response(payload, status=status, headers=headers, mimetype="application/json")


def token_status(token: Token | None, status: str | None = None, *, expires: str | None = None,
                 user_id: int = 0) -> dict[str, Any]:
    fake = backend()
    if token is not None:
        return {"Status": enums.enum(enums.TOKEN_STATUSES, status or "Valid"),
                "ExpiresDateTime": fake.token_expiry(token), "UserId": token.user_id}
    return {"Status": enums.enum(enums.TOKEN_STATUSES, status or "Missing"), "ExpiresDateTime": expires,
            "UserId": user_id}


def caller_token() -> dict[str, Any]:
    """The token status of this request's caller: the token checked for this route, else what
    the ``Authorization`` header holds (public routes, errors before the check)."""
    checked = g.get("token")
    if checked is not None:
        return token_status(checked)
    return backend().token_state(request.headers.get("Authorization"))


def envelope(details: Any, *, success: bool = True, reasons: Iterable[str] = (), status: int = 200,
             token: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> Response:
    body = {
        "Status": {
            "APIVersion": backend().settings.api_version,
            "Success": success,
            "Token": token or caller_token(),
            "Reasons": list(reasons),
            "Exceptions": [],
        },
        "Enums": [],
        "Details": details,
    }
    return json_response(body, status, headers)


def model_state(errors: dict[str, list[str]]) -> Response:
    return json_response({"Message": "The request is invalid.", "ModelState": errors}, 400)


def web_api_message(message: str, status: int) -> Response:
    return json_response({"Message": message}, status)
