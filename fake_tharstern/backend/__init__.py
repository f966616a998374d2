"""The fake Tharstern backend: plain Python state and rules, with a lock and a clock. No Flask.

``FakeTharstern`` is assembled from one mixin per Tharstern resource (auth, customers, catalog,
estimates, orders, jobs, webhooks); each public method is named like the API operation it serves, so a route
calls an adapter which calls the backend method of the same name. Test controls (journal,
faults, allowlist, quirks, coverage, clock) live beside the data and survive no reset except
their own: ``reset()`` returns the data to the start fixture and clears tokens, journal, faults,
stubs, quirks, the allowlist override and the clock offset; coverage is kept for the whole run, and
so are the webhook event ids (``event_ids``), which are unique for the life of the backend (and of
a state file, which carries their counter).

Beyond Tharstern [I]: ``stubs`` (``StubBook``) answer what the fake does not model; a snapshot
(``export_snapshot``/``import_snapshot``, see ``snapshot``) is the whole state as JSON, validated
in full before it replaces anything; ``changes`` counts changes for a state file
(``statefile.StateFile``, set as ``state_file`` when one runs), which ``close()`` saves a last time.
A start fixture may be a user's fixture file (``Settings.fixture_file``): its entities on top of
its base fixture; reset returns to it.

Webhooks (``self.webhooks``, a ``WebhookHub``) have a background dispatcher thread, started the
first time there is something to deliver (never by building the backend) and stopped by
``close()``; reset clears subscriptions, deliveries, delivery faults, event sequences and job
progression plans, and lets no delivery made before it land after it.
"""
from __future__ import annotations

import random
import threading
from typing import Any

from tharstern_kit.clock import Clock, iso

from ..fixtures import FIXTURES, build_fixture
from .controls.allowlist import Allowlist
from .controls.api_faults import FaultBook
from .controls.coverage import Coverage
from .controls.journal import Journal
from .controls.quirks import Quirks
from .errors import ModelStateError
from .controls.stubs import StubBook
from .production import lifecycle
from .production.autoprogress import AutoProgressMixin
from .production.job_updates import JobUpdatesMixin
from .production.jobs import JobsMixin
from .records.seeding import apply_seed, check_seed_keys
from .records.state import State
from .resources.auth import AuthMixin
from .resources.catalog import CatalogMixin
from .resources.customers import CustomersMixin
from .resources.estimates import EstimatesMixin
from .resources.order_assets import OrderAssetsMixin
from .resources.orders import OrdersMixin
from .settings import Settings
from .snapshots.snapshot_ops import SnapshotMixin
from .snapshots.changes import Changes
from .snapshots.statefile import StateFile
from .webhooks import EVENTS, FAULT_KINDS, WebhookHub
from .webhooks.events import EventIds
from .webhooks.operations import WebhooksMixin


class FakeTharstern(AuthMixin, CustomersMixin, CatalogMixin, EstimatesMixin, OrdersMixin, OrderAssetsMixin,
                    JobsMixin, JobUpdatesMixin, AutoProgressMixin, WebhooksMixin, SnapshotMixin):
    def __init__(self, settings: Settings | None = None, clock: Clock | None = None) -> None:
        self.settings = settings or Settings()
        self.clock = clock or Clock()
        self.lock = threading.RLock()
        self.journal = Journal(self.settings.journal_size)
        self.faults = FaultBook()
        self.stubs = StubBook()
        self.changes = Changes()
        self.state_file: StateFile | None = None  # set by StateFile.start
        self.coverage = Coverage()
        self.allowlist = self.settings.allowlist
        self.quirks = Quirks()
        self.state = State()
        self.rng = random.Random(self.settings.seed)
        self.fixture = self.settings.fixture
        self.seed_value = self.settings.seed
        self._fixture_cache: dict[tuple[str, int], dict[str, Any]] = {}
        self._start_states: dict[tuple[str, int], tuple[State, Allowlist]] = {}  # never handed out: copied
        self._wake = threading.Event()
        self.held = 0
        self._init_plans()
        # webhook event ids: never cleared by reset(), so a new event never reuses an old id
        # (a snapshot or state file carries event_ids.to_dict(); restore() carries on from it)
        self.event_ids = EventIds(self.settings.seed)
        self.webhooks = WebhookHub(self.lock, self.clock, self.coverage, policy=self.settings.webhook_policy,
                                   seed=self.settings.seed, log_size=self.settings.webhook_log_size,
                                   tick=self._tick_job_plans, event_ids=self.event_ids,
                                   on_change=self.changes.changed)
        self.clock.on_advance(self._on_clock_advance)
        self.reset()

    # -- whole-state controls -------------------------------------------------------------
    def reset(self, fixture: str | None = None, seed_value: int | None = None) -> None:
        """Back to the fixture and seed the server started with, or to the ones given. Tokens,
        journal, faults, quirks, the allowlist and the clock offset go back to their start too,
        and any request held by a hang or latency fault is let go."""
        self._check_fixture(fixture, seed_value)  # before the defaults: 0 or "" is not "no fixture"
        fixture = self.settings.fixture if fixture is None else fixture
        seed_value = self.settings.seed if seed_value is None else seed_value
        state, allowlist = self._start_state_copy(fixture, seed_value)
        self.webhooks.reset(seed_value)
        with self.lock:
            self._init_plans()
            self.state = state
            self.fixture, self.seed_value = fixture, seed_value
            self.rng = random.Random(seed_value)
            self.faults.clear()
            self.stubs.clear()
            self.quirks = Quirks()
            self.allowlist = allowlist
            self.clock.reset()
            self.journal.clear()
            self._wake.set()
            self._wake = threading.Event()

    def close(self) -> None:
        """Stop the webhook dispatcher thread (if it ever started) and the state file's saver
        (after a last save). Idempotent."""
        self.webhooks.close()
        if self.state_file is not None:
            self.state_file.close()

    def _on_clock_advance(self, _seconds: float) -> None:
        """Timed job steps fall due at once (so ``POST /_fake/clock`` answers after them); the
        dispatcher wakes for retries that came due."""
        with self.lock:
            now = self.clock.time()
            self._tick_job_plans(now)
            self.webhooks.release_expired_holds(now)
            if self.webhooks.deliveries.unfinished():
                self.webhooks.dispatcher.kick()

    def wait_interruptibly(self, seconds: float) -> None:
        """Sleep for a hang or latency fault; a reset ends the sleep early. ``held`` counts the
        requests sleeping now (shown in ``GET /_fake/state``)."""
        wake = self._wake
        with self.lock:
            self.held += 1
        try:
            wake.wait(max(0.0, seconds))
        finally:
            with self.lock:
                self.held -= 1

    def seed(self, payload: Any) -> dict[str, Any]:
        """``POST /_fake/seed``: optionally switch fixture (and seed), then add entities."""
        check_seed_keys(payload)
        get = {k.lower(): v for k, v in payload.items()}
        fixture, seed_value = get.get("fixture"), get.get("seed")
        if seed_value is None:  # left out or null: the current seed
            seed_value = self.seed_value
        self._check_fixture(fixture, seed_value)
        allowlist = Allowlist.parse(get["allowlist"], self.allowlist) if get.get("allowlist") is not None else None
        with self.lock:
            state = self.state
            if fixture is not None:
                state, _ = self._start_state_copy(fixture, seed_value)
            else:
                state = _copy_state(state)
            counts = apply_seed(state, payload)
            self.state = state
            if fixture is not None:
                self.fixture, self.seed_value = fixture, seed_value
                self.rng = random.Random(seed_value)
            if allowlist is not None:
                self.allowlist = allowlist
            return {"fixture": self.fixture, "seed": self.seed_value, "applied": counts}

    def _start_state_copy(self, fixture: str, seed_value: int) -> tuple[State, Allowlist]:
        """A fresh start state: built once per (fixture, seed) and kept, then copied at every reset
        (``_copy_state``: new containers, the same entities, which no writer changes in place; see
        ``records/state.py``). The start fixture never changes (a fixture file is read at start).
        Copying the demo state takes 0.02 ms where building it again, which validates every
        entity, took 0.5 ms; the harness resets before every scenario."""
        key = (fixture, seed_value)
        if key not in self._start_states:
            self._start_states[key] = self._start_state(fixture, seed_value)
        kept, allowlist = self._start_states[key]
        return _copy_state(kept), allowlist

    def _start_state(self, fixture: str, seed_value: int) -> tuple[State, Allowlist]:
        """A fresh state built from a named fixture, or from the fixture file the server started
        with (its entities on top of its base fixture), and the allowlist that goes with it."""
        state = State()
        file = self.settings.fixture_file
        if file is None or fixture != self.settings.fixture:
            apply_seed(state, self._fixture_payload(fixture, seed_value))
            return state, self.settings.allowlist
        payload = file.payload
        check_seed_keys(payload)
        get = {k.lower(): v for k, v in payload.items()}
        base, base_seed = get.get("fixture") or "empty", get.get("seed", seed_value)
        _check_fixture(base, base_seed)
        apply_seed(state, self._fixture_payload(base, base_seed))
        apply_seed(state, payload)
        allowlist = self.settings.allowlist
        if get.get("allowlist") is not None:
            try:
                allowlist = Allowlist.parse(get["allowlist"], allowlist)
            except ModelStateError as error:
                raise ModelStateError({key if key == "allowlist" else f"allowlist.{key}": messages
                                       for key, messages in error.errors.items()}) from None
        return state, allowlist

    def _check_fixture(self, fixture: Any, seed_value: Any) -> None:
        if self.settings.fixture_file is not None and fixture == self.settings.fixture:
            fixture = None  # the start fixture file, checked when it is applied
        _check_fixture(fixture, seed_value)

    def _fixture_payload(self, name: str, seed_value: int) -> dict[str, Any]:
        """Fixtures are deterministic, so each (name, seed) is built once per backend; applying a
        payload copies what it stores, so the cached payload is never changed."""
        key = (name, seed_value)
        if key not in self._fixture_cache:
            self._fixture_cache[key] = build_fixture(name, seed_value)
        return self._fixture_cache[key]

    def set_allowlist(self, spec: Any) -> Allowlist:
        with self.lock:
            self.allowlist = Allowlist.parse(spec, self.allowlist)
            return self.allowlist

    def set_quirks(self, spec: Any) -> Quirks:
        with self.lock:
            self.quirks = Quirks.parse(spec, self.quirks)
            return self.quirks

    def advance_clock(self, seconds: Any) -> dict[str, Any]:
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 <= seconds <= 10 * 365 * 86400:
            raise ModelStateError.single("advance_s", "must be a number of seconds between 0 and 315360000")
        self.clock.advance(float(seconds))
        return self.clock_state()

    def clock_state(self) -> dict[str, Any]:
        return {"now": iso(self.clock.now()), "offset_s": self.clock.offset_s}

    def coverage_catalog(self) -> dict[str, list[str]]:
        """Names that coverage counts beyond API operations and the API's fault kinds: every legal
        job transition, every webhook event (counted when delivered) and the delivery faults."""
        return {"transitions": lifecycle.all_transitions(), "events": list(EVENTS),
                "faults": [f"webhook-{kind}" for kind in FAULT_KINDS]}

    def snapshot(self, *, summary: bool = False) -> dict[str, Any]:
        """``GET /_fake/state``: everything a test may want to look at (passwords left out)."""
        with self.lock:
            s = self.state
            counts = {
                "users": len(s.users), "tokens": len(s.tokens), "customers": len(s.customers),
                "products": len(s.products), "productTypes": len(s.product_types),
                "estimates": len(s.estimates), "orders": len(s.orders), "jobs": len(s.jobs),
            }
            result: dict[str, Any] = {
                "fixture": self.fixture,
                "seed": self.seed_value,
                "counts": counts,
                "clock": self.clock_state(),
                "held_requests": self.held,
                "allowlist": self.allowlist.to_dict(),
                "quirks": self.quirks.to_dict(),
                "faults": self.faults.list(),
                "webhooks": self.webhooks.snapshot(),
                "jobAutoDefault": self.job_auto_default_view(),
            }
            if not summary:
                result.update({
                    "users": [{"UserId": u["UserId"], "Email": u["Email"]} for u in s.users.values()],
                    **s.entity_lists(),
                })
            return result


def _check_fixture(fixture: Any, seed_value: Any, *, seed_optional: bool = True) -> None:
    if fixture is not None and (not isinstance(fixture, str) or fixture not in FIXTURES):
        raise ModelStateError.single("fixture", f"unknown fixture; choose one of {', '.join(FIXTURES)}")
    if seed_value is None and seed_optional:
        return
    if isinstance(seed_value, bool) or not isinstance(seed_value, int):
        raise ModelStateError.single("seed", "must be an integer")


def _copy_state(state: State) -> State:
    """A copy whose containers can change without touching ``state`` (entities are shared:
    they are never changed in place)."""
    copy = State(
        users=dict(state.users), tokens=dict(state.tokens), customers=dict(state.customers),
        products=dict(state.products), hidden_products=set(state.hidden_products),
        product_types=dict(state.product_types), estimates=dict(state.estimates),
        orders=dict(state.orders), jobs=dict(state.jobs), submissions=dict(state.submissions),
        order_assets=dict(state.order_assets),
        sequences=dict(state.sequences),
    )
    copy.reindex()
    return copy


__all__ = ["FakeTharstern", "Settings", "Clock", "Allowlist", "Quirks"]
