"""Field types shared by every blueprint's schemas.

Inputs are strict: booleans must be JSON booleans, integers JSON integers (no ``"3"``, no
``1.5``), texts are trimmed and may not be blank when required, ids stay within what the
database can hold (``blueprint.py`` refuses bodies with lone surrogates).
"""
from __future__ import annotations

import ipaddress
from typing import Any

from marshmallow import ValidationError, fields, validate

MAX_ID = 2**63 - 1


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
    """A trimmed string; ``blank_ok=False`` refuses one that is empty after trimming."""

    def __init__(self, *args, max_length: int = 200, blank_ok: bool = False, **kwargs) -> None:
        self.blank_ok = blank_ok
        validators = list(kwargs.pop("validate", []) or [])
        validators.insert(0, validate.Length(max=max_length))
        super().__init__(*args, validate=validators, **kwargs)

    def _deserialize(self, value: Any, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not text and not self.blank_ok:
            raise ValidationError("Must not be empty.")
        return text


def Id(**kwargs) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def IdList(**kwargs) -> fields.List:
    max_items = kwargs.pop("max_items", 100)
    return fields.List(Id(), validate=validate.Length(max=max_items), **kwargs)


class IpAddress(fields.String):
    """An IPv4 or IPv6 address (documented as ipv4, the usual case)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("metadata", {})
        kwargs["metadata"] = {"format": "ipv4", **kwargs["metadata"]}
        super().__init__(*args, **kwargs)

    def _deserialize(self, value: Any, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        try:
            return str(ipaddress.ip_address(text))
        except ValueError:
            raise ValidationError(f"'{text[:60]}' is not an IP address (e.g. 127.0.0.2).") from None


def has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_lone_surrogate(v) for v in value)
    return False
