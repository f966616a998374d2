"""Backend operations on the whole state: take a snapshot, put one in place (see ``snapshot``)."""
from __future__ import annotations

from typing import Any

from ..base import BackendBase
from .snapshot import SnapshotParts, export_snapshot, parse_snapshot, restore_events


class SnapshotMixin(BackendBase):
    def export_snapshot(self) -> dict[str, Any]:
        """``GET /_fake/snapshot``: the whole state as JSON."""
        return export_snapshot(self)

    def import_snapshot(self, snapshot: object) -> None:
        """``PUT /_fake/snapshot``: replace the whole state, or change nothing (ModelStateError)."""
        self.install_snapshot(parse_snapshot(snapshot))

    def install_snapshot(self, parts: SnapshotParts) -> None:
        """Swap in a validated snapshot's parts (``snapshot.parse_snapshot`` made them). Requests
        held by a hang or latency fault are let go, as by a reset; an attempt in flight is forgotten."""
        hub = self.webhooks
        webhooks = parts.webhooks
        with hub.cond:
            hub.generation += 1
            hub.subscriptions.restore(webhooks.subscriptions, webhooks.subscriptions_next_id)
            hub.deliveries.restore(webhooks.deliveries, webhooks.deliveries_next_id)
            hub.faults.restore(webhooks.faults, webhooks.faults_next_id)
            hub.policy = webhooks.policy
            restore_events(hub.events, webhooks.events)
            hub.rng, hub.secret_rng = webhooks.retries_rng, webhooks.secrets_rng
            self.state = parts.state
            self.fixture, self.seed_value = parts.fixture, parts.seed
            self.rng = parts.rng
            self.quirks, self.allowlist = parts.quirks, parts.allowlist
            self.faults.restore(parts.faults, parts.faults_next_id)
            self.stubs.restore(parts.stubs, parts.stubs_next_id)
            self.job_plans, self.job_auto_default = parts.plans, parts.plan_default
            self._wake.set()
            self._wake = type(self._wake)()
            hub.cond.notify_all()
        self.clock.reset()
        if parts.offset_s:
            self.clock.advance(parts.offset_s)
        if hub.deliveries.unfinished() or any(p.mode == "time" for p in parts.plans.values()):
            hub.dispatcher.kick()
