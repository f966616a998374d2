"""A page's query string (search boxes, filters), read through a marshmallow schema.

A bad value never fails the page: the page is shown without it and the message stands next to
the field (``errors`` maps field name -> message). Unknown parameters are ignored; empty values
count as not given.
"""
from __future__ import annotations

from typing import Any, Mapping

import marshmallow


def read_query(schema: marshmallow.Schema, args: Mapping[str, str], *,
               trim: bool = True) -> tuple[dict[str, Any], dict[str, str]]:
    """The valid values and a message per bad one; with ``trim`` values lose surrounding white
    space first."""
    given = {k: (v.strip() if trim else v) for k, v in args.items() if k in schema.fields and v.strip() != ""}
    problems = schema.validate(given)
    errors = {name: " ".join(_messages(problems[name])) for name in problems}
    values: dict[str, Any] = schema.load({k: v for k, v in given.items() if k not in problems})
    return values, errors


def _messages(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [m for v in value.values() for m in _messages(v)]
    if isinstance(value, list):
        return [str(m) for m in value]
    return [str(value)]
