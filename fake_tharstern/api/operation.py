"""What every faked-API operation documents: its answer, 400 ModelState, and for those behind a
token, the Basic-auth scheme and 401."""
from __future__ import annotations

import json

from flask import request

from ..backend.errors import ModelStateError
from .answers import BareAnswer, MessageAnswer, ModelStateAnswer
from .envelope import backend, json_response

SECURITY: list[dict[str, list[str]]] = [{"TharsternToken": []}]


def tharstern_operation(blp, answer, *, protected: bool = True, body: dict | None = None):
    def decorate(view):
        view = blp.response(200, answer)(view)
        view = blp.alt_response(400, schema=ModelStateAnswer, description="The request is invalid (ModelState)")(view)
        view = blp.alt_response(403, schema=BareAnswer, description="The client address is not allowlisted (mode forbidden)")(view)
        view = blp.alt_response(413, schema=MessageAnswer, description="The request body is too large")(view)
        view = blp.alt_response(404, schema=MessageAnswer,
                                description="No resource matches the URI (e.g. a path parameter that is not a number)")(view)
        view = blp.alt_response(405, schema=MessageAnswer, description="The resource does not support the method")(view)
        if protected:
            view = blp.alt_response(401, schema=BareAnswer, description="No valid token (Basic auth, username = token)")(view)
            view = blp.doc(security=SECURITY)(view)
        else:
            view = blp.doc(security=[])(view)
        if body:
            view = blp.alt_response(415, schema=MessageAnswer, description=(
                "The body's Content-Type is not JSON (none sent counts as application/octet-stream)"))(view)
            view = blp.doc(**body)(view)
        return view
    return decorate


JSON_TYPES = ("application/json", "text/json")


class UnsupportedMediaType(Exception):
    """A body ASP.NET Web API has no formatter for: 415."""

    def __init__(self, media_type: str, model_name: str) -> None:
        super().__init__(media_type)
        self.media_type = media_type
        self.model_name = model_name


def json_payload(model_name: str):
    """The request body as JSON. An empty body is None (the backend says what is missing). A
    body sent without a JSON content type is a 415, as ASP.NET Web API answers when no formatter
    reads it (none sent counts as ``application/octet-stream``); the quirk ``any_content_type``
    reads it anyway. A body that is not JSON is a 400 ModelState error under ``model_name``."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return None
    media_type = request.mimetype or "application/octet-stream"
    if not (media_type in JSON_TYPES or media_type.endswith("+json")) and not backend().quirks.any_content_type:
        raise UnsupportedMediaType(media_type, model_name)
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise ModelStateError.single(model_name, f"The request body is not valid JSON: {error}") from None


def follow(name: str, operation_id: str, **parameters: str) -> dict:
    """An OpenAPI link from the 200 answer to the operation ``operation_id`` (by id, so it holds
    whatever the base path), filling ``parameters`` from the answer [I: the real API documents no
    links]."""
    return {"responses": {"200": {"links": {name: {"operationId": operation_id, "parameters": parameters}}}}}


__all__ = ["tharstern_operation", "json_payload", "backend", "json_response", "follow"]
