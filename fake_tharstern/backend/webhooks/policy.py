"""The retry policy of webhook deliveries [I]: attempts, timeout, schedule or backoff, ``Retry-After``.

A delivery is tried at most ``max_attempts`` times. An attempt succeeds on any 2xx answer;
``410 Gone`` ends the subscription (the hub removes it; no retry); anything else (another status,
a timeout, a refused or broken connection) fails it. After a failed attempt ``n`` the next one
waits ``Retry-After`` when the receiver sent one (seconds or an HTTP date; at most
``retry_after_max_s``), else:

- with a ``schedule_s`` (the default): its ``n``-th wait, the last one repeated if attempts remain.
  The default is Standard Webhooks' (Svix's) published schedule: 5 s, 5 min, 30 min, 2 h, 5 h,
  10 h, 10 h after the first attempt, which with the default 8 attempts is the whole of it [I: no
  jitter, so runs repeat exactly; Svix documents the same waits];
- with an empty schedule: an exponential backoff with "equal jitter":
  ``d = min(backoff_cap_s, backoff_base_s * 2**(n-1))``, then a wait drawn uniformly from
  ``[d/2, d]`` by a seeded RNG. Changing ``backoff_base_s`` or ``backoff_cap_s`` (to other
  values) through the control plane without a schedule chooses this.

Waits run on the fake's clock, so ``POST /_fake/clock`` makes a retry due at once. After the last
attempt fails the delivery is dead-lettered (status ``dead``) and only ``redeliver`` sends it again.
"""
from __future__ import annotations

import random
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from ..errors import ModelStateError

LIMITS = {
    "max_attempts": (1, 100),
    "timeout_s": (0.01, 300.0),
    "backoff_base_s": (0.001, 86_400.0),
    "backoff_cap_s": (0.001, 7 * 86_400.0),
    "retry_after_max_s": (0.0, 7 * 86_400.0),
}


# Standard Webhooks / Svix: retries 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h after the attempt before.
STANDARD_SCHEDULE_S = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)
SCHEDULE_MAX = 100


@dataclass(frozen=True)
class WebhookPolicy:
    max_attempts: int = 8
    timeout_s: float = 5.0
    backoff_base_s: float = 2.0
    backoff_cap_s: float = 3600.0
    retry_after_max_s: float = 86_400.0
    schedule_s: tuple[float, ...] = STANDARD_SCHEDULE_S

    def to_dict(self) -> dict[str, Any]:
        body = asdict(self)
        body["schedule_s"] = list(self.schedule_s)
        return body

    def changed(self, spec: Any) -> "WebhookPolicy":
        """A copy with the fields of ``spec`` changed; ModelStateError names bad fields."""
        if not isinstance(spec, dict) or not spec:
            raise ModelStateError.single("body", f"give at least one of {', '.join(LIMITS)}")
        errors: dict[str, list[str]] = {}
        values: dict[str, Any] = {}
        new_backoff = [k for k in ("backoff_base_s", "backoff_cap_s") if k in spec and spec[k] != getattr(self, k)]
        if new_backoff and "schedule_s" not in spec:
            values["schedule_s"] = ()  # a new backoff given alone means: back off exponentially
        for key, value in spec.items():
            if key == "schedule_s":
                schedule = parse_schedule(value)
                if isinstance(schedule, str):
                    errors[key] = [schedule]
                else:
                    values[key] = schedule
                continue
            if key not in LIMITS:
                errors[str(key)] = [f"unknown field; the policy has {', '.join(LIMITS)}, schedule_s"]
                continue
            low, high = LIMITS[key]
            integer = key == "max_attempts"
            ok_type = isinstance(value, int) if integer else isinstance(value, (int, float))
            if isinstance(value, bool) or not ok_type or not low <= value <= high:
                kind = "an integer" if integer else "a number"
                errors[key] = [f"must be {kind} between {low:g} and {high:g}"]
                continue
            values[key] = int(value) if integer else float(value)
        policy = replace(self, **values) if not errors else self
        if not errors and policy.backoff_cap_s < policy.backoff_base_s:
            errors["backoff_cap_s"] = ["must be at least backoff_base_s"]
        if errors:
            raise ModelStateError(errors)
        return policy

    def backoff(self, failed_attempts: int, rng: random.Random) -> float:
        """The wait after ``failed_attempts`` failures (1 or more), with equal jitter."""
        exponent = min(max(failed_attempts - 1, 0), 60)
        ceiling = min(self.backoff_cap_s, self.backoff_base_s * (2 ** exponent))
        return float(ceiling / 2 + rng.uniform(0, ceiling / 2))

    def next_wait(self, failed_attempts: int, retry_after_s: float | None, rng: random.Random) -> float:
        if retry_after_s is not None:
            return min(max(retry_after_s, 0.0), self.retry_after_max_s)
        if self.schedule_s:
            return self.schedule_s[min(max(failed_attempts, 1), len(self.schedule_s)) - 1]
        return self.backoff(failed_attempts, rng)


def parse_schedule(value: Any) -> tuple[float, ...] | str:
    """A schedule (seconds between attempts: a list, or text such as ``"5,300,1800"``), or why not."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = [value]
    if isinstance(value, str):
        parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
        try:
            value = [float(p) for p in parts]
        except ValueError:
            return "must be a list of seconds between attempts, e.g. [5, 300, 1800] or \"5,300,1800\""
    if not isinstance(value, (list, tuple)) or len(value) > SCHEDULE_MAX:
        return f"must be a list of at most {SCHEDULE_MAX} waits in seconds ([] for exponential backoff)"
    for wait in value:
        if isinstance(wait, bool) or not isinstance(wait, (int, float)) or not 0 <= wait <= 7 * 86_400:
            return "each wait must be a number of seconds between 0 and 604800"
    return tuple(float(w) for w in value)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date (relative to ``now``, the
    receiver's ``Date`` or the wall clock). None when absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    reference = now or datetime.now(timezone.utc)
    return max(0.0, (moment - reference).total_seconds())
