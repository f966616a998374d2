"""Backend operations on the whole state: take a snapshot, put one in place (see ``snapshot``)."""
from __future__ import annotations

from typing import Any

from .snapshot import export_snapshot, import_snapshot, restore_events


class SnapshotMixin:
    def export_snapshot(self) -> dict[str, Any]:
        """``GET /_fake/snapshot``: the whole state as JSON."""
        return export_snapshot(self)

    def import_snapshot(self, snapshot: Any) -> None:
        """``PUT /_fake/snapshot``: replace the whole state, or change nothing (ModelStateError)."""
        import_snapshot(self, snapshot)

    def install_snapshot(self, *, state, fixture: str, seed: int, offset_s: float, quirks, allowlist, faults,
                         faults_next_id: int, stubs, stubs_next_id: int, plans, plan_default, webhooks: dict,
                         rng) -> None:
        """Swap in a validated snapshot's parts (``snapshot._build`` made them). Requests held by
        a hang or latency fault are let go, as by a reset; an attempt in flight is forgotten."""
        hub = self.webhooks
        with hub.cond:
            hub.generation += 1
            hub.subscriptions.restore(webhooks["subscriptions"], webhooks["subscriptions_next_id"])
            hub.deliveries.restore(webhooks["deliveries"], webhooks["deliveries_next_id"])
            hub.faults.restore(webhooks["faults"], webhooks["faults_next_id"])
            hub.policy = webhooks["policy"]
            restore_events(hub.events, webhooks["events"])
            hub.rng, hub.secret_rng = webhooks["retries_rng"], webhooks["secrets_rng"]
            self.state = state
            self.fixture, self.seed_value = fixture, seed
            self.rng = rng
            self.quirks, self.allowlist = quirks, allowlist
            self.faults.restore(faults, faults_next_id)
            self.stubs.restore(stubs, stubs_next_id)
            self.job_plans, self.job_auto_default = plans, plan_default
            self._wake.set()
            self._wake = type(self._wake)()
            hub.cond.notify_all()
        self.clock.reset()
        if offset_s:
            self.clock.advance(offset_s)
        if hub.deliveries.unfinished() or any(p.mode == "time" for p in plans.values()):
            hub.dispatcher.kick()
