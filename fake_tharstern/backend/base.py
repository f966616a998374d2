"""``BackendBase``: what the mixins of ``FakeTharstern`` use on ``self``, declared once, typed.

``FakeTharstern`` is one object assembled from one mixin per Tharstern resource
(``resources/``, ``production/``, ``webhooks/operations.py``). Each mixin derives from this class,
so every attribute a mixin reads — set by ``FakeTharstern.__init__`` and ``reset`` — and every
method one mixin calls on another is named here with its type, and a type checker holds each
mixin to it.
"""
from __future__ import annotations

import random
import threading
from typing import TYPE_CHECKING, Any

from tharstern_kit.clock import Clock

from .controls.allowlist import Allowlist
from .controls.api_faults import FaultBook
from .controls.coverage import Coverage
from .controls.journal import Journal
from .controls.quirks import Quirks
from .controls.stubs import StubBook
from .production.plans import AutoPlan
from .records.state import State
from .settings import Settings
from .snapshots.changes import Changes
from .webhooks.hub import WebhookHub


class BackendBase:
    settings: Settings
    clock: Clock
    lock: threading.RLock  # re-entrant: a backend method may call another under the lock
    state: State  # replaced whole by reset and seed: read it under the lock
    rng: random.Random  # seeded: generated codes and tokens repeat run after run
    fixture: str
    seed_value: int
    held: int  # requests sleeping in a hang or latency fault now
    _wake: threading.Event  # set (and replaced) by a reset or a restore: wakes the requests held
    # test controls beside the data
    journal: Journal
    faults: FaultBook
    coverage: Coverage
    allowlist: Allowlist
    quirks: Quirks
    stubs: StubBook
    webhooks: WebhookHub
    # automatic job progression (production/autoprogress.py): plans by job ID, and the default
    job_plans: dict[int, AutoPlan]
    job_auto_default: AutoPlan | None
    changes: Changes  # counts changes; the state file saves after them (snapshots/statefile.py)

    if TYPE_CHECKING:  # provided by one mixin, called by others
        def _job_by_no(self, job_no: Any) -> dict[str, Any]: ...  # production/jobs.py

        def _plan_steps(self, job: dict[str, Any], target: str, *, walk: bool = True) -> list[str]: ...

        def _step_job(self, job: dict[str, Any], target: str, *, at: float, source: str,
                      tracking_number: str | None = None, courier: str = "") -> dict[str, Any]: ...

        def _plan_view(self, job_id: int) -> dict[str, Any] | None: ...  # production/autoprogress.py

        def _job_created(self, job_id: int) -> None: ...

        def _jobs_read(self, listing: dict[str, Any]) -> dict[str, Any]: ...

        def _tick_job_plans(self, now: float) -> float | None: ...

        def _stock_item_changed(self, before: dict[str, Any], after: dict[str, Any]) -> None: ...  # webhooks
