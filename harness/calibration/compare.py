"""Comparing the real server's answers to the fake's, probe by probe: statuses first (the HTTP
status, and ``Status.Success``, the outcome Tharstern reports with a 200), then the shapes of the
answers whose statuses agree, merged per operation (``shapes.py``)."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .client import Answer
from .probes import Probe
from .shapes import ROOT, Shape, compare, merge, shape_of


@dataclass(frozen=True)
class Finding:
    operation: str
    path: str
    kind: str
    real: Any
    fake: Any
    probe: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Pair:
    probe: Probe
    real: Answer
    fake: Answer | None = None


def compare_pairs(pairs: list[Pair]) -> list[Finding]:
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
        if real.body_kind == "json":
            group = shapes.setdefault(probe.operation, ([], [], probe.name))
            group[0].append(shape_of(real.json))
            group[1].append(shape_of(fake.json))
    for operation, (real_shapes, fake_shapes, first_probe) in shapes.items():
        for difference in compare(merge(real_shapes), merge(fake_shapes)):
            findings.append(Finding(operation, difference.path, difference.kind, difference.real, difference.fake,
                                    first_probe))
    return _unique(findings)


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
