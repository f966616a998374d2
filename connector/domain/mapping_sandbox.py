"""The Jinja2 environment mapping code runs in: no Python reachable, and bounded work.

``ImmutableSandboxedEnvironment`` refuses attributes starting with ``_`` (so no ``__class__``,
``__globals__``, ``__subclasses__``), Python callables beyond what the template is given, and
changes to lists and dicts in place (the ``merge`` filter builds a changed copy instead:
``{{ request | merge({"Quantity": quantity * 2}) | tojson }}``). The only global is ``range``; ``lipsum``, ``cycler``,
``joiner`` and ``namespace`` are absent. On top of that a budget bounds what one render may do,
since a template is a program a storefront administrator writes and the connector runs on every
price request:

- no other templates: ``import``, ``from``, ``include`` and ``extends`` are refused;
- steps: every loop iteration (each ``for`` iterates through a counting filter put in by a
  rewrite of the parsed template) and every call (macros included) costs one step, ``range``
  costs its length; ``recursive`` loops are refused (their inner iterations bypass the count);
- sizes: ``*``, ``+``, ``~``, ``str.replace``, ``str.join`` and the ``replace``, ``join`` and
  ``sum`` filters refuse to build a string or list above ``MAX_SIZE`` (checked before building),
  integers above ``MAX_INT_BITS`` bits (``*`` and ``**``), exponents above 64, ``%`` widths and
  precisions above 999 and ``%`` results above ``MAX_SIZE`` (estimated first); filters that
  pad to a width given at run time (``center``, ``indent``, ``wordwrap``, ``format``, ``batch``,
  ``slice``) and ``str.format``/``translate`` are gone;
- time: past ``MAX_SECONDS`` the next step is refused.

These budgets give clear messages for the usual runaway code, but they are not the hard line:
the connector renders mapping code in a separate worker process with operating-system limits on
memory and CPU and a wall-clock deadline (``connector/services/mapping_runner.py``), so what
slips past a budget (a filter chain that multiplies a string's size) is stopped there.
"""
from __future__ import annotations

import functools
import operator
import re
import time
from typing import Any, Callable, Iterable, Iterator

from jinja2 import Environment, StrictUndefined, nodes, pass_environment, pass_eval_context
from jinja2.filters import do_join, do_replace, sync_do_sum
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

MAX_STEPS = 100_000
MAX_SIZE = 100_000
MAX_INT_BITS = 4096
MAX_SECONDS = 1.0
# a %-conversion: flags, width and precision (``%-08.3f``, ``%(name)s``, ``%*d``)
CONVERSION = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|\d*)(?:\.(\*|\d*))?")
MAX_FORMAT_WIDTH = 999
COUNTED, CONCAT = "_counted", "_concat"
UNBOUNDED_FILTERS = ("center", "indent", "wordwrap", "format", "batch", "slice")
UNSAFE_STR_METHODS = ("format", "format_map", "center", "ljust", "rjust", "zfill", "expandtabs", "translate",
                      "maketrans")


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else None


class BudgetedSandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset(["*", "**", "%", "+"])

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
        self.globals = {"range": self._range}
        for name in UNBOUNDED_FILTERS:
            self.filters.pop(name, None)
        self.filters.update({COUNTED: self._counted, CONCAT: self._concat, "replace": self._replace_filter,
                             "join": self._join_filter, "sum": self._sum_filter,
                             "merge": self._merge_filter})
        self.filters = {name: _size_checked(name, f) for name, f in self.filters.items()}
        self._steps = MAX_STEPS
        self._deadline = float("inf")

    # -- the budget -------------------------------------------------------------------------
    def start(self) -> None:
        self._steps = MAX_STEPS
        self._deadline = time.thread_time() + MAX_SECONDS  # processor time: a loaded machine is not the template's fault

    def _spend(self, steps: int = 1) -> None:
        self._steps -= steps
        if self._steps < 0:
            raise SecurityError(f"the mapping code may take at most {MAX_STEPS} steps (loop iterations and calls)")
        if time.thread_time() > self._deadline:
            raise SecurityError(f"the mapping code used more than {MAX_SECONDS:g} s of processor time")

    @staticmethod
    def _check_size(size: int, what: str) -> None:
        if size > MAX_SIZE:
            raise SecurityError(f"{what} would build more than {MAX_SIZE} characters or items")

    # -- rewriting the parsed template --------------------------------------------------------
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = _rewrite(super()._parse(source, name, filename))
        assert isinstance(tree, nodes.Template)
        return tree

    # -- hooks the sandbox calls --------------------------------------------------------------
    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, (str, bytes)) and attr in UNSAFE_STR_METHODS:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def wrap_str_format(self, value: Any) -> None:
        return None  # str.format is refused (is_safe_attribute) rather than wrapped

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's signature)
        __self._spend()
        owner, name = getattr(__obj, "__self__", None), getattr(__obj, "__name__", "")
        if isinstance(owner, str) and name == "replace" and len(args) >= 2:
            __self._check_size(_replaced_size(owner, args[0], args[1]), "replace")
        if isinstance(owner, str) and name == "join" and args:
            items = list(args[0])
            __self._check_size(_joined_size(owner, items), "join")
            args = (items, *args[1:])
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Context, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "%":
            if isinstance(left, str):
                self._check_size(_formatted_size(left, right), "%")
            return operator.mod(left, right)
        if operator_name == "**":
            if isinstance(right, (int, float)) and abs(right) > 64:
                raise SecurityError("exponents above 64 are not allowed")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() * max(right, 0) > MAX_INT_BITS:
                raise SecurityError(f"numbers above {MAX_INT_BITS} bits are not allowed")
            return operator.pow(left, right)
        left_size, right_size = _size(left), _size(right)
        if operator_name == "+":
            if left_size is not None and right_size is not None:
                self._check_size(left_size + right_size, "+")
            return operator.add(left, right)
        if left_size is not None or right_size is not None:
            size, other = (left_size, right) if left_size is not None else (right_size, left)
            if isinstance(other, int) and (size or 0) * other > MAX_SIZE:
                raise SecurityError(f"repetition would build more than {MAX_SIZE} characters or items")
        elif isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise SecurityError(f"numbers above {MAX_INT_BITS} bits are not allowed")
        return operator.mul(left, right)

    # -- globals and filters ------------------------------------------------------------------
    def _range(self, *args: int) -> range:
        numbers = range(*args)
        self._spend(len(numbers))
        return numbers

    def _counted(self, iterable: Iterable[Any]) -> Iterator[Any]:
        for item in iterable:
            self._spend()
            yield item

    def _concat(self, parts: list[Any]) -> str:
        texts = [str(part) for part in parts]
        self._check_size(sum(map(len, texts)), "~")
        return "".join(texts)

    @pass_eval_context
    def _replace_filter(self, eval_ctx: EvalContext, s: Any, old: str, new: str, count: int | None = None) -> str:
        self._check_size(_replaced_size(str(s), str(old), str(new)), "replace")
        return do_replace(eval_ctx, s, old, new, count)

    @pass_eval_context
    def _join_filter(self, eval_ctx: EvalContext, value: Iterable[Any], d: str = "", attribute: Any = None) -> str:
        items = list(value)
        self._check_size(_joined_size(str(d), [str(i) for i in items]), "join")
        joined: str = do_join(eval_ctx, items, d, attribute)
        return joined

    def _merge_filter(self, base: Any, *changes: Any) -> dict[str, Any]:
        """``request | merge({"Notes": "Rush"})``: a new object with the changes merged in, dicts key by
        key at every depth, anything else replaced (how mapping code changes a value: the
        sandbox keeps ``request`` itself read-only). Each merged key costs a step."""
        if not isinstance(base, dict) or not all(isinstance(c, dict) for c in changes):
            raise TypeError("merge takes objects: request | merge({\"Name\": value}, ...)")
        merged = base
        for change in changes:
            merged = _merged(merged, change, self._spend)
        return merged

    @pass_environment
    def _sum_filter(self, environment: Environment, iterable: Iterable[Any], attribute: Any = None, start: Any = 0) -> Any:
        items = list(iterable)
        sizes = [s for s in map(_size, [start, *items]) if s is not None]
        self._check_size(sum(sizes), "sum")
        return sync_do_sum(environment, items, attribute, start)


def _size_checked(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose result may not be larger than ``MAX_SIZE`` (``x|list|string|list|string``
    grows five-fold a step); it keeps the filter's ``pass_*`` marking."""
    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        size = _size(result)
        if size is not None and size > MAX_SIZE:
            raise SecurityError(f"the {name} filter would build more than {MAX_SIZE} characters or items")
        return result
    return checked


def _merged(base: Any, change: Any, spend: Callable[[], None]) -> Any:
    if not (isinstance(base, dict) and isinstance(change, dict)):
        return change
    merged = dict(base)
    for key, value in change.items():
        spend()
        merged[key] = _merged(base.get(key), value, spend) if key in base else value
    return merged


def _formatted_size(template: str, values: Any) -> int:
    """An upper bound of ``template % values`` before it is built: widths and precisions above
    ``MAX_FORMAT_WIDTH`` (or given at run time with ``*``) are refused, and every conversion counts
    as the longest value it may insert (``'%(a)s' * 200 % {'a': long}`` is 200 times ``long``)."""
    conversions = CONVERSION.findall(template)
    for width, precision in conversions:
        if "*" in (width, precision) or int(width or 0) > MAX_FORMAT_WIDTH or int(precision or 0) > MAX_FORMAT_WIDTH:
            raise SecurityError(f"format widths and precisions above {MAX_FORMAT_WIDTH} are not allowed")
    inserted = values.values() if isinstance(values, dict) else values if isinstance(values, tuple) else (values,)
    longest = max((_size(v) or 0 for v in inserted), default=0) + 2 * MAX_FORMAT_WIDTH
    return len(template) + len(conversions) * longest


def _replaced_size(text: str, old: Any, new: Any) -> int:
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    hits = text.count(old) if old else len(text) + 1
    return len(text) + hits * max(0, len(new) - len(old))


def _joined_size(separator: str, items: list[Any]) -> int:
    return sum(len(i) if isinstance(i, str) else len(str(i)) for i in items) + len(separator) * max(0, len(items) - 1)


def _rewrite(node: nodes.Node) -> nodes.Node:
    """Loops iterate through the counting filter; ``~`` goes through the bounded concat;
    recursive loops are refused."""
    for field in node.fields:
        value = getattr(node, field, None)
        if isinstance(value, nodes.Node):
            setattr(node, field, _rewrite(value))
        elif isinstance(value, list):
            setattr(node, field, [_rewrite(v) if isinstance(v, nodes.Node) else v for v in value])
    if isinstance(node, (nodes.Import, nodes.FromImport, nodes.Include, nodes.Extends)):
        raise SecurityError("import, from, include and extends are not allowed: mapping code is one template")
    if isinstance(node, nodes.For):
        if node.recursive:
            raise SecurityError("recursive loops are not allowed")
        node.iter = nodes.Filter(node.iter, COUNTED, [], [], None, None, lineno=node.lineno)
    if isinstance(node, nodes.Concat):
        return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), CONCAT, [], [], None, None, lineno=node.lineno)
    return node
