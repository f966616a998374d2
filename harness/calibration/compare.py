"""Comparing the real server's answers to the fake's, probe by probe: statuses first (the HTTP
status, and ``Status.Success``, the outcome Tharstern reports with a 200), then the shapes of the
answers whose statuses agree, merged per operation (``shapes.py``)."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .client import Answer
from .probes import Probe
from .shapes import ROOT, Shape, compare, filled_lists, merge, shape_of

EMPTY_ON_ONE_SIDE = ("a list empty on one side only, although both servers hold the same data (the fake was "
                     "made from this run's recording)")


@dataclass(frozen=True)
class Finding:
    operation: str
    path: str
    kind: str
    real: Any
    fake: Any
    probe: str = ""
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Pair:
    probe: Probe
    real: Answer
    fake: Answer | None = None


def compare_pairs(pairs: list[Pair], *, same_data: bool = False) -> list[Finding]:
    """``same_data``: both servers hold the same data (as far as a fixture carries it: not
    estimates, orders or jobs), so a list that has items on one side and none on the other is a
    difference too (``missing``/``extra`` at the list's items)."""
    findings: list[Finding] = []
    shapes: dict[str, tuple[list[Shape], list[Shape], str]] = {}
    for pair in pairs:
        real, fake, probe = pair.real, pair.fake, pair.probe
        if fake is None:
            continue
        if real.status != fake.status:
            findings.append(Finding(probe.operation, "(HTTP status)", "status", real.status, fake.status, probe.name))
            continue
        if real.body_kind != fake.body_kind:
            findings.append(Finding(probe.operation, ROOT, "type", real.body_kind, fake.body_kind, probe.name))
            continue
        success = _success(real), _success(fake)
        if None not in success and success[0] != success[1]:
            findings.append(Finding(probe.operation, "Status.Success", "status", success[0], success[1], probe.name))
        if real.body_kind == "json" and ((same_data and probe.fixture_data) or probe.filled_note):
            findings.extend(_lists_filled_differently(probe, real.json, fake.json))
        if real.body_kind == "json":
            group = shapes.setdefault(probe.operation, ([], [], probe.name))
            group[0].append(shape_of(real.json))
            group[1].append(shape_of(fake.json))
    for operation, (real_shapes, fake_shapes, first_probe) in shapes.items():
        for difference in compare(merge(real_shapes), merge(fake_shapes)):
            findings.append(Finding(operation, difference.path, difference.kind, difference.real, difference.fake,
                                    first_probe))
    return _unique(findings)


def _lists_filled_differently(probe: Probe, real: Any, fake: Any) -> list[Finding]:
    real_lists, fake_lists = filled_lists(real), filled_lists(fake)
    found = []
    for path in sorted(real_lists.keys() & fake_lists.keys()):
        if real_lists[path] != fake_lists[path]:
            kind = "missing" if real_lists[path] else "extra"
            found.append(Finding(probe.operation, f"{path}[]", kind, "items" if real_lists[path] else "none",
                                 "items" if fake_lists[path] else "none", probe.name,
                                 probe.filled_note or EMPTY_ON_ONE_SIDE))
    return found


def _success(answer: Answer) -> bool | None:
    body = answer.json
    status = body.get("Status") if isinstance(body, dict) else None
    value = status.get("Success") if isinstance(status, dict) else None
    return value if isinstance(value, bool) else None


def _unique(findings: list[Finding]) -> list[Finding]:
    seen, unique = set(), []
    for finding in findings:
        key = (finding.operation, finding.path, finding.kind)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique
