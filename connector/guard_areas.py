"""The connector's areas for the request guard (``tharstern_kit/request_guard.py``).

Every part of the connector — the REST API, the webhook receiver, the test controls, the admin
pages and the shop — takes state changes only as JSON and only from its own site, in the
connector's error shape. Text is refused when it holds a lone surrogate or NUL (PostgreSQL's text
cannot store NUL). The admin pages and the shop get the page headers (CSP, X-Frame-Options).
Refusals take the shape of the connector's other request errors: ``errors`` by location
(``json``, ``headers``), as webargs reports them (``connector/resources/blueprint.py`` makes the
same checks where a body is parsed).
"""
from __future__ import annotations

from tharstern_kit.request_guard import Area, plain_refusal, under


def connector_refusal(status: int, message: str, errors: dict[str, list[str]]) -> tuple[bytes, str]:
    if "Host" in errors:
        located: dict = {"headers": errors}
    elif "body" in errors:
        located = {"json": errors["body"]}
    else:
        located = {"json": errors} if errors else {}
    return plain_refusal(status, message, located)


def connector_areas() -> list[Area]:
    return [Area("admin", under("/admin"), page_headers=True, refusal=connector_refusal),
            Area("shop", under("/shop"), page_headers=True, refusal=connector_refusal),
            Area("connector", refusal=connector_refusal)]
