"""Field types and the request parser shared by every blueprint.

Inputs are strict: booleans must be JSON booleans, integers JSON integers (no ``"3"``, no
``1.5``), texts are trimmed and may not be blank when required, ids stay within what the
database can hold. Bodies must be declared JSON (415 otherwise); JSON nested deeper than
``MAX_DEPTH`` or with lone surrogates (``"\\ud800"``, valid JSON but not text) is refused as
invalid JSON rather than reaching a schema or the database.
"""
from __future__ import annotations

import ipaddress
from typing import Any, NoReturn

from flask_smorest import Blueprint
from marshmallow import ValidationError, fields, validate
from webargs import core
from webargs.flaskparser import FlaskParser, abort, is_json_request

from ..domain.json_limits import MAX_DEPTH, json_problem

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


class ConnectorParser(FlaskParser):
    """JSON bodies as the connector takes them: a body that is not declared JSON is refused with
    415 (and a PUT or PATCH must have one), never read as "no fields"; JSON nested deeper than
    ``MAX_DEPTH`` or holding lone surrogates is refused with 400 before any schema sees it."""

    def _raw_load_json(self, req):
        if not is_json_request(req):
            if req.method in ("PUT", "PATCH") or req.get_data(cache=True):
                abort(415, message="The body must be JSON, sent with Content-Type: application/json.",
                      messages={"json": {"Content-Type": [f"'{req.mimetype[:80]}' is not JSON; send "
                                                          "application/json"]}})
            return core.missing
        try:
            data = super()._raw_load_json(req)
        except RecursionError:
            self._refuse_json(f"it nests deeper than {MAX_DEPTH} levels", req)
        problem = json_problem(data) if data is not core.missing else None
        if problem:
            self._refuse_json(problem, req)
        return data

    def _refuse_json(self, problem: str, req) -> NoReturn:
        abort(400, message=f"The body cannot be taken: {problem}.", messages={"json": [f"Invalid JSON body: {problem}."]})


class ConnectorBlueprint(Blueprint):
    ARGUMENTS_PARSER = ConnectorParser()
