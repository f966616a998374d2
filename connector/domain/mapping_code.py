"""Mapping code: advanced mapping written as a Jinja2 template whose output is the estimate
request as JSON (reference §2.6, "configurable mapping code").

The template runs in a budgeted Jinja2 sandbox (``mapping_sandbox.py``): no Python reachable,
and bounded steps, sizes and time; the output is cut off as soon as it passes
``MAX_OUTPUT_CHARS`` and refused when it nests deeper than ``MAX_OUTPUT_DEPTH``. The connector
calls this in a worker process under hard limits (``connector/services/mapping_runner.py``). Every error names the template line (or, for JSON that does not parse, the
output line).

What the code sees: ``request`` (the request built so far: template, attribute mappings and
the connector's fields), ``sample`` (Tharstern's sample request), ``quantity``,
``customer_code``, ``attributes`` (attribute name → chosen value name) and ``nodes``
(attribute name → ``{"node", "value"}`` of the chosen value's mapping).
"""
from __future__ import annotations

import json
import traceback
from typing import Any

from jinja2 import Template, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SecurityError

from tharstern_kit.request_guard_body import first_unstorable, too_deep

from .mapping_sandbox import BudgetedSandbox

MAX_OUTPUT_CHARS = 200_000
MAX_OUTPUT_DEPTH = 32  # an estimate request nests a few levels; deeper output is refused, not recursed into


class MappingCodeError(ValueError):
    def __init__(self, message: str, line: int | None = None, where: str = "template") -> None:
        self.message = message
        self.line = line
        self.where = where  # template | output
        place = f"{where} line {line}: " if line else ""
        super().__init__(place + message)


def compile_mapping_code(source: str) -> tuple[BudgetedSandbox, Template]:
    env = BudgetedSandbox()
    try:
        return env, env.from_string(source)
    except TemplateSyntaxError as error:
        raise MappingCodeError(error.message or "syntax error", error.lineno) from None
    except SecurityError as error:
        raise MappingCodeError(f"not allowed: {error}") from None


def _template_line(error: BaseException) -> int | None:
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename == "<template>":
            line = frame.lineno
    return line


def _bounded_output(template: Template, context: dict[str, Any]) -> str:
    """Render piece by piece, stopping as soon as the output is too long (before it is built)."""
    pieces, size = [], 0
    for piece in template.generate(**context):
        size += len(piece)
        if size > MAX_OUTPUT_CHARS:
            raise MappingCodeError(f"the output has more than {MAX_OUTPUT_CHARS} characters; at most "
                                   f"{MAX_OUTPUT_CHARS} are allowed")
        pieces.append(piece)
    return "".join(pieces)


def render_mapping_code(source: str, context: dict[str, Any]) -> dict[str, Any]:
    """Render and parse; the result must be a JSON object."""
    env, template = compile_mapping_code(source)
    env.start()
    try:
        output = _bounded_output(template, context)
    except MappingCodeError:
        raise
    except SecurityError as error:
        raise MappingCodeError(f"not allowed: {error}", _template_line(error)) from None
    except TemplateError as error:
        raise MappingCodeError(error.message or type(error).__name__, _template_line(error)) from None
    except (ArithmeticError, TypeError, ValueError, LookupError, RecursionError) as error:
        raise MappingCodeError(f"{type(error).__name__}: {error}", _template_line(error)) from None
    if too_deep(output.encode("utf-8", "surrogatepass"), MAX_OUTPUT_DEPTH):
        raise MappingCodeError(f"the output nests deeper than {MAX_OUTPUT_DEPTH} levels", None, "output")
    try:
        result = json.loads(output)
    except json.JSONDecodeError as error:
        text = output.splitlines()[error.lineno - 1] if output.splitlines() else ""
        raise MappingCodeError(f"the output is not JSON: {error.msg} at column {error.colno} "
                               f"(output: {text.strip()[:120]!r})", error.lineno, "output") from None
    unstorable = first_unstorable(result, refuse_nul=False)
    if unstorable:
        path, problem = unstorable
        raise MappingCodeError(f"the output cannot be sent: {path} {problem}", None, "output")
    if not isinstance(result, dict):
        raise MappingCodeError(f"the output must be a JSON object (the estimate request), not {type(result).__name__}",
                               None, "output")
    return result
