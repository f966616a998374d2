"""Backend operations on webhooks: the faked API's subscriptions, ``StockItemChanged`` events,
and the control plane's deliveries, redelivery, flush, faults and policy. The machinery is in
the other modules of this package (``hub`` and what it uses); this mixin gives it the backend's
method names."""
from __future__ import annotations

from typing import Any

from ..base import BackendBase
from ..errors import ModelStateError, NotFound
from ..records.paging import page
from .deliveries import STATUSES

STOCK_FIELDS = ("UnitPrice", "Available", "Balance")


class WebhooksMixin(BackendBase):
    # -- faked API ------------------------------------------------------------------------
    def list_webhook_subscriptions(self, *, start_index: int | None = None, number: int | None = None) -> dict[str, Any]:
        items = self.webhooks.list_subscriptions()
        return page(items, start_index, number, start_is_page=self.quirks.paging_start_index_is_page)

    def create_webhook_subscription(self, body: Any, user_id: int = 0) -> dict[str, Any]:
        return self.webhooks.subscribe(body, user_id)

    def delete_webhook_subscription(self, subscription_id: int) -> dict[str, Any] | None:
        return self.webhooks.unsubscribe(subscription_id)

    # -- events from catalog edits --------------------------------------------------------
    def _stock_item_changed(self, before: dict[str, Any], after: dict[str, Any]) -> None:
        """``StockItemChanged`` [I] after a control-plane edit that changed price or stock
        (the caller holds the lock). Visibility changes and stock taken by orders raise none."""
        changes = {k: {"Old": before.get(k), "New": after.get(k)} for k in STOCK_FIELDS if before.get(k) != after.get(k)}
        if not changes:
            return
        now = self.clock.time()
        data = {"StockItemID": after["ID"], "Code": after["Code"], "Description": after.get("Description", ""),
                **{k: after.get(k) for k in STOCK_FIELDS}, "Changes": changes}
        self.webhooks.publish("StockItemChanged", f"stockitem:{after['ID']}", data, now)

    # -- control plane --------------------------------------------------------------------
    def list_webhook_deliveries(self, *, status: str | None = None, event: str | None = None,
                                subscription_id: int | None = None, job_no: str | None = None,
                                stock_item_id: int | None = None, event_id: str | None = None,
                                since: int | None = None, limit: int | None = None,
                                body: bool = True) -> list[dict[str, Any]]:
        if status is not None and status not in STATUSES:
            raise ModelStateError.single("status", f"must be one of {', '.join(STATUSES)}")
        if job_no is not None and stock_item_id is not None:
            return []  # filters combine, and an event is about a job or a stock item, never both
        subject = f"job:{job_no}" if job_no is not None else (f"stockitem:{stock_item_id}" if stock_item_id is not None else None)
        with self.lock:
            found = self.webhooks.deliveries.query(status=status, event=event, subscription_id=subscription_id,
                                                   subject=subject, event_id=event_id, since=since, limit=limit)
            return [d.to_dict(body=body) for d in found]

    def get_webhook_delivery(self, delivery_id: int) -> dict[str, Any]:
        with self.lock:
            delivery = self.webhooks.deliveries.get(delivery_id)
            if delivery is None:
                raise NotFound(f"delivery {delivery_id} does not exist (or has left the log)")
            return delivery.to_dict()

    def redeliver_webhook(self, delivery_id: int) -> dict[str, Any]:
        with self.lock:
            return self.webhooks.redeliver(delivery_id).to_dict()

    def flush_webhooks(self, body: Any) -> dict[str, Any]:
        if body is None:
            body = {}
        if not isinstance(body, dict):
            raise ModelStateError.single("body", "must be an object {timeout_s}")
        unknown = sorted(str(k) for k in body if k != "timeout_s")
        if unknown:
            raise ModelStateError({k: ["unknown field; flush takes timeout_s"] for k in unknown})
        timeout = body.get("timeout_s", 30)
        if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 <= timeout <= 600:
            raise ModelStateError.single("timeout_s", "must be a number of seconds between 0 and 600")
        return self.webhooks.flush(float(timeout))

    def add_webhook_fault(self, spec: Any) -> dict[str, Any]:
        return self.webhooks.add_fault(spec).to_dict()

    def list_webhook_faults(self) -> list[dict[str, Any]]:
        with self.lock:
            return self.webhooks.faults.list()

    def remove_webhook_fault(self, rule_id: int) -> None:
        if not self.webhooks.remove_fault(rule_id):
            raise NotFound(f"webhook fault {rule_id} does not exist")

    def clear_webhook_faults(self) -> None:
        self.webhooks.clear_faults()

    def webhook_policy(self) -> dict[str, Any]:
        with self.lock:
            return self.webhooks.policy.to_dict()

    def set_webhook_policy(self, spec: Any) -> dict[str, Any]:
        return self.webhooks.set_policy(spec).to_dict()
