"""The OpenAPI side both servers share: ``LazyDocApi``, the document's configuration defaults
(``OpenApiDefaults``) and the offline Swagger UI files (``serve_swagger_ui``).

``LazyDocApi`` is flask-smorest's ``Api``, documenting each blueprint when the OpenAPI document
is first read rather than when the blueprint is registered. Building the document (apispec
turning every marshmallow schema of every route into JSON Schema) was about half of
``create_app``; only ``/openapi.json``, ``/docs`` and the tests that read the document need it.
Blueprints are documented in registration order, so the document is the same.
"""
from __future__ import annotations

import threading
from typing import Any

from flask import Flask, Response, send_from_directory
from flask_smorest import Api, Blueprint


class OpenApiDefaults:
    """Configuration keys of the document and its pages; a server's ``DefaultConfig`` derives
    from this and adds ``API_TITLE`` and ``API_VERSION``."""
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "/docs"
    OPENAPI_SWAGGER_UI_URL = "/_static/swagger-ui/"


def serve_swagger_ui(app: Flask) -> None:
    """``/_static/swagger-ui/...``: Swagger UI's files from the installed bundle, so ``/docs``
    works offline (``OPENAPI_SWAGGER_UI_URL`` points there)."""
    import swagger_ui_bundle

    @app.route("/_static/swagger-ui/<path:filename>")
    def swagger_ui_static(filename: str) -> Response:
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)


class LazyDocApi(Api):  # type: ignore[misc]
    def __init__(self, app: Flask | None = None, **kwargs: Any) -> None:
        self._pending_docs: list[tuple[Blueprint, str, Any]] = []
        self._doc_lock = threading.RLock()
        self._documenting = False
        self._spec: Any = None
        super().__init__(app, **kwargs)

    @property
    def spec(self) -> Any:
        """The apispec ``APISpec``, with every registered blueprint documented."""
        with self._doc_lock:
            if self._pending_docs and not self._documenting:
                self._documenting = True  # documenting reads ``api.spec`` again: give it the spec as it is
                try:
                    while self._pending_docs:
                        blp, name, parameters = self._pending_docs.pop(0)
                        blp.register_views_in_doc(self, self._app, self._spec, name=name, parameters=parameters)
                        self._spec.tag({"name": name, "description": blp.description})
                finally:
                    self._documenting = False
        return self._spec

    @spec.setter
    def spec(self, value: Any) -> None:
        self._spec = value

    def register_blueprint(self, blp: Blueprint, *, parameters: Any = None, **options: Any) -> None:
        """As ``Api.register_blueprint``, with the documentation left for the first read."""
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        with self._doc_lock:
            self._pending_docs.append((blp, name, parameters))
