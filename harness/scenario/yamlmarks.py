"""Reading a YAML document together with where each value sits in the file.

``read_yaml(text)`` returns the data (as ``yaml.safe_load`` builds it, except that dates stay
text, since scenario bodies are JSON) and a ``LineMap`` that answers "on which line is the value
at ``steps[2].expect.status``?" and "on which line is the key ``stpes``?". Keys that appear
twice in one mapping are reported, since YAML would otherwise keep the last one silently.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import yaml

MAX_VALUES = 100_000

Path = tuple[Any, ...]

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class ScenarioYamlLoader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver: ``2025-06-01`` stays the string it is in JSON."""


ScenarioYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Duplicate:
    path: Path
    key: str
    line: int
    first_line: int


@dataclass
class LineMap:
    """Line numbers (1-based) of values and of mapping keys, by their path in the data."""

    values: dict[Path, int] = field(default_factory=dict)
    keys: dict[Path, int] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)

    def line_of(self, path: Iterable[Any]) -> int:
        """The line of the value at ``path``, or of its nearest ancestor that has one."""
        path = normalise(path)
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), 1)

    def key_line(self, path: Iterable[Any]) -> int:
        """The line of the key that ends ``path`` (falls back to the value's line)."""
        path = normalise(path)
        return self.keys.get(path) or self.line_of(path)


def normalise(path: Iterable[Any]) -> Path:
    return tuple(p if isinstance(p, int) and not isinstance(p, bool) else str(p) for p in path)


def read_yaml(text: str) -> tuple[Any, LineMap]:
    """Parse one YAML document. Raises ``yaml.YAMLError`` (with marks) on a syntax error."""
    loader = ScenarioYamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, LineMap(values={(): 1})
        _check_expanded_size(node)
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    lines = LineMap()
    _walk(node, (), lines)
    return data, lines


def _check_expanded_size(root: yaml.Node) -> None:
    """Refuse a document that expands to more than ``MAX_VALUES`` values: aliases of aliases
    ("billion laughs") would otherwise make every later walk over the data take for ever."""
    sizes: dict[int, int] = {}
    order: list[yaml.Node] = []
    todo, seen = [root], set()
    while todo:  # each distinct node once, children before parents when reversed
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        order.append(node)
        todo.extend(_children(node))
    for node in reversed(order):
        sizes[id(node)] = min(MAX_VALUES + 1, 1 + sum(sizes.get(id(child), 1) for child in _children(node)))
    if sizes[id(root)] > MAX_VALUES:
        raise yaml.MarkedYAMLError(problem=f"the document expands to more than {MAX_VALUES} values (aliases of "
                                           "aliases?); a scenario is much smaller", problem_mark=root.start_mark)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _walk(node: yaml.Node, path: Path, lines: LineMap) -> None:
    lines.values.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = _key_of(key_node)
            key_line = key_node.start_mark.line + 1
            if key in seen:
                lines.duplicates.append(Duplicate(path, key, key_line, seen[key]))
                continue
            seen[key] = key_line
            lines.keys[path + (key,)] = key_line
            _walk(value_node, path + (key,), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines)


def _key_of(node: yaml.ScalarNode) -> Any:
    """The key as the constructor builds it (``200:`` is the number 200), in path form."""
    tag = node.tag
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:
            return node.value
    return str(node.value)
