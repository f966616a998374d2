"""Reading a control-plane JSON body: any media type, an empty body allowed where optional."""
from __future__ import annotations

import json
from typing import Any

from flask import request

from ..backend.errors import ModelStateError


def control_json(*, optional: bool = False) -> Any:
    """The body as JSON (``null`` refused); ``{}`` for an empty optional body."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        if optional:
            return {}
        raise ModelStateError.single("body", "a JSON body is required")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise ModelStateError.single("body", f"not valid JSON: {error}") from None
    if body is None:  # not "no body": every control-plane body is an object (each route checks its own)
        raise ModelStateError.single("body", "must be a JSON object, not null")
    return body
