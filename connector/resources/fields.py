"""Field types shared by every blueprint's schemas.

Inputs are strict: booleans must be JSON booleans, integers JSON integers (no ``"3"``, no
``1.5``), texts are trimmed and may not be blank when required, ids stay within what the
database can hold (``blueprint.py`` refuses bodies that are not JSON, nest too deep or hold lone
surrogates before any schema sees them).
"""
from __future__ import annotations

import ipaddress
from typing import Any

from marshmallow import ValidationError, fields, validate

from ..domain.spaces import SPACE

MAX_ID = 2**63 - 1
# An http(s) URL as the connector takes it (and the OpenAPI document says): a scheme, a host of URL
# characters (names, IPv4, [IPv6], a port, user info), then anything printable without spaces.
HTTP_URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9._~%!$&'()*+,;=:@\x5b\x5d-]+([/?#][!-~]*)?$"
HTTP_URL = validate.Regexp(HTTP_URL_PATTERN, error="Not an http(s) URL.")


class StrictBool(fields.Boolean):
    def _deserialize(self, value: Any, attr, data, **kwargs) -> bool:
        if not isinstance(value, bool):
            raise ValidationError("Not a valid boolean (true or false).")
        return value


class StrictNumber(fields.Float):
    """A JSON number (not a string of digits, not true/false), finite."""

    def _deserialize(self, value: Any, attr, data, **kwargs) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError("Not a valid number.")
        return super()._deserialize(value, attr, data, **kwargs)


class Text(fields.String):
    """A trimmed string of at most ``max_length`` characters as sent; ``blank_ok=False`` refuses
    one that is empty after trimming."""

    def __init__(self, *args, max_length: int = 200, blank_ok: bool = False, **kwargs) -> None:
        self.blank_ok = blank_ok
        self.max_length = max_length
        super().__init__(*args, **kwargs)

    def _deserialize(self, value: Any, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:  # the request guard refuses it in bodies; a query is checked here
            raise ValidationError("Must not contain NUL (\\u0000), which cannot be stored as text.")
        if len(text) > self.max_length:
            raise ValidationError(f"Longer than maximum length {self.max_length}.")
        text = text.strip()
        if not text and not self.blank_ok:
            raise ValidationError("Must not be empty.")
        return text

    def openapi_rules(self, ret: dict[str, Any]) -> dict[str, Any]:
        """At most ``max_length`` characters; not blank: at least one character that is not white
        space (unless a pattern of the field's says more)."""
        rules: dict[str, Any] = {"maxLength": self.max_length}
        pattern = ret.get("pattern")
        if pattern is None:
            if not self.blank_ok:
                rules.update(pattern=rf"[^{SPACE}]", minLength=1)
        elif pattern.startswith("^") and pattern.endswith("$") and not pattern.startswith(f"^[{SPACE}]*"):
            rules["pattern"] = rf"^[{SPACE}]*(?:{pattern[1:-1]})[{SPACE}]*$"  # checked on the trimmed text
        return rules


def Id(**kwargs) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def IdList(**kwargs) -> fields.List:
    max_items = kwargs.pop("max_items", 100)
    return fields.List(Id(), validate=validate.Length(max=max_items), **kwargs)


class IpAddress(fields.String):
    """An IPv4 or IPv6 address, exactly (no surrounding spaces)."""

    def _deserialize(self, value: Any, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return str(ipaddress.ip_address(text))
        except ValueError:
            raise ValidationError(f"'{text[:60]}' is not an IP address (e.g. 127.0.0.2).") from None

    def openapi_rules(self, ret: dict[str, Any]) -> dict[str, Any]:
        return {"anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]}
