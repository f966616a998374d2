"""Reading a control-plane JSON body: any media type, an empty body allowed where optional."""
from __future__ import annotations

import json
from typing import Any

from flask import request

from ..backend.errors import ModelStateError


def control_json(*, optional: bool = False) -> Any:
    raw = request.get_data(cache=True)
    if not raw.strip():
        if optional:
            return {}
        raise ModelStateError.single("body", "a JSON body is required")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise ModelStateError.single("body", f"not valid JSON: {error}") from None
