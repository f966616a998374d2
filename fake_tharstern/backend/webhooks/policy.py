"""The retry policy of webhook deliveries [I]: attempts, timeout, backoff, ``Retry-After``.

A delivery is tried at most ``max_attempts`` times. An attempt succeeds on any 2xx answer;
anything else (another status, a timeout, a refused or broken connection) fails it. After a
failed attempt ``n`` the next one waits ``Retry-After`` when the receiver sent one (seconds or an
HTTP date; at most ``retry_after_max_s``), else an exponential backoff with "equal jitter":
``d = min(backoff_cap_s, backoff_base_s * 2**(n-1))``, then a wait drawn uniformly from
``[d/2, d]`` by a seeded RNG. Waits run on the fake's clock, so ``POST /_fake/clock`` makes a
retry due at once. After the last attempt fails the delivery is dead-lettered (status ``dead``)
and only ``redeliver`` sends it again.
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


@dataclass(frozen=True)
class WebhookPolicy:
    max_attempts: int = 8
    timeout_s: float = 5.0
    backoff_base_s: float = 2.0
    backoff_cap_s: float = 3600.0
    retry_after_max_s: float = 86_400.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def changed(self, spec: Any) -> "WebhookPolicy":
        """A copy with the fields of ``spec`` changed; ModelStateError names bad fields."""
        if not isinstance(spec, dict) or not spec:
            raise ModelStateError.single("body", f"give at least one of {', '.join(LIMITS)}")
        errors: dict[str, list[str]] = {}
        values: dict[str, Any] = {}
        for key, value in spec.items():
            if key not in LIMITS:
                errors[str(key)] = [f"unknown field; the policy has {', '.join(LIMITS)}"]
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
        return self.backoff(failed_attempts, rng)


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
