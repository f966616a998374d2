"""Token issue and checks.

``generate_api_token`` mirrors ``GET api/authentication/generateapitoken``: good credentials give
a GUID token valid for ``token_ttl_s`` on the fake's clock; bad ones give the all-zero GUID.
Tokens are per (user, applicationId) [I]. Asking again for the same pair gives a new token and
leaves the earlier ones valid until they expire (a public client keeps its first token while it
makes a new API object, and a new token, per request: it works against live servers, so the
earlier token most likely stays valid); the quirk ``new_token_revokes_old`` makes a new token
replace that pair's earlier one. Tokens expired for a day are forgotten when a new one is
issued (until then a call with one is told it is ``Expired``).
"""
from __future__ import annotations

import base64
import binascii
import uuid
from typing import Any

from tharstern_kit.clock import iso_at

from ..base import BackendBase
from ..errors import AuthError, ModelStateError
from ..records import enums
from ..records.state import Token

ZERO_TOKEN = "00000000-0000-0000-0000-000000000000"
FORGET_EXPIRED_AFTER_S = 86400.0  # an expired token still answers "Expired" for a day [I]


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
            now = self.clock.time()
            revoke = self.quirks.new_token_revokes_old
            for old, info in list(self.state.tokens.items()):
                same_pair = info.user_id == user["UserId"] and info.application_id == application_id
                if info.expires_at <= now - FORGET_EXPIRED_AFTER_S or (revoke and same_pair):
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

    def token_state(self, authorization: str | None) -> dict[str, Any]:
        """``Status.Token`` for a caller with this ``Authorization`` header: what the caller's
        token really is (``Valid``, ``Expired``, ``Invalid`` or ``Missing``), with its expiry and
        user when the fake knows it. Every answer carries it, errors and injected faults too."""
        token = token_from_basic(authorization)
        known = None
        if token:
            with self.lock:
                known = self.state.tokens.get(token.strip().lower())
        if known is None:
            status = "Invalid" if token else "Missing"
            return {"Status": enums.enum(enums.TOKEN_STATUSES, status), "ExpiresDateTime": None, "UserId": 0}
        status = "Expired" if known.expires_at <= self.clock.time() else "Valid"
        return {"Status": enums.enum(enums.TOKEN_STATUSES, status), "ExpiresDateTime": self.token_expiry(known),
                "UserId": known.user_id}


def token_from_basic(header: str | None) -> str | None:
    """The token in HTTP Basic auth: the user name (anything after ':' is ignored)."""
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return decoded.split(":", 1)[0] or None
