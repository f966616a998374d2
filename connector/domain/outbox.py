"""The outbox's retry rule: exponential backoff with jitter, on the connector's clock."""
from __future__ import annotations

import random


def backoff_s(attempt: int, base_s: float, cap_s: float, rng: random.Random) -> float:
    """The wait after failed attempt number ``attempt`` (1-based): drawn from ``[d/2, d]`` with
    ``d = min(cap, base · 2^(attempt-1))``."""
    ceiling = min(cap_s, base_s * (2 ** max(0, attempt - 1)))
    return rng.uniform(ceiling / 2, ceiling)
