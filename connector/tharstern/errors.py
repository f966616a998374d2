"""Every way a Tharstern call can fail, as one typed error each.

``problem`` groups them the way Check Connection reports them (``unreachable``, ``wrong_url``,
``bad_credentials``) plus ``rejected`` (Tharstern refused the request) and ``failed`` (Tharstern
answered with an error). Messages never contain a password, a token or a URL's query string.
"""
from __future__ import annotations

from typing import Any


class TharsternError(Exception):
    problem = "failed"
    http_status = 502  # what the connector answers when it cannot do its job because of this

    def __init__(self, message: str, *, status: int | None = None, reasons: list[str] | None = None,
                 details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.reasons = list(reasons or [])
        self.details = dict(details or {})

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"problem": self.problem, "kind": type(self).__name__, "message": self.message}
        if self.status is not None:
            body["status"] = self.status
        if self.reasons:
            body["reasons"] = self.reasons
        if self.details:
            body["details"] = self.details
        return body


# -- unreachable: nothing (usable) answered ------------------------------------------------------
class Unreachable(TharsternError):
    problem = "unreachable"


class ConnectionRefused(Unreachable):
    """Nothing listens at that host and port."""


class ConnectionDropped(Unreachable):
    """The connection closed without an answer, as a firewall that drops does."""


class TimedOut(Unreachable):
    """No answer within the timeout (a firewall that silently discards, or a hung server)."""
    http_status = 504


class ForbiddenCaller(Unreachable):
    """HTTP 403: the server refuses the caller's address."""


class SourceAddressUnavailable(Unreachable):
    """The outgoing IP is not an address of this machine, so no connection could be made from it."""


# -- wrong URL: something answered, but not Tharstern's API ------------------------------------
class WrongUrl(TharsternError):
    problem = "wrong_url"


class NotFoundAtUrl(WrongUrl):
    """HTTP 404 for an API path."""


class NotTharsternAnswer(WrongUrl):
    """The answer is not JSON in Tharstern's envelope (a web page, a proxy, a truncated body)."""


class HostNotFound(WrongUrl):
    """The host name does not resolve (most often a typo in the API URL)."""


# -- credentials ---------------------------------------------------------------------------------
class BadCredentials(TharsternError):
    """The token call gave the all-zero token or Success=false."""
    problem = "bad_credentials"


class AuthRejected(TharsternError):
    """HTTP 401 even with a fresh token."""
    problem = "bad_credentials"


# -- Tharstern answered with an error ------------------------------------------------------------
class UpstreamError(TharsternError):
    """HTTP 5xx or another unexpected status."""


class InvalidRequest(TharsternError):
    """HTTP 400 with ASP.NET's ModelState (``details["model_state"]``)."""
    problem = "rejected"


class BusinessFailure(TharsternError):
    """HTTP 200 with ``Status.Success=false`` and reasons."""
    problem = "rejected"
