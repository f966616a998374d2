"""The page kit: what the fake's console and the connector's admin pages share.

``PageBlueprint`` is a Flask blueprint of server-rendered pages whose templates also find the
kit's (``{% import "kit/macros.html" as m %}``) and which serves the kit's files at
``<url_prefix>/kit/<file>`` (``kit.css``, ``kit.js``; the pages add their own files from the
blueprint's ``static/``). ``render.py`` registers the template filters both use and the routes
every set of pages has (unknown pages, the page for forms without JavaScript, HTML error pages);
``queries.py`` reads a page's query string through a marshmallow schema without ever failing
the page. Nothing here knows either server.
"""
from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

from flask import Blueprint, Response, send_from_directory
from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader

KIT_DIR = Path(__file__).resolve().parent
KIT_TEMPLATES = KIT_DIR / "templates"
KIT_STATIC = KIT_DIR / "static"


class PageBlueprint(Blueprint):
    """A blueprint with ``templates/`` and ``static/`` next to ``import_name``'s module, plus the
    page kit's templates and files."""

    def __init__(self, name: str, import_name: str, url_prefix: str) -> None:
        super().__init__(name, import_name, url_prefix=url_prefix, template_folder="templates",
                         static_folder="static", static_url_path="/static")
        self.add_url_rule("/kit/<path:filename>", "kit_static", self.send_kit_file)

    @cached_property
    def jinja_loader(self) -> BaseLoader | None:
        own = FileSystemLoader(os.path.join(self.root_path, str(self.template_folder)))
        return ChoiceLoader([own, FileSystemLoader(str(KIT_TEMPLATES))])

    @staticmethod
    def send_kit_file(filename: str) -> Response:
        return send_from_directory(KIT_STATIC, filename)
