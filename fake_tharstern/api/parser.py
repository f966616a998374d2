"""Query parsing as ASP.NET binds it: parameter names match in any letter case; arrays repeat the
key (``id=1&id=2``); unknown parameters are ignored. Validation failures are HTTP 400."""
from __future__ import annotations

from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import MultiDict


class CaseInsensitiveQueryParser(FlaskParser):
    DEFAULT_VALIDATION_STATUS = 400

    def load_querystring(self, req, schema):
        names = {(field.data_key or name).lower(): (field.data_key or name) for name, field in schema.fields.items()}
        args = MultiDict()
        for key, value in req.args.items(multi=True):
            args.add(names.get(key.lower(), key), value)
        return self._makeproxy(args, schema)


class FakeBlueprint(Blueprint):
    ARGUMENTS_PARSER = CaseInsensitiveQueryParser()
