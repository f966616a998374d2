"""The fake's console at ``/_fake/ui``: pages for a person playing "the Tharstern user".

Server-rendered Jinja2 pages (plain Flask, outside the OpenAPI document) that read the backend
and work without JavaScript. Every change goes through the control plane itself: an action is a
``<form data-endpoint=... data-method=...>`` whose fields ``console.js`` sends as JSON to that
``/_fake/...`` route — the very route scenarios call — and whose answer's ``errors`` it shows
next to the fields they name. The console has no write path of its own. Filters are plain GET
forms validated on the server (``queries.py``). The CSS and the script are files of this
package: no CDN, no web fonts, so it works offline.
"""
from __future__ import annotations

from flask import Flask

from tharstern_kit.pages import PageBlueprint

from . import pages_catalog, pages_jobs, pages_observe, pages_switches, pages_tenants, pages_webhooks
from .render import register_errors, register_template_helpers

MODULES = (pages_switches, pages_catalog, pages_jobs, pages_webhooks, pages_observe, pages_tenants)


def register(app: Flask, url_prefix: str = "/_fake/ui") -> None:
    blueprint = PageBlueprint("console", __name__, url_prefix)
    for module in MODULES:
        module.add_routes(blueprint)
    register_errors(blueprint)
    register_template_helpers(blueprint)
    app.register_blueprint(blueprint)
