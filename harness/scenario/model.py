"""A loaded, checked scenario: what the runner runs and the reports name."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BUILTIN_VARIABLES = ("storefront", "connector_url", "tharstern_url", "tharstern_api_url", "harness_ip")


@dataclass
class Step:
    section: str  # "steps" or "finally"
    index: int  # 0-based within its section
    kind: str  # connector, tharstern, wait_for, expect_journal, expect_deliveries, clock
    spec: dict[str, Any]
    line: int
    origin: str | None = None  # the included file the step was written in (None: the scenario's own)

    @property
    def name(self) -> str | None:
        return self.spec.get("name")

    @property
    def label(self) -> str:
        word = "step" if self.section == "steps" else "finally step"
        where = f"{self.origin}:{self.line}" if self.origin else f"line {self.line}"
        return f"{word} {self.index + 1} ({where})"

    @property
    def summary(self) -> str:
        """One line saying what the step does: ``connector POST /customers``."""
        if self.name:
            return self.name
        spec = self.spec
        if self.kind in ("connector", "tharstern"):
            return f"{self.kind} {spec[self.kind]}"
        if self.kind == "wait_for":
            wait = spec["wait_for"]
            side = "connector" if "connector" in wait else "tharstern"
            return f"wait for {side} {wait.get(side)} (up to {wait.get('timeout_s', 5)} s)"
        if self.kind == "expect_journal":
            return "expect in the fake's journal: " + "; ".join(_entry_text(e) for e in spec["expect_journal"]["tharstern"])
        if self.kind == "expect_deliveries":
            return "expect webhook deliveries: " + "; ".join(_entry_text(e) for e in spec["expect_deliveries"])
        if self.kind == "clock":
            return f"advance the clock {spec['clock'].get('advance_s')} s"
        return self.kind

    @property
    def uses_connector(self) -> bool:
        return (self.kind == "connector" or (self.kind == "wait_for" and "connector" in self.spec["wait_for"])
                or (self.kind == "clock" and self.spec["clock"].get("only") == "connector"))


@dataclass
class Scenario:
    title: str
    file: str
    line: int = 1
    tags: list[str] = field(default_factory=list)
    description: str = ""
    storefront: str = "default"
    given: dict[str, Any] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    finally_steps: list[Step] = field(default_factory=list)
    lines: Any = field(default=None, repr=False, compare=False)  # the file's LineMap, for later checks
    variables: dict[str, Any] = field(default_factory=dict)  # vars:, and the row of examples: when one
    example: int | None = None  # the row of examples: this scenario is made from (0-based)
    included_files: list[str] = field(default_factory=list)

    def line_of(self, path: tuple) -> int:
        """The line of the value at ``path`` in the scenario's file (the title's when unknown)."""
        return self.lines.line_of(path) if self.lines is not None else self.line

    @property
    def needs_connector(self) -> bool:
        return "connector" in self.given or any(s.uses_connector for s in self.steps + self.finally_steps)

    @property
    def area(self) -> str:
        """The folder the file lives in (``customers`` for scenarios/customers/x.scenario.yaml)."""
        return Path(self.file).parent.name or "scenarios"

    @property
    def name(self) -> str:
        base = Path(self.file).name.removesuffix(".scenario.yaml")
        return base if self.example is None else f"{base}[{self.example + 1}]"


def _entry_text(entry: dict[str, Any]) -> str:
    count = entry.get("count")
    fields = " ".join(str(v) if k in ("method", "path") else f"{k}={v}" for k, v in entry.items() if k != "count")
    return f"{fields or 'anything'} ×{count if count is not None else '≥1'}"
