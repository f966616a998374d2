"""The fake's areas for the request guard (``tharstern_kit/request_guard.py``).

* The faked Tharstern API keeps Tharstern's rules: it is called by servers, not browsers, so no
  Origin check, and the content type is Web API's own rule (``api/``'s 415, docs/fake-vs-real.md); a
  body nested deeper than ASP.NET's JsonMediaTypeFormatter allows (MaxDepth 256), or holding a
  lone surrogate, is a 400 ModelState naming the field. [fake] The real API stores a lone
  surrogate (.NET strings are UTF-16); the fake cannot store and read it back, so it refuses it.
* The console (``/_fake/ui``): pages with the page headers (CSP, X-Frame-Options).
* Everything else (the control plane ``/_fake``, the docs): same-origin JSON state changes only.
The fake keeps text as Python strings, so NUL is stored and read back and is not refused.
"""
from __future__ import annotations

import json

from tharstern_kit.request_guard import Area, under


def tharstern_refusal(status: int, message: str, errors: dict[str, list[str]]) -> tuple[bytes, str]:
    """ASP.NET Web API's shapes: ModelState for a 400 naming fields, ``{Message}`` otherwise."""
    if status == 400 and errors:
        body = {"Message": "The request is invalid.", "ModelState": errors}
    else:
        body = {"Message": message}
    return json.dumps(body).encode(), "application/json; charset=utf-8"


def fake_areas(base_path: str) -> list[Area]:
    return [
        Area("tharstern-api", under(base_path), same_origin_writes=False, json_writes=False, max_depth=256,
             refuse_nul=False, refusal=tharstern_refusal),
        Area("console", under("/_fake/ui"), refuse_nul=False, page_headers=True),
        Area("control", refuse_nul=False),
    ]
