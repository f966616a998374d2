"""``tharness validate``'s check of ``given.connector`` against the connector's own input schemas.

Why the schema objects and not the server: ``validate`` checks files offline, with no server
running, and the connector's marshmallow schemas are the very rules its endpoints apply (its
OpenAPI document is generated from them, but loses the custom validators: a cut-off time's
``HH:MM``, an attribute's node path). So they are imported here, lazily and only by ``validate``:
``run`` never pays for the import, and a run still hears the connector's 422 from the server.
When the connector is not installed, the check says so once and the rest of ``validate`` stands.

A value holding a variable (``{cid}``) is known only at run time: its field is left out.
"""
from __future__ import annotations

import importlib
from typing import Any, Iterator

from ..variables import references
from .model import Scenario
from .problems import Problem, did_you_mean, where

# given.connector key → (module, schema class, load as partial, a mapping of named entities or a list)
SCHEMAS = {
    "connection": ("connector.resources.schemas_settings", "ConnectionPatch", True),
    "behaviour": ("connector.resources.schemas_settings", "BehaviourIn", True),
    "departments": ("connector.resources.schemas_customers", "DepartmentIn", False),
    "customers": ("connector.resources.schemas_customers", "CustomerIn", False),
    "products": ("connector.resources.schemas_catalog", "ProductIn", False),
}
FIXTURE = ("connector.resources.schemas_settings", "ResetIn")


class ConnectorMissing(RuntimeError):
    """The connector package cannot be imported, so its settings cannot be checked."""


def connector_settings_problems(scenario: Scenario) -> list[Problem]:
    given = scenario.given.get("connector")
    if not isinstance(given, dict):
        return []
    problems: list[Problem] = []
    for at, body, schema in _bodies(given):
        for path, message in _schema_errors(schema, body):
            full = ("given", "connector", *at, *path)
            problems.append(Problem(scenario.file, scenario.line_of(full),
                                    f"{where(full)}: {message} (the connector's {type(schema).__name__})"))
    return problems


def _bodies(given: dict[str, Any]) -> Iterator[tuple[tuple, dict[str, Any], Any]]:
    if "fixture" in given:
        yield (), {"fixture": given["fixture"]}, _schema(*FIXTURE)
    for key, (module, name, partial) in SCHEMAS.items():
        value = given.get(key)
        if value is None:
            continue
        schema = _schema(module, name, partial=partial)
        if key in ("connection", "behaviour"):
            if isinstance(value, dict):
                yield (key,), value, schema
        elif isinstance(value, dict):
            yield from (((key, entity), body, schema) for entity, body in value.items() if isinstance(body, dict))
        elif isinstance(value, list):
            yield from (((key, index), body, schema) for index, body in enumerate(value) if isinstance(body, dict))


def _schema(module: str, name: str, *, partial: bool = False) -> Any:
    try:
        schema_class = getattr(importlib.import_module(module), name)
    except ImportError as error:
        raise ConnectorMissing(f"the connector's settings cannot be checked: {error}") from None
    return schema_class(partial=partial) if partial else schema_class()


def _schema_errors(schema: Any, body: dict[str, Any]) -> Iterator[tuple[tuple, str]]:
    """``(path within body, message)`` for each field the schema refuses; fields holding a
    variable are not loaded (their value is known only at run time)."""
    from marshmallow import ValidationError

    known_later = {path[0] for path, _name in references(body) if path}
    fixed = {k: v for k, v in body.items() if k not in known_later}
    if known_later:
        schema = type(schema)(partial=tuple(known_later) if schema.partial is not True else True)
    try:
        schema.load(fixed)
    except ValidationError as error:
        for path, message in _flatten(error.messages, ()):
            if len(path) == 1 and message == "Unknown field.":
                loadable = [n for n, f in schema.fields.items() if not f.dump_only]
                message = f"unknown setting{did_you_mean(str(path[0]), loadable)}; expected one of {', '.join(loadable)}"
            yield path, message


def _flatten(messages: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(messages, dict):
        for key, inner in messages.items():
            step = int(key) if isinstance(key, int) or (isinstance(key, str) and key.isdigit()) else key
            yield from _flatten(inner, path if key == "_schema" else path + (step,))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        yield path, " ".join(messages)
    elif isinstance(messages, list):
        for item in messages:
            yield from _flatten(item, path)
    else:
        yield path, str(messages)
