"""Plans of automatic job progression [I] (see ``autoprogress``): ``AutoPlan`` and how a
control-plane body becomes one."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tharstern_kit.clock import iso_at

from ..errors import ModelStateError
from ..records import enums
from ..records.entities import Fields, raise_if

DEFAULT_COURIER = "Fake Courier"
MAX_AFTER_S = 10 * 365 * 86400


@dataclass
class AutoPlan:
    target: str
    after_s: float | None = None
    after_reads: int | None = None
    tracking_number: str | None = None
    courier: str = ""
    due_at: float | None = None
    reads: int = 0

    @property
    def mode(self) -> str:
        return "time" if self.after_s is not None else ("reads" if self.after_reads is not None else "immediate")

    def to_dict(self) -> dict[str, Any]:
        return {"to": self.target, "mode": self.mode, "after_s": self.after_s, "after_reads": self.after_reads,
                "TrackingNumber": self.tracking_number, "Courier": self.courier,
                "next_step_at": iso_at(self.due_at) if self.due_at is not None else None,
                "reads": self.reads if self.after_reads is not None else None}


def parse_plan(body: Any, *, allow_tracking: bool = True) -> AutoPlan:
    if not isinstance(body, dict):
        raise ModelStateError.single("body", "must be an object {to, after_s | after_reads, TrackingNumber, Courier}")
    errors: dict[str, list[str]] = {}
    f = Fields(body, "", errors)
    allowed = {"to", "after_s", "after_reads", "courier"} | ({"trackingnumber"} if allow_tracking else set())
    for key in body:
        if str(key).lower() not in allowed:
            f.fail(str(key), f"unknown field; a plan takes {', '.join(sorted(allowed))}")
    raw = f.raw("to")
    target = enums.lookup(enums.JOB_STATUSES, raw)
    if raw is None:
        f.fail("to", f"is required: the state to progress to ({', '.join(enums.JOB_STATUSES)})")
    elif target is None:
        f.fail("to", f"'{raw}' is not a job status; use one of {', '.join(enums.JOB_STATUSES)}")
    after_s = f.number("after_s", None, minimum=0.001, maximum=MAX_AFTER_S) if f.has("after_s") else None
    after_reads = f.number("after_reads", None, integer=True, minimum=1, maximum=1_000_000) if f.has("after_reads") else None
    if after_s is not None and after_reads is not None:
        f.fail("after_reads", "give after_s or after_reads, not both (neither: immediately)")
    plan = AutoPlan(target=target or "", after_s=after_s, after_reads=after_reads,
                    tracking_number=f.text("TrackingNumber", None, max_len=100) or None,
                    courier=f.text("Courier", "", max_len=100) or "")
    raise_if(errors)
    return plan
