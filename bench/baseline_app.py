"""Baseline apps for benchmarks: bare Flask endpoints served by the same server as the product.

``create_app()`` has ``GET /hello`` (a tiny JSON answer) and ``GET /static-page`` (a fixed body the
size of a 50-item products page, already serialised), so a benchmark can tell server and
framework cost from the fake's own work.
"""
from __future__ import annotations

import json

from flask import Flask, Response


def create_app(page_bytes: int = 33_000) -> Flask:
    app = Flask(__name__)
    body = json.dumps({"Items": ["x" * 600] * max(1, page_bytes // 600)})

    @app.get("/hello")
    def hello():
        return {"hello": "world"}

    @app.get("/static-page")
    def static_page():
        return Response(body, mimetype="application/json")

    return app
