"""Every way a Tharstern call can fail, as one typed error each — the one classification every
caller uses (Check Connection, pricing, orders and the outbox, the import, reconcile, webhook
subscriptions, the admin pages), so one cause has one name wherever it is reported.

Each error carries two names. ``cause`` says what happened; ``problem`` groups causes by what
to do about them, with Check Connection's names:

| cause              | what happened                                                   | problem         |
| ------------------ | --------------------------------------------------------------- | --------------- |
| ``refused``        | nothing listens at the host and port                            | unreachable     |
| ``dropped``        | the connection closed without an answer (a dropping firewall)   | unreachable     |
| ``timeout``        | no answer in time (504 from the connector)                      | unreachable     |
| ``forbidden``      | HTTP 403: the caller's address is refused                       | unreachable     |
| ``outgoing_ip``    | the outgoing IP is not an address of this machine               | unreachable     |
| ``unreachable``    | another transport failure (TLS, connection errors)              | unreachable     |
| ``server_error``   | HTTP 5xx or another unexpected status: reachable but failing    | unreachable     |
| ``not_found``      | HTTP 404 for an API path                                        | wrong_url       |
| ``not_tharstern``  | not Tharstern's JSON envelope: a web page, malformed JSON, ...  | wrong_url       |
| ``unknown_host``   | the host name does not resolve                                  | wrong_url       |
| ``bad_credentials``| the token call refused the e-mail, password or application ID  | bad_credentials |
| ``token_refused``  | HTTP 401 even with a fresh token                                | bad_credentials |
| ``invalid_request``| HTTP 400 with ASP.NET's ModelState                              | rejected        |
| ``business_failure``| HTTP 200 with ``Status.Success=false``                         | rejected        |

``unreachable``, ``wrong_url`` and ``bad_credentials`` are Check Connection's names (it reports
``rejected`` at the token call as ``bad_credentials``: the credentials' fields were refused).
Messages never contain a password, a token or a URL's query string.
"""
from __future__ import annotations

from typing import Any


class TharsternError(Exception):
    problem = "unreachable"
    cause = "unreachable"
    http_status = 502  # what the connector answers when it cannot do its job because of this

    def __init__(self, message: str, *, status: int | None = None, reasons: list[str] | None = None,
                 details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.reasons = list(reasons or [])
        self.details = dict(details or {})

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"problem": self.problem, "cause": self.cause, "kind": type(self).__name__,
                                "message": self.message}
        if self.status is not None:
            body["status"] = self.status
        if self.reasons:
            body["reasons"] = self.reasons
        if self.details:
            body["details"] = self.details
        return body

    @property
    def summary(self) -> str:
        """``problem (cause): message``, for a stored ``last_error``."""
        return f"{self.problem} ({self.cause}): {self.message}"


# -- unreachable: nothing (usable) answered ------------------------------------------------------
class Unreachable(TharsternError):
    problem = "unreachable"


class ConnectionRefused(Unreachable):
    """Nothing listens at that host and port."""
    cause = "refused"


class ConnectionDropped(Unreachable):
    """The connection closed without an answer, as a firewall that drops does."""
    cause = "dropped"


class TimedOut(Unreachable):
    """No answer within the timeout (a firewall that silently discards, or a hung server)."""
    cause = "timeout"
    http_status = 504


class ForbiddenCaller(Unreachable):
    """HTTP 403: the server refuses the caller's address."""
    cause = "forbidden"


class SourceAddressUnavailable(Unreachable):
    """The outgoing IP is not an address of this machine, so no connection could be made from it."""
    cause = "outgoing_ip"


# -- wrong URL: something answered, but not Tharstern's API ------------------------------------
class WrongUrl(TharsternError):
    problem = "wrong_url"
    cause = "wrong_url"


class NotFoundAtUrl(WrongUrl):
    """HTTP 404 for an API path."""
    cause = "not_found"


class NotTharsternAnswer(WrongUrl):
    """The answer is not JSON in Tharstern's envelope (a web page, a proxy, a truncated body)."""
    cause = "not_tharstern"


class HostNotFound(WrongUrl):
    """The host name does not resolve (most often a typo in the API URL)."""
    cause = "unknown_host"


# -- credentials ---------------------------------------------------------------------------------
class BadCredentials(TharsternError):
    """The token call gave the all-zero token or Success=false."""
    problem = cause = "bad_credentials"


class AuthRejected(TharsternError):
    """HTTP 401 even with a fresh token."""
    problem = "bad_credentials"
    cause = "token_refused"


# -- Tharstern answered with an error ------------------------------------------------------------
class UpstreamError(TharsternError):
    """HTTP 5xx or another unexpected status: Tharstern is reachable but failing."""
    cause = "server_error"


class InvalidRequest(TharsternError):
    """HTTP 400 with ASP.NET's ModelState (``details["model_state"]``)."""
    problem = "rejected"
    cause = "invalid_request"


class BusinessFailure(TharsternError):
    """HTTP 200 with ``Status.Success=false`` and reasons."""
    problem = "rejected"
    cause = "business_failure"
