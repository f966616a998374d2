"""The connector's areas for the request guard (``tharstern_kit/request_guard.py``).

Every part of the connector — the REST API, the webhook receiver, the test controls, the admin
pages — takes state changes only as JSON and only from its own site, in the connector's error
shape. Text is refused when it holds a lone surrogate or NUL (PostgreSQL's text cannot store
NUL). The admin pages get the page headers (CSP, X-Frame-Options).
"""
from __future__ import annotations

from tharstern_kit.request_guard import Area, under


def connector_areas() -> list[Area]:
    return [Area("admin", under("/admin"), page_headers=True), Area("connector")]
