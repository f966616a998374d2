"""Errors the backend raises. The API layer turns each into the Tharstern answer shape."""
from __future__ import annotations


class FakeError(Exception):
    """Base of every error the backend raises on purpose."""


class ModelStateError(FakeError):
    """Input the real API would refuse with HTTP 400 and an ASP.NET ModelState object."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors

    @classmethod
    def single(cls, field: str, message: str) -> "ModelStateError":
        return cls({field: [message]})


class AuthError(FakeError):
    """A call without a usable token: 401. ``status`` is the token status name."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class NotFound(FakeError):
    """A control-plane edit named something that does not exist: 404."""


class Conflict(FakeError):
    """A control-plane request that cannot apply to the current state: 409."""
