"""Asking one Tharstern (real or fake) over HTTP, and saying in one line why it cannot be asked.

``ApiClient(api_base)`` sends a probe's request (with the token, no token, or an unknown token)
and returns what came back: status, whether the body was JSON, the parsed body. ``login()``
fetches a token and turns the ways it fails into ``Unusable`` with one line, as the connector's
Check Connection does: unreachable, not the API (a web page or a 404 where the API should be),
credentials refused. The password and the token stay in memory: neither is put into a message.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

ZERO_TOKEN = "00000000-0000-0000-0000-000000000000"
PROXY_ERROR_HEADER = "X-Fake-Tharstern-Proxy"
UNKNOWN_TOKEN = "0badc0de-0000-4000-8000-00000000c0de"


class Unusable(RuntimeError):
    """The server cannot be probed; the message is one line for a person."""


@dataclass
class Answer:
    status: int
    json: Any
    body_kind: str       # json | html | text | empty
    content_type: str
    elapsed_ms: float
    location: str = ""


def check_base(url: str, option: str) -> str:
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Unusable(f"{option} takes a Tharstern API base such as http://mis.example/TharsternAPI; got {url!r}")
    if parts.username or parts.password:
        raise Unusable(f"{option} must not carry a user name or password; give them with --email and --password")
    url = url.rstrip("/")
    return url[:-4] if url.lower().endswith("/api") else url   # ``…/TharsternAPI/api`` names the same base


class ApiClient:
    def __init__(self, api_base: str, *, timeout_s: float = 30.0, shown: str | None = None,
                 verify: bool | str = True) -> None:
        self.api_base = api_base.rstrip("/")
        self.shown = shown or self.api_base
        self.timeout_s = timeout_s
        self.session = requests.Session()
        self.session.trust_env = False
        self.session.verify = verify
        self.token: str | None = None
        self.earlier_token: str | None = None   # the one before the last login, kept to try it again

    def close(self) -> None:
        self.session.close()

    def call(self, method: str, path: str, params: list[tuple[str, str]] | None = None, *,
             auth: str = "token", json_body: Any = None, content_type: str | None = None) -> Answer:
        """``auth``: ``token`` (this client's), ``earlier`` (the token before the last login),
        ``none``, or ``unknown`` (a token no server issued). A JSON body goes with
        ``content_type`` when one is given (to see how a server takes another content type)."""
        headers = {"Accept": "application/json"}
        data = None
        if json_body is not None and content_type:
            headers["Content-Type"] = content_type
            data, json_body = json.dumps(json_body).encode(), None
        basic = None
        if auth == "token" and self.token:
            basic = (self.token, "")
        elif auth == "earlier" and self.earlier_token:
            basic = (self.earlier_token, "")
        elif auth == "unknown":
            basic = (UNKNOWN_TOKEN, "")
        started = time.perf_counter()
        try:
            response = self.session.request(method, f"{self.api_base}/{path.lstrip('/')}", params=params or None,
                                            json=json_body, data=data, headers=headers, auth=basic,
                                            timeout=self.timeout_s,
                                            allow_redirects=False)
        except requests.Timeout:
            raise Unusable(f"{self.shown} did not answer within {self.timeout_s:g} s") from None
        except requests.ConnectionError as error:
            raise Unusable(_connection_problem(self.shown, error)) from None
        except requests.RequestException as error:
            raise Unusable(f"{self.shown} cannot be asked: {type(error).__name__}") from None
        if response.headers.get(PROXY_ERROR_HEADER):   # the recording proxy got nothing from the server
            message = (response.json().get("Message", "") if response.content else "").rstrip(".")
            message = message.replace("The recording proxy got no answer: ", "")
            raise Unusable(message if "within" in message else _connection_problem(self.shown, message))
        return _answer(response, started)

    def login(self, email: str, password: str, application_id: str) -> Answer:
        answer = self.call("GET", "api/authentication/generateapitoken",
                           [("email", email), ("password", password), ("applicationId", application_id)], auth="none")
        where = self.shown
        if 300 <= answer.status < 400:
            raise Unusable(f"{where} sends the token request elsewhere ({answer.status} to {answer.location or 'nowhere'}): "
                           "is a sign-in page or another address in front of the API?")
        if answer.body_kind == "html":
            raise Unusable(f"{where} answered a web page, not the Tharstern API: is it the API base "
                           "(…/TharsternAPI), and is no sign-in page or proxy in front of it?")
        if answer.status == 404:
            raise Unusable(f"{where} has no api/authentication/generateapitoken (404): is it the API base (…/TharsternAPI)?")
        if answer.body_kind != "json" or not isinstance(answer.json, dict):
            raise Unusable(f"{where} answered {answer.status} with {answer.content_type or 'no content type'}, "
                           "not Tharstern's JSON: is it the API base (…/TharsternAPI)?")
        details = answer.json.get("Details") if isinstance(answer.json.get("Details"), dict) else {}
        token = details.get("Token")
        if answer.status in (401, 403) or not isinstance(token, str) or token in ("", ZERO_TOKEN) \
                or answer.json.get("Status", {}).get("Success") is False:
            reasons = answer.json.get("Status", {}).get("Reasons") or []
            why = f": {'; '.join(map(str, reasons))}" if reasons else ""
            raise Unusable(f"{where} refused the credentials (e-mail, password or application id){why}")
        self.earlier_token, self.token = self.token, token
        return answer


def _answer(response: requests.Response, started: float) -> Answer:
    content_type = response.headers.get("Content-Type", "")
    elapsed = round((time.perf_counter() - started) * 1000, 1)
    location = response.headers.get("Location", "")
    if not response.content:
        return Answer(response.status_code, None, "empty", content_type, elapsed, location)
    try:
        return Answer(response.status_code, response.json(), "json", content_type, elapsed, location)
    except ValueError:
        text = response.text.lstrip()[:200].lower()
        kind = "html" if "html" in content_type.lower() or text.startswith(("<!doctype", "<html")) else "text"
        return Answer(response.status_code, None, kind, content_type, elapsed, location)


def _connection_problem(where: str, error: Exception | str) -> str:
    text = str(error).lower()
    if "certificate" in text:
        return f"cannot reach {where}: its TLS certificate is not trusted (give its certificate authority with --ca-bundle)"
    if "refused" in text:
        return f"cannot reach {where}: the connection was refused (is the address right, and is this machine allowlisted?)"
    if any(word in text for word in ("name or service", "nodename", "getaddrinfo", "name resolution",
                                            "is unknown")):
        return f"cannot reach {where}: the host name is unknown"
    if any(word in text for word in ("remotedisconnected", "aborted", "reset", "without response", "closed")):
        return f"{where} closed the connection without an answer (a firewall or an allowlist that drops?)"
    return f"cannot reach {where}: {error if isinstance(error, str) else type(error).__name__}"
