"""``LazyDocApi``: flask-smorest's ``Api``, documenting each blueprint when the OpenAPI document is
first read rather than when the blueprint is registered.

Building the document (apispec turning every marshmallow schema of every route into JSON Schema)
was about half of ``create_app``; only ``/openapi.json``, ``/docs`` and the tests that read the
document need it. Blueprints are documented in registration order, so the document is the same.
(The connector has the same class in ``connector/api_doc.py``: the two packages share no code.)
"""
from __future__ import annotations

import threading

from flask_smorest import Api


class LazyDocApi(Api):
    def __init__(self, app=None, **kwargs) -> None:
        self._pending_docs: list[tuple] = []
        self._doc_lock = threading.RLock()
        self._documenting = False
        self._spec = None
        super().__init__(app, **kwargs)

    @property
    def spec(self):
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
    def spec(self, value) -> None:
        self._spec = value

    def register_blueprint(self, blp, *, parameters=None, **options) -> None:
        """As ``Api.register_blueprint``, with the documentation left for the first read."""
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        with self._doc_lock:
            self._pending_docs.append((blp, name, parameters))
