"""``Schema``: marshmallow's, with instances shared rather than copied by ``copy.deepcopy``.

flask-smorest deep-copies a route's documentation at each of its decorators (``arguments``,
``response``, ``alt_response``, ``doc``, ``route``), schema instances included, and a schema is
costly to copy (every field is). Schemas are never changed after they are built, so a copy can
be the schema itself: that took about a tenth off each server's start-up. Every schema of both
servers derives from this one.
"""
from __future__ import annotations

import marshmallow


class Schema(marshmallow.Schema):
    def __deepcopy__(self, memo: dict[int, object]) -> "Schema":
        return self
