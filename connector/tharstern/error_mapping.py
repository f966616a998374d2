"""Turning what ``requests`` raises, and what Tharstern answers, into typed errors.

Messages name the host, port and outgoing IP (what an admin needs to allowlist) and never the
URL's query string, which for the token call holds the password.
"""
from __future__ import annotations

import errno
import json
import socket
from http.client import RemoteDisconnected
from typing import Any, Iterator

import requests
from urllib3.exceptions import NewConnectionError, ProtocolError, ReadTimeoutError

from . import errors
from .wire import pick

ZERO_TOKEN = "00000000-0000-0000-0000-000000000000"


def _causes(error: BaseException) -> Iterator[BaseException]:
    """The error and everything it wraps (``__cause__``, ``__context__``, urllib3's ``reason``,
    exceptions in ``args``), each once."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend([current.__cause__, current.__context__, getattr(current, "reason", None)])
        todo.extend(arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException))


def transport_error(error: requests.RequestException, *, where: str, source_ip: str, timeout_s: float) -> errors.TharsternError:
    """A ``requests`` exception → the typed error for it."""
    details = {"target": where, "outgoing_ip": source_ip}
    causes = list(_causes(error))
    numbers = {getattr(c, "errno", None) for c in causes if isinstance(c, OSError)}
    if isinstance(error, (requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema,
                          requests.exceptions.InvalidURL)):
        return errors.NotTharsternAnswer(f"'{where}' is not a usable http(s) URL", details=details)
    if errno.EADDRNOTAVAIL in numbers:
        return errors.SourceAddressUnavailable(
            f"Cannot call {where} from the outgoing IP {source_ip}: that address does not belong to this machine",
            details=details)
    if any(isinstance(c, socket.gaierror) for c in causes):
        return errors.HostNotFound(f"The host name of {where} could not be resolved", details=details)
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return errors.TimedOut(f"No answer to connecting to {where} from {source_ip} within {timeout_s:g} s",
                               details=details)
    if isinstance(error, requests.exceptions.ReadTimeout) or any(isinstance(c, ReadTimeoutError) for c in causes):
        return errors.TimedOut(f"{where} accepted the connection from {source_ip} but sent no answer within "
                               f"{timeout_s:g} s", details=details)
    if errno.ECONNREFUSED in numbers:
        return errors.ConnectionRefused(f"Nothing accepted a connection at {where} (connection refused)",
                                        details=details)
    if isinstance(error, requests.exceptions.SSLError):
        return errors.Unreachable(f"The TLS handshake with {where} failed", details=details)
    if isinstance(error, requests.exceptions.TooManyRedirects):
        return errors.NotTharsternAnswer(f"{where} redirected too many times", details=details)
    if any(isinstance(c, (RemoteDisconnected, ConnectionResetError, ConnectionAbortedError, BrokenPipeError,
                          ProtocolError)) for c in causes) or isinstance(error, requests.exceptions.ChunkedEncodingError):
        return errors.ConnectionDropped(f"The connection to {where} from {source_ip} was closed without an answer",
                                        details=details)
    if any(isinstance(c, NewConnectionError) for c in causes):
        return errors.Unreachable(f"Could not connect to {where} from {source_ip}", details=details)
    return errors.Unreachable(f"Could not talk to {where} ({type(error).__name__})", details=details)


def read_json(response: requests.Response, where: str) -> Any:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError, RecursionError):
        kind = response.headers.get("Content-Type", "no content type").split(";")[0]
        raise errors.NotTharsternAnswer(
            f"{where} answered HTTP {response.status_code} with {kind} that is not JSON, so it is not the Tharstern API",
            status=response.status_code) from None


def envelope_or_error(response: requests.Response, where: str, *, source_ip: str) -> dict[str, Any]:
    """Check an answer that is not a 401 and return Tharstern's envelope."""
    status = response.status_code
    if status == 403:
        body = _maybe_json(response)
        raise errors.ForbiddenCaller(
            f"{where} refused the caller {source_ip} (HTTP 403)", status=403, reasons=reasons_of(body))
    if status == 404:
        raise errors.NotFoundAtUrl(f"{where} answered HTTP 404: there is no Tharstern API at this address",
                                   status=404)
    if status == 400:
        body = _maybe_json(response)
        model_state = pick(body, "ModelState") if isinstance(body, dict) else None
        messages = {str(k): v for k, v in model_state.items()} if isinstance(model_state, dict) else {}
        summary = "; ".join(f"{k}: {' '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in messages.items())
        raise errors.InvalidRequest(f"Tharstern rejected the request as invalid{': ' + summary if summary else ''}",
                                    status=400, details={"model_state": messages} if messages else None)
    if status >= 300:
        body = _maybe_json(response)
        reasons = reasons_of(body)
        raise errors.UpstreamError(f"{where} answered HTTP {status}" + (f": {'; '.join(reasons)}" if reasons else ""),
                                   status=status, reasons=reasons)
    body = read_json(response, where)
    if not isinstance(body, dict) or not isinstance(pick(body, "Status"), dict):
        raise errors.NotTharsternAnswer(f"{where} answered JSON without Tharstern's Status envelope, so it is not "
                                        "the Tharstern API", status=status)
    return body


def _maybe_json(response: requests.Response) -> Any:
    try:
        return json.loads(response.content or b"null")
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def reasons_of(body: Any) -> list[str]:
    status = pick(body, "Status") if isinstance(body, dict) else None
    reasons = pick(status, "Reasons", default=[]) if isinstance(status, dict) else []
    return [str(r) for r in reasons if r] if isinstance(reasons, list) else []


def succeeded(body: dict[str, Any]) -> bool:
    value = pick(pick(body, "Status"), "Success")
    return value is True or (isinstance(value, str) and value.lower() == "true")
