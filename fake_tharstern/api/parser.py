"""Query parsing as ASP.NET Web API binds it: parameter names match in any letter case; arrays
repeat the key (``id=1&id=2``) or, when the plain name is absent, come index-style
(``id[0]=1&id[1]=2``, as PHP's ``http_build_query`` writes them; the collection binder reads
``name[0]``, ``name[1]``, ... and stops at the first missing index); unknown parameters are
ignored. Every route also answers with a trailing slash (``POST estrequest/``), as IIS routing
does. Validation failures are HTTP 400."""
from __future__ import annotations

import re
from typing import Any

from flask_smorest import Blueprint
from marshmallow import fields
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import MultiDict

INDEXED = re.compile(r"^(?P<name>[^\[\]]+)\[(?P<index>\d+)\]$")


def bind_query(pairs, schema) -> MultiDict:
    """The query's ``(name, value)`` pairs as the schema's fields name them."""
    names = {(field.data_key or name).lower(): (field.data_key or name) for name, field in schema.fields.items()}
    lists = {(field.data_key or name).lower() for name, field in schema.fields.items()
             if isinstance(field, fields.List)}
    args: MultiDict[str, Any] = MultiDict()
    indexed: dict[str, dict[int, list[str]]] = {}
    for key, value in pairs:
        match = INDEXED.match(key)
        if match and match["name"].lower() in lists:
            indexed.setdefault(match["name"].lower(), {}).setdefault(int(match["index"]), []).append(value)
            continue
        args.add(names.get(key.lower(), key), value)
    for lowered, by_index in indexed.items():
        name = names[lowered]
        if name in args:  # the plain name wins, as the binder tries it first
            continue
        index = 0
        while index in by_index:
            args.add(name, by_index[index][0])
            index += 1
    return args


class CaseInsensitiveQueryParser(FlaskParser):
    DEFAULT_VALIDATION_STATUS = 400

    def load_querystring(self, req, schema):
        return self._makeproxy(bind_query(req.args.items(multi=True), schema), schema)


class FakeBlueprint(Blueprint):
    ARGUMENTS_PARSER = CaseInsensitiveQueryParser()

    def route(self, rule, *, parameters=None, tags=None, **options):
        options.setdefault("strict_slashes", False)  # "estrequest/" answers as "estrequest"
        return super().route(rule, parameters=parameters, tags=tags, **options)
