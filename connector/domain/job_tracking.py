"""How a storefront order line follows its Tharstern job (DESIGN §4: webhooks are applied once,
and out-of-order events never move a job backwards).

Every job event carries the job's full current status, so the line shows the status of the
event with the highest ``Sequence`` applied so far; an event whose ``Sequence`` is not above the
line's last one is stale: the line's status and tracking stay. Every event joins the stored
history once (by ``Sequence``, in sequence order, whenever it arrives), and the history shown
(``transitions``) leaves out an entry whose status repeats the one before it — the
``JobDespatched`` that follows ``JobStatusChanged`` to Despatched, or an event confirming what a
poll showed [I]. (Keeping every event matters under reordering: with a hold and release in
between, two events of the same status are two transitions.) A poll (reconcile, or the job
numbers read after submission) has no sequence: it is taken when it differs from what the line
shows, unless the line already holds a status changed later than the polled one.
Works on any object with the line's attributes (``OrderLine``)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Protocol

FINAL_STATUSES = ("Completed", "Cancelled")


class TrackedLine(Protocol):
    """What these rules read and write on an order line (``models.OrderLine`` has it)."""
    job_no: str | None
    job_status: str | None
    status_changed_at: str | None
    tracking_number: str | None
    courier: str | None
    despatched_at: str | None
    history: list[Any]
    last_sequence: int


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


def _set_current(line: TrackedLine, news: JobNews) -> None:
    line.job_no = line.job_no or news.job_no
    line.job_status = news.status
    line.status_changed_at = news.changed_at
    tracked = _latest_tracking(news.deliveries)
    if tracked is not None:
        line.tracking_number = tracked.get("TrackingNumber")
        line.courier = tracked.get("Courier") or None
        line.despatched_at = tracked.get("DespatchedDate")


def _add_event_entry(line: TrackedLine, news: JobNews, sequence: int) -> None:
    """Put the event in the history once, before the first entry of a later sequence."""
    history = list(line.history or [])
    if any(h.get("sequence") == sequence for h in history):
        return
    later = next((n for n, h in enumerate(history) if (h.get("sequence") or 0) > sequence), len(history))
    history.insert(later, _entry(news))
    line.history = history


def apply_event(line: TrackedLine, news: JobNews) -> str:
    """Apply a job event; returns ``applied`` or ``stale``."""
    if news.sequence is None or news.sequence <= (line.last_sequence or 0):
        if news.sequence is not None:
            _add_event_entry(line, news, news.sequence)
        return "stale"
    if line.status_changed_at and news.changed_at and news.changed_at < line.status_changed_at:
        line.last_sequence = news.sequence  # a poll already showed a later change: keep it
        return "stale"
    _add_event_entry(line, news, news.sequence)
    line.last_sequence = news.sequence
    _set_current(line, news)
    return "applied"


def transitions(history: Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The history as shown: each entry whose status differs from the one before it."""
    shown: list[dict[str, Any]] = []
    for entry in history or ():
        if not shown or shown[-1].get("status") != entry.get("status"):
            shown.append(entry)
    return shown


def apply_poll(line: TrackedLine, news: JobNews) -> bool:
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

