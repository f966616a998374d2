"""Token issue and checks.

``generate_api_token`` mirrors ``GET api/authentication/generateapitoken``: good credentials give
a GUID token valid for ``token_ttl_s`` on the fake's clock; bad ones give the all-zero GUID.
Tokens are per (user, applicationId) [I]: asking again for the same pair replaces that pair's
token (the old one stops working) and leaves other applications' tokens alone.
"""
from __future__ import annotations

import uuid
from typing import Any

from tharstern_kit.clock import iso_at

from ..base import BackendBase
from ..errors import AuthError, ModelStateError
from ..records.state import Token

ZERO_TOKEN = "00000000-0000-0000-0000-000000000000"


class AuthMixin(BackendBase):
    def generate_api_token(self, email: str | None, password: str | None, application_id: str | None) -> dict[str, Any]:
        missing = {name: [f"The {name} field is required."] for name, value in
                   (("email", email), ("password", password), ("applicationId", application_id)) if not value}
        if missing or email is None or application_id is None:
            raise ModelStateError(missing)
        with self.lock:
            user = self.state.users.get(email.strip().lower())
            if user is None or user["Password"] != password:
                return {"ok": False, "Token": ZERO_TOKEN, "ExpiresDateTime": None,
                        "reason": "Invalid user name, password or application ID."}
            for old, info in list(self.state.tokens.items()):
                if info.user_id == user["UserId"] and info.application_id == application_id:
                    del self.state.tokens[old]
            token = Token(
                token=str(uuid.UUID(int=self.rng.getrandbits(128), version=4)),
                user_id=user["UserId"],
                email=user["Email"],
                application_id=application_id,
                expires_at=self.clock.time() + self.settings.token_ttl_s,
            )
            self.state.tokens[token.token] = token
            return {"ok": True, "Token": token.token, "ExpiresDateTime": self.token_expiry(token), "UserId": token.user_id}

    def authenticate(self, token: str | None) -> Token:
        """The token's record, or AuthError naming why it cannot be used."""
        if not token:
            raise AuthError("Missing", "Authorization has been denied for this request: no token was sent.")
        with self.lock:
            info = self.state.tokens.get(token.strip().lower())
            if info is None:
                raise AuthError("Invalid", "Authorization has been denied for this request: the token is not known.")
            if info.expires_at <= self.clock.time():
                raise AuthError("Expired", "Authorization has been denied for this request: the token has expired.")
            return info

    def token_expiry(self, token: Token) -> str:
        return iso_at(token.expires_at)
