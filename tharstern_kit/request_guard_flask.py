"""Flask's side of the request guard: ``has_route`` (whether a request reaches a view), and
``Allow`` on every 405 (RFC 9110 §15.5.6 requires it): both servers re-render routing errors
in their own shapes, which drops the header werkzeug's ``MethodNotAllowed`` would have sent."""
from __future__ import annotations

from typing import Callable

from flask import Flask, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed


def has_route(app: Flask) -> Callable[[dict], bool]:
    """For ``RequestGuard(routes=...)``: whether ``app`` routes the request to a view."""
    def routes(environ: dict) -> bool:
        try:
            app.url_map.bind_to_environ(environ).match()
        except HTTPException:  # 404, 405, or a redirect (to the path with a slash)
            return False
        return True
    return routes


def allow_on_405(app: Flask) -> None:
    @app.after_request
    def add_allow(response):
        if response.status_code == 405 and "Allow" not in response.headers:
            error = request.routing_exception
            methods = getattr(error, "valid_methods", None) if isinstance(error, MethodNotAllowed) else None
            if not methods:
                methods = app.url_map.bind_to_environ(request.environ).allowed_methods()
            if methods:
                response.headers["Allow"] = ", ".join(sorted(set(methods)))
        return response
