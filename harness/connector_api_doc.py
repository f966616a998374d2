"""docs/connector-api.md, generated from the connector's OpenAPI document.

    python -m harness.connector_api_doc            # rewrite docs/connector-api.md
    python -m harness.connector_api_doc --check    # exit 1 when the file is stale (a test runs this)

The connector is started in-process (with the fake it talks to) and its document read over HTTP
from ``/openapi.json``, as any client would. The page lists every enum value a scenario may assert
on (the document's ``enum``s: query parameters, bodies and answers), every operation with its
parameters, body and answers, and every schema's fields. Nothing in it depends on the run (ports,
dates), so the same code gives the same page.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any, Iterator

DOC = Path(__file__).resolve().parent.parent / "docs" / "connector-api.md"
METHODS = ("get", "post", "put", "patch", "delete")


def fetch_document() -> dict[str, Any]:
    import requests

    from .run.environment import LocalServers
    from .run.http import control_headers

    with LocalServers() as servers:
        servers.ensure_connector()
        answer = requests.get(f"{servers.targets.connector_root}/openapi.json", timeout=60,
                              headers=control_headers("connector"))
        answer.raise_for_status()
        return answer.json()


def render(document: dict[str, Any]) -> str:
    info = document.get("info", {})
    schemas = document.get("components", {}).get("schemas", {})
    lines = [
        f"# {info.get('title', 'Connector API')} {info.get('version', '')}".rstrip(),
        "",
        "<!-- Generated from the connector's OpenAPI document by `python -m harness.connector_api_doc`;",
        "     do not edit by hand (tests/integration/test_harness_connector_api_doc.py fails when it is stale). -->",
        "",
        "Every operation of the connector's REST API (DESIGN.md §4), as its OpenAPI document describes it",
        "(served at `/openapi.json`, browsable at `/docs`). Scenarios call these with `connector:` steps:",
        "`connector: POST /customers` is `POST /api/storefronts/{sf}/customers` for the scenario's storefront.",
        "",
        "## Values a scenario may assert on",
        "",
        "| where | values |",
        "| --- | --- |",
    ]
    lines += [f"| {where} | {', '.join(_code(v) for v in values)} |" for where, values in sorted(set(_enums(document)))]
    lines += ["", "## Operations", ""]
    for path, method, operation in _operations(document):
        lines += _operation(path, method, operation)
    lines += ["## Schemas", ""]
    for name in sorted(schemas):
        lines += _schema(name, schemas[name])
    return "\n".join(lines).rstrip() + "\n"


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    found = []
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                tag = (item[method].get("tags") or ["other"])[0]
                found.append((tag, path, METHODS.index(method), method, item[method]))
    for _tag, path, _order, method, operation in sorted(found, key=lambda f: f[:3]):
        yield path, method, operation


def _operation(path: str, method: str, operation: dict[str, Any]) -> list[str]:
    tag = (operation.get("tags") or ["other"])[0]
    lines = [f"### `{method.upper()} {path}`", "", f"*{tag}*" + (f" — {_one_line(operation['summary'])}"
                                                                  if operation.get("summary") else "")]
    if operation.get("description"):
        lines += ["", _one_line(operation["description"])]
    parameters = [p for p in operation.get("parameters", []) if isinstance(p, dict) and "name" in p]
    if parameters:
        lines += ["", "| parameter | in | type | required | notes |", "| --- | --- | --- | --- | --- |"]
        for p in parameters:
            schema = p.get("schema", {})
            lines.append(f"| `{p['name']}` | {p.get('in', '')} | {_type(schema)} | {'yes' if p.get('required') else ''} | "
                         f"{_notes(schema, p.get('description'))} |")
    body = operation.get("requestBody", {}).get("content", {})
    for media, content in sorted(body.items()):
        lines += ["", f"Body ({media}): {_type(content.get('schema', {}))}"]
    answers = operation.get("responses", {})
    if answers:
        lines += ["", "| answer | schema | description |", "| --- | --- | --- |"]
        for status in sorted(answers, key=str):
            answer = answers[status]
            media_types: dict[str, Any] = answer.get("content", {}) if isinstance(answer, dict) else {}
            first: dict[str, Any] = next(iter(media_types.values()), {})
            schema = first.get("schema", {}) if media_types else {}
            lines.append(f"| {status} | {_type(schema) if schema else ''} | {_one_line(answer.get('description', ''))} |")
    return lines + [""]


def _schema(name: str, schema: dict[str, Any]) -> list[str]:
    lines = [f"### {name}", ""]
    if schema.get("description"):
        lines += [_one_line(schema["description"]), ""]
    properties = schema.get("properties", {})
    if not properties:
        return lines + [f"{_type(schema)}", ""]
    required = set(schema.get("required", []))
    lines += ["| field | type | required | notes |", "| --- | --- | --- | --- |"]
    for field, spec in properties.items():
        lines.append(f"| `{field}` | {_type(spec)} | {'yes' if field in required else ''} | "
                     f"{_notes(spec, spec.get('description'))} |")
    return lines + [""]


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    for combiner in ("allOf", "oneOf", "anyOf"):
        if combiner in schema:
            return " or ".join(_type(s) for s in schema[combiner])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {_type(schema.get('items', {}))}"
    if kind == "object" and "additionalProperties" in schema and isinstance(schema["additionalProperties"], dict):
        return f"mapping to {_type(schema['additionalProperties'])}"
    text = kind + (f" ({schema['format']})" if schema.get("format") else "")
    return text + (" or null" if schema.get("nullable") else "")


def _notes(schema: dict[str, Any], description: str | None) -> str:
    parts = []
    if description:
        parts.append(_one_line(description))
    target = schema.get("items", schema) if schema.get("type") == "array" else schema
    if "enum" in target:
        parts.append("one of " + ", ".join(_code(v) for v in target["enum"]))
    for key, word in (("minimum", "≥"), ("maximum", "≤"), ("minLength", "length ≥"), ("maxLength", "length ≤")):
        if key in target:
            parts.append(f"{word} {target[key]}")
    if "default" in schema:
        parts.append(f"default {_code(schema['default'])}")
    return "; ".join(parts)


def _enums(document: dict[str, Any]) -> Iterator[tuple[str, tuple]]:
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        for field, spec in schema.get("properties", {}).items():
            target = spec.get("items", spec) if spec.get("type") == "array" else spec
            values = target.get("enum") or described_values(spec.get("description"))
            if values:
                yield f"`{name}.{field}`", tuple(values)
    for path, method, operation in _operations(document):
        for p in operation.get("parameters", []):
            if isinstance(p, dict) and "enum" in p.get("schema", {}):
                yield f"`{method.upper()} {path}` ?{p['name']}", tuple(p["schema"]["enum"])


VALUE_LIST = re.compile(r"^\s*([a-z][a-z0-9_]*(?:\s*\|\s*[a-z][a-z0-9_]*)+)\s*(?:[;(]|$)")


def described_values(description: str | None) -> list[str]:
    """The connector's schemas write a value set the validators do not carry as the start of a
    field's description: ``bad_credentials | unreachable | wrong_url; null when ok``."""
    match = VALUE_LIST.match(description or "")
    return [v.strip() for v in match.group(1).split("|")] if match else []


def _code(value: Any) -> str:
    return "`null`" if value is None else f"`{value}`"


def _one_line(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/connector-api.md is stale")
    args = parser.parse_args(argv)
    text = render(fetch_document())
    if args.check:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != text:
            print(f"{DOC} is stale: run python -m harness.connector_api_doc", file=sys.stderr)
            return 1
        print(f"{DOC} is up to date")
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
