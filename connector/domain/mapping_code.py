"""Mapping code: advanced mapping written as a Jinja2 template whose output is the estimate
request as JSON (reference §2.6, "configurable mapping code").

The template runs in Jinja2's ``SandboxedEnvironment``: no attribute starting with ``_``, no
Python callables beyond Jinja's filters and tests, so no Python is reachable. On top of that a
budget bounds the work one render may do (``range`` sizes, string and list repetition, output
size). Every error names the template line (or, for JSON that does not parse, the output line).

What the code sees: ``request`` (the request built so far: template, attribute mappings and
the connector's fields), ``sample`` (Tharstern's sample request), ``quantity``,
``customer_code``, ``attributes`` (attribute name → chosen value name) and ``nodes``
(attribute name → ``{"node", "value"}`` of the chosen value's mapping).
"""
from __future__ import annotations

import json
import operator
import re
import traceback
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

TEMPLATE_NAME = "<mapping code>"
MAX_OUTPUT_CHARS = 200_000
MAX_RANGE_TOTAL = 100_000
MAX_REPEAT = 100_000
WIDE_FORMAT = re.compile(r"%[-+ #0]*(\d{4,}|\*)")


class MappingCodeError(ValueError):
    def __init__(self, message: str, line: int | None = None, where: str = "template") -> None:
        self.message = message
        self.line = line
        self.where = where  # template | output
        place = f"{where} line {line}: " if line else ""
        super().__init__(place + message)


class BudgetedSandbox(SandboxedEnvironment):
    """The sandbox plus limits on how much one render may build."""

    intercepted_binops = frozenset(["*", "**", "%"])
    unbounded_filters = ("center", "indent", "wordwrap", "format")

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
        self.globals = {"range": self._range}
        for name in self.unbounded_filters:  # each can build a string of any width
            self.filters.pop(name, None)
        self._budget = 0

    def wrap_str_format(self, value: Any) -> None:
        return None  # str.format is refused below rather than wrapped: it can build any width

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr in ("format", "format_map", "center", "ljust", "rjust", "zfill", "expandtabs"):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def start(self) -> None:
        self._budget = MAX_RANGE_TOTAL

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        self._budget -= len(numbers)
        if self._budget < 0:
            raise SecurityError(f"loops may run at most {MAX_RANGE_TOTAL} times in all")
        return numbers

    def call_binop(self, context, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "%":
            if isinstance(left, str) and WIDE_FORMAT.search(left):
                raise SecurityError("format widths above 999 are not allowed")
            return operator.mod(left, right)
        if operator_name == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise SecurityError("exponents above 64 are not allowed")
            return operator.pow(left, right)
        sized = [v for v in (left, right) if isinstance(v, (str, list, tuple))]
        if sized:
            other = right if sized[0] is left else left
            if isinstance(other, int) and len(sized[0]) * other > MAX_REPEAT:
                raise SecurityError(f"repetition would build more than {MAX_REPEAT} items")
        return operator.mul(left, right)


def compile_mapping_code(source: str):
    env = BudgetedSandbox()
    try:
        return env, env.from_string(source)
    except TemplateSyntaxError as error:
        raise MappingCodeError(error.message or "syntax error", error.lineno) from None


def _template_line(error: BaseException) -> int | None:
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == "<template>":
            line = frame.lineno
    return line


def render_mapping_code(source: str, context: dict[str, Any]) -> dict[str, Any]:
    """Render and parse; the result must be a JSON object."""
    env, template = compile_mapping_code(source)
    env.start()
    try:
        output = template.render(**context)
    except SecurityError as error:
        raise MappingCodeError(f"not allowed: {error}", _template_line(error)) from None
    except TemplateError as error:
        raise MappingCodeError(error.message or type(error).__name__, _template_line(error)) from None
    except (ArithmeticError, TypeError, ValueError, LookupError, RecursionError) as error:
        raise MappingCodeError(f"{type(error).__name__}: {error}", _template_line(error)) from None
    if len(output) > MAX_OUTPUT_CHARS:
        raise MappingCodeError(f"the output has {len(output)} characters; at most {MAX_OUTPUT_CHARS} are allowed")
    try:
        result = json.loads(output)
    except json.JSONDecodeError as error:
        text = output.splitlines()[error.lineno - 1] if output.splitlines() else ""
        raise MappingCodeError(f"the output is not JSON: {error.msg} at column {error.colno} "
                               f"(output: {text.strip()[:120]!r})", error.lineno, "output") from None
    if not isinstance(result, dict):
        raise MappingCodeError(f"the output must be a JSON object (the estimate request), not {type(result).__name__}",
                               None, "output")
    return result
