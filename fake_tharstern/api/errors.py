"""Error answers. Under the API base path they take Tharstern's (ASP.NET Web API's) shapes;
elsewhere (control plane, docs) flask-smorest's ``{code, status, message, errors}``."""
from __future__ import annotations

from flask import Flask, g, request

from tharstern_kit.openapi import LazyDocApi

from ..backend.resources.auth import token_from_basic
from ..backend.errors import AuthError, Conflict, ModelStateError, NotFound
from .envelope import backend, envelope, json_response, model_state, web_api_message
from .operation import UnsupportedMediaType
from ..tenants.current import current_backend


def flatten(messages, prefix: str = "") -> dict[str, list[str]]:
    """webargs' nested messages -> ModelState keys: ``{"id": {"0": [...]}}`` -> ``id[0]``."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            key = str(key)
            path = f"{prefix}[{key}]" if key.isdigit() else (f"{prefix}.{key}" if prefix else key)
            flat.update(flatten(value, path))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        flat[prefix or "request"] = list(messages)
    else:
        flat[prefix or "request"] = [str(messages)]
    return flat


def is_api_path(app: Flask) -> bool:
    return request.path.lower().startswith(app.config["API_PREFIX_LOWER"])


class FakeApi(LazyDocApi):
    def handle_http_exception(self, error):
        if not is_api_path(self._app):
            return super().handle_http_exception(error)
        data = getattr(error, "data", None) or {}
        if error.code in (400, 422) and "messages" in data:
            messages = data["messages"]
            merged = {}
            for location in ("query", "json", "view_args"):
                merged.update(flatten(messages.get(location, {})))
            return model_state(merged or flatten(messages))
        if error.code == 404:
            return web_api_message(f"No HTTP resource was found that matches the request URI '{request.url}'.", 404)
        if error.code == 405:
            return web_api_message(f"The requested resource does not support http method '{request.method}'.", 405)
        if error.code == 413:
            return web_api_message("The request body is too large.", 413)
        if error.code >= 500:
            return envelope(None, success=False, reasons=["An error has occurred."], status=error.code)
        return web_api_message(error.description or error.name, error.code)


def control_error(status: int, name: str, message: str, errors: dict | None = None):
    body = {"code": status, "status": name, "message": message}
    if errors:
        body["errors"] = errors
    return json_response(body, status)


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ModelStateError)
    def on_model_state(error: ModelStateError):
        if is_api_path(app):
            return model_state(error.errors)
        return control_error(400, "Bad Request", "The request is invalid; see errors.", error.errors)

    @app.errorhandler(AuthError)
    def on_auth(error: AuthError):
        return envelope(None, success=False, reasons=[error.message], status=401,
                        token=backend().token_state(request.headers.get("Authorization")),
                        headers={"WWW-Authenticate": 'Basic realm="TharsternAPI"'})

    @app.errorhandler(UnsupportedMediaType)
    def on_media_type(error: UnsupportedMediaType):
        type_name = error.model_name[:1].upper() + error.model_name[1:]
        return json_response({
            "Message": f"The request entity's media type '{error.media_type}' is not supported for this resource.",
            "ExceptionMessage": (f"No MediaTypeFormatter is available to read an object of type '{type_name}' "
                                 f"from content with media type '{error.media_type}'."),
            "ExceptionType": "System.Net.Http.UnsupportedMediaTypeException", "StackTrace": None}, 415)

    @app.errorhandler(NotFound)
    def on_not_found(error: NotFound):
        return control_error(404, "Not Found", str(error))

    @app.errorhandler(Conflict)
    def on_conflict(error: Conflict):
        return control_error(409, "Conflict", str(error))


def require_token(app: Flask, public_endpoints: set[str]) -> None:
    """Every matched faked-API route except the public ones needs Basic auth whose username is
    the token (anything after ':' is ignored). Unknown routes answer 404 without a token."""
    @app.before_request
    def check_token():
        endpoint = request.endpoint
        if endpoint is None or endpoint in public_endpoints or not is_api_path(app):
            return None
        g.token = current_backend().authenticate(token_from_basic(request.headers.get("Authorization")))
        return None
