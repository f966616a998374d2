"""Shapes of JSON answers and their differences: field names, value types and enum names, never
values. Nothing here knows Tharstern's entities: any field either side adds is compared.

A shape maps paths (``Details.Items[].Type.Name``; ``[]`` for any list item, ``{}`` for any key of
a map) to what was seen there: the value types (``string``, ``number``, ``boolean``, ``object``,
``array``, ``enum``) and, for enums (objects with an integer ``Value`` and a string ``Name``), which
name each value had. Integers and decimals are both ``number`` (.NET writes ``12m`` as ``12`` and
``12.5m`` as ``12.5``). ``null`` fits any type: whether a field is empty depends on the data. The
keys of ``ModelState`` are field paths of the request, so data, not field names (a map).

``compare`` reports a field present on one side only (``missing`` when the fake lacks it,
``extra`` when only the fake has it) once, at its topmost path; a type seen on one side only
(``type``); one enum value named differently, or one name with different values (``enum``).
The items of a list are compared only when both sides had some.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAP_KEYS = {"modelstate"}
ROOT = "$"


@dataclass
class Seen:
    types: set[str] = field(default_factory=set)
    enum: dict[int, set[str]] = field(default_factory=dict)

    def merge(self, other: "Seen") -> None:
        self.types |= other.types
        for value, names in other.enum.items():
            self.enum.setdefault(value, set()).update(names)


Shape = dict[str, Seen]


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if is_enum(value):
        return "enum"
    return "object"


def is_enum(value: Any) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("Name"), str)
            and isinstance(value.get("Value"), int) and not isinstance(value.get("Value"), bool))


def shape_of(body: Any, shape: Shape | None = None) -> Shape:
    shape = {} if shape is None else shape
    _walk(body, ROOT, shape, is_map=False)
    return shape


def _walk(value: Any, path: str, shape: Shape, *, is_map: bool) -> None:
    seen = shape.setdefault(path, Seen())
    kind = type_name(value)
    seen.types.add(kind)
    if kind == "enum":
        seen.enum.setdefault(value["Value"], set()).add(value["Name"])
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}{{}}" if is_map else (str(key) if path == ROOT else f"{path}.{key}")
            _walk(item, child, shape, is_map=str(key).lower() in MAP_KEYS and isinstance(item, dict))
    elif isinstance(value, list):
        for item in value:
            _walk(item, f"{path}[]", shape, is_map=False)


def filled_lists(body: Any) -> dict[str, bool]:
    """For each list path: whether any list there had items."""
    found: dict[str, bool] = {}

    def walk(value: Any, path: str, is_map: bool) -> None:
        if isinstance(value, list):
            found[path] = found.get(path, False) or bool(value)
            for item in value:
                walk(item, f"{path}[]", False)
        elif isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}{{}}" if is_map else (str(key) if path == ROOT else f"{path}.{key}")
                walk(item, child, str(key).lower() in MAP_KEYS and isinstance(item, dict))

    walk(body, ROOT, False)
    return found


def merge(shapes: list[Shape]) -> Shape:
    merged: Shape = {}
    for shape in shapes:
        for path, seen in shape.items():
            merged.setdefault(path, Seen()).merge(seen)
    return merged


def parent_of(path: str) -> str:
    if path.endswith("[]") or path.endswith("{}"):
        return path[:-2] or ROOT
    cut = max(path.rfind("."), path.rfind("]"), path.rfind("}"))
    if cut < 0:
        return ROOT
    return path[:cut] if path[cut] == "." else path[:cut + 1]


@dataclass(frozen=True)
class Difference:
    path: str
    kind: str      # missing | extra | type | enum | status
    real: Any
    fake: Any


def compare(real: Shape, fake: Shape) -> list[Difference]:
    found: list[Difference] = []
    for path in sorted(set(real) | set(fake), key=_path_order):
        if path == ROOT:
            continue
        parent = parent_of(path)
        if not (_holds_children(real.get(parent)) and _holds_children(fake.get(parent))):
            continue   # the parent differs (reported there) or was empty on a side: nothing to compare
        if path.endswith("[]") and (path not in real or path not in fake):
            continue   # a list empty on one side: its items cannot be compared
        if path not in fake:
            found.append(Difference(path, "missing", _types(real[path]), None))
        elif path not in real:
            found.append(Difference(path, "extra", None, _types(fake[path])))
        else:
            found.extend(_compare_seen(path, real[path], fake[path]))
    return found


def _compare_seen(path: str, real: Seen, fake: Seen) -> list[Difference]:
    real_types, fake_types = real.types - {"null"}, fake.types - {"null"}
    if real_types and fake_types and real_types != fake_types:
        return [Difference(path, "type", _types(real), _types(fake))]
    found = []
    for value in sorted(set(real.enum) & set(fake.enum)):
        if real.enum[value] != fake.enum[value]:
            found.append(Difference(path, "enum", f"{value} {'|'.join(sorted(real.enum[value]))}",
                                    f"{value} {'|'.join(sorted(fake.enum[value]))}"))
    real_names = {name: value for value, names in real.enum.items() for name in names}
    fake_names = {name: value for value, names in fake.enum.items() for name in names}
    for name in sorted(set(real_names) & set(fake_names)):
        if real_names[name] != fake_names[name] and real_names[name] not in fake.enum:
            found.append(Difference(path, "enum", f"{real_names[name]} {name}", f"{fake_names[name]} {name}"))
    return found


def _holds_children(seen: Seen | None) -> bool:
    return seen is not None and bool(seen.types & {"object", "enum", "array"})


def _types(seen: Seen) -> str:
    types = sorted(seen.types - {"null"}) or ["null"]
    return "|".join(types)


def _path_order(path: str) -> tuple:
    return (path.count(".") + path.count("[]"), path)
