"""The request guard: WSGI middleware both servers put in front of Flask, so that nothing from
outside changes state from another site, reaches the app under a name the server does not answer
for, or hands a handler a body it cannot take. Each server divides its paths into ``Area``s and
says per area what holds (the fake's Tharstern API keeps Tharstern's own, looser rules).

In order, for every request:
1. ``Host`` must be one the server answers for (``request_guard_hosts``) → else 400.
2. A state change (POST, PUT, PATCH, DELETE) in an area with ``same_origin_writes`` is refused
   with 403 when the browser says it comes from another site: ``Sec-Fetch-Site: cross-site`` or
   ``same-site``, or an ``Origin`` (``null`` included) whose host and port are not the request's
   ``Host``. Callers that are not browsers send neither header and pass.
3. A state change in an area with ``json_writes`` needs a JSON content type
   (``application/json`` or ``application/…+json``), bodiless ones included → else 415 naming the
   type sent. A form post or a ``text/plain`` body — what a page on another site can send
   without a CORS preflight — never reaches a handler.
4. A state change's body nested deeper than the area's ``max_depth`` → 400; one holding text that
   cannot be stored and read back (``request_guard_body``) → 400 naming the field.
5. Answers in areas with ``page_headers`` get a Content-Security-Policy (scripts, styles, images,
   fetches and form targets from the server itself only; no framing, no plugins) and
   ``X-Frame-Options: DENY``; every answer gets ``X-Content-Type-Options: nosniff``.
A refusal is answered in the area's error shape (``Area.refusal``) and nothing behind the guard
runs, so nothing is stored.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Callable, Iterable
from urllib.parse import urlsplit

from .request_guard_body import too_deep, unstorable_text
from .request_guard_hosts import HostPolicy, split_host

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
               "object-src 'none'")
PAGE_HEADERS = (("Content-Security-Policy", PAGE_POLICY), ("X-Frame-Options", "DENY"),
                ("Referrer-Policy", "same-origin"))
# a refusal's body and content type, from (status, message, errors naming fields)
Refusal = Callable[[int, str, dict[str, list[str]]], tuple[bytes, str]]


def plain_refusal(status: int, message: str, errors: dict[str, list[str]]) -> tuple[bytes, str]:
    """flask-smorest's error shape ``{code, status, message, errors}``, which both servers use
    outside the faked Tharstern API."""
    body: dict = {"code": status, "status": HTTPStatus(status).phrase, "message": message}
    if errors:
        body["errors"] = errors
    return json.dumps(body).encode(), "application/json"


@dataclass(frozen=True)
class Area:
    """What the guard checks for the paths ``matches`` accepts (the first matching area wins)."""
    name: str
    matches: Callable[[str], bool] = field(default=lambda path: True)
    same_origin_writes: bool = True
    json_writes: bool = True
    max_depth: int = 64
    refuse_nul: bool = True
    page_headers: bool = False
    refusal: Refusal = plain_refusal


def under(*prefixes: str) -> Callable[[str], bool]:
    """A path matcher for ``prefixes`` (any letter case), each with an optional tenant prefix
    ``/t/{tenant}`` in front."""
    lowered = tuple(prefix.rstrip("/").lower() for prefix in prefixes)

    def matches(path: str) -> bool:
        path = path.lower()
        if path.startswith("/t/"):
            rest = path[3:].partition("/")[2]
            path = "/" + rest if rest else path
        return any(path == prefix or path.startswith(prefix + "/") for prefix in lowered)
    return matches


class RequestGuard:
    def __init__(self, app: Callable, areas: Iterable[Area], *, allowed_hosts: Iterable[str] = (),
                 max_body: int = 1_048_576, routes: Callable[[dict], bool] | None = None) -> None:
        """``routes(environ)`` says whether the app has a route for the request's path and method;
        one it has not is left to the app (404, or 405 with ``Allow``): nothing changes there."""
        self.app = app
        self.areas = tuple(areas) + (Area("default"),)
        self.hosts = HostPolicy(allowed_hosts)
        self.max_body = max_body
        self.routes = routes

    def area(self, path: str) -> Area:
        return next(area for area in self.areas if area.matches(path))

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        area = self.area(environ.get("PATH_INFO", "") or "/")
        refused = self.refusal(environ, area)
        if refused is not None:
            status, message, errors = refused
            body, content_type = area.refusal(status, message, errors)
            start_response(f"{status} {HTTPStatus(status).phrase}", [
                ("Content-Type", content_type), ("Content-Length", str(len(body))),
                ("X-Content-Type-Options", "nosniff")])
            return [body]
        return self.app(environ, _with_headers(start_response, area.page_headers))

    def refusal(self, environ: dict, area: Area) -> tuple[int, str, dict[str, list[str]]] | None:
        host = environ.get("HTTP_HOST")
        if not self.hosts.allows(host, local_address(environ)):
            return 400, (f"This server does not answer for the host {host[:100]!r}; "
                         "add it to ALLOWED_HOSTS to use that name."), {"Host": [f"{host[:100]!r} is not an allowed host"]}
        if environ.get("REQUEST_METHOD", "GET").upper() not in WRITES:
            return None
        if self.routes is not None and not self.routes(environ):
            return None
        if area.same_origin_writes:
            why = cross_site(environ)
            if why:
                return 403, f"A state change from another site is refused: {why}.", {}
        if area.json_writes and not is_json(environ.get("CONTENT_TYPE", "")):
            sent = environ.get("CONTENT_TYPE") or "none"
            return 415, (f"A state change needs Content-Type: application/json (bodiless ones too); "
                         f"this request sent {sent[:100]!r}."), {"Content-Type": [f"must be application/json, not {sent[:100]!r}"]}
        return self.body_refusal(environ, area)

    def body_refusal(self, environ: dict, area: Area) -> tuple[int, str, dict[str, list[str]]] | None:
        raw = self._buffer(environ)
        if not raw:
            return None
        if too_deep(raw, area.max_depth):
            return 400, f"The body nests arrays and objects deeper than {area.max_depth} levels.", {
                "body": [f"Invalid JSON body: nested deeper than {area.max_depth} levels"]}
        bad = unstorable_text(raw, refuse_nul=area.refuse_nul)
        if bad:
            path, problem = bad
            return 400, f"{path} {problem}.", {path: [problem]}
        return None

    def _buffer(self, environ: dict) -> bytes | None:
        """The body (read once and put back for the app), or None when it is absent or larger than
        the app takes (the app answers 413 for that)."""
        text = environ.get("CONTENT_LENGTH")
        if text:
            try:
                length = int(text)
            except ValueError:
                return None
            if length <= 0 or length > self.max_body:
                return None
            raw = environ["wsgi.input"].read(length)
        elif environ.get("wsgi.input_terminated"):  # chunked: the server marks the end of the stream
            raw = environ["wsgi.input"].read(self.max_body + 1)
            if len(raw) > self.max_body:
                environ["wsgi.input"] = io.BytesIO(raw)
                return None
            environ["CONTENT_LENGTH"] = str(len(raw))
        else:
            return None
        environ["wsgi.input"] = io.BytesIO(raw)
        return raw


def cross_site(environ: dict) -> str | None:
    """Why a request comes from another site, or None: the browser's ``Sec-Fetch-Site``, else its
    ``Origin`` compared with ``Host`` (scheme aside, as a TLS-terminating proxy changes it)."""
    fetch_site = environ.get("HTTP_SEC_FETCH_SITE", "").strip().lower()
    if fetch_site in ("cross-site", "same-site"):
        return f"Sec-Fetch-Site is {fetch_site}"
    origin = environ.get("HTTP_ORIGIN")
    if origin is None:
        return None
    if origin.strip().lower() == "null":
        return "Origin is null (a sandboxed page or a file)"
    try:
        parts = urlsplit(origin.strip())
        origin_port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
        origin_host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return f"Origin {origin[:100]!r} is not a URL"
    host_name, host_port = split_host(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""))
    if origin_host != host_name or (host_port is not None and origin_port != host_port):
        return f"Origin {origin[:100]} is not this server"
    return None


def local_address(environ: dict) -> str | None:
    """The address this connection arrived at (werkzeug and gunicorn put the socket in the
    environ; ``SERVER_NAME`` is no witness: gunicorn fills it from ``Host``)."""
    sock = environ.get("werkzeug.socket") or environ.get("gunicorn.socket")
    try:
        return str(sock.getsockname()[0]) if sock is not None else None
    except (OSError, AttributeError, IndexError, TypeError):
        return None


def is_json(content_type: str) -> bool:
    mimetype = content_type.split(";", 1)[0].strip().lower()
    return mimetype == "application/json" or (mimetype.startswith("application/") and mimetype.endswith("+json"))


def _with_headers(start_response: Callable, page: bool) -> Callable:
    def start(status: str, headers: list, exc_info=None):
        present = {name.lower() for name, _ in headers}
        extra = [("X-Content-Type-Options", "nosniff")]
        if page and any(name.lower() == "content-type" and value.lower().startswith("text/html")
                        for name, value in headers):
            extra.extend(PAGE_HEADERS)
        headers = list(headers) + [(name, value) for name, value in extra if name.lower() not in present]
        return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)
    return start
