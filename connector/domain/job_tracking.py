"""How a storefront order line follows its Tharstern job (DESIGN §4: webhooks are applied once,
and out-of-order events never move a job backwards).

Every job event carries the job's full current status, so the line shows the status of the
event with the highest ``Sequence`` applied so far; an event whose ``Sequence`` is not above the
line's last one is stale: the line's status and tracking stay, and its status only joins the
history (ordered by sequence) when the history lacks it [I]. A poll (reconcile, or the job
numbers read after submission) has no sequence: it is taken when it differs from what the line
shows, unless the line already holds a status changed later than the polled one.
Works on any object with the line's attributes (``OrderLine``)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

FINAL_STATUSES = ("Completed", "Cancelled")


@dataclass(frozen=True)
class JobNews:
    """What one event or poll says about a job."""
    job_no: str
    status: str | None
    changed_at: str | None
    deliveries: tuple[dict[str, Any], ...] = ()
    sequence: int | None = None   # events only
    event_id: str | None = None   # events only
    source: str = "webhook"       # webhook | reconcile | submit


def _latest_tracking(deliveries: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    found = None
    for delivery in deliveries:
        number = delivery.get("TrackingNumber") or delivery.get("trackingNumber")
        if number:
            found = delivery
    return found


def _entry(news: JobNews) -> dict[str, Any]:
    entry: dict[str, Any] = {"status": news.status, "at": news.changed_at, "source": news.source}
    if news.sequence is not None:
        entry["sequence"] = news.sequence
    if news.event_id:
        entry["event_id"] = news.event_id
    return entry


def _set_current(line, news: JobNews) -> None:
    line.job_no = line.job_no or news.job_no
    line.job_status = news.status
    line.status_changed_at = news.changed_at
    tracked = _latest_tracking(news.deliveries)
    if tracked is not None:
        line.tracking_number = tracked.get("TrackingNumber")
        line.courier = tracked.get("Courier") or None
        line.despatched_at = tracked.get("DespatchedDate")


def apply_event(line, news: JobNews) -> str:
    """Apply a job event; returns ``applied`` or ``stale``."""
    if news.sequence is None or news.sequence <= (line.last_sequence or 0):
        history = list(line.history or [])
        if news.sequence is not None and not any(h.get("sequence") == news.sequence for h in history):
            later = next((n for n, h in enumerate(history) if (h.get("sequence") or 0) > news.sequence), len(history))
            history.insert(later, _entry(news))  # before the first later event; the rest stays put
            line.history = history
        return "stale"
    if line.status_changed_at and news.changed_at and news.changed_at < line.status_changed_at:
        line.last_sequence = news.sequence  # a poll already showed a later change: keep it
        return "stale"
    line.last_sequence = news.sequence
    previous = line.job_status
    _set_current(line, news)
    if news.status != previous or not line.history:
        line.history = [*(line.history or []), _entry(news)]
    return "applied"


def apply_poll(line, news: JobNews) -> bool:
    """Apply what a poll of ``GET jobs`` shows; True when the line changed."""
    tracked = _latest_tracking(news.deliveries)
    same_status = news.status == line.job_status
    same_tracking = tracked is None or tracked.get("TrackingNumber") == line.tracking_number
    if same_status and same_tracking and line.job_no:
        return False
    if line.status_changed_at and news.changed_at and news.changed_at < line.status_changed_at:
        return False  # the line already shows a later change (an event overtook the poll)
    previous = line.job_status
    _set_current(line, news)
    if news.status != previous:
        line.history = [*(line.history or []), _entry(news)]
    return True


def is_final(status: str | None) -> bool:
    return status in FINAL_STATUSES
