"""``POST /reconcile``: the fallback for events that never came. Lines sent to Tharstern whose
job is not finished and that have had no news (event or poll) for ``older_than_s`` are looked up
with ``GET jobs`` — by job number, or by the order's ``Ref1`` when the line has no job number
yet — and what changed is applied as an event would be (``domain.job_tracking.apply_poll``).
A sent line without a job number is always looked up, however recent its news: the read of
job numbers right after the submit failed, and nothing else will bring it."""
from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ...domain.job_tracking import FINAL_STATUSES, JobNews, apply_poll
from ...models import Order, OrderLine, Storefront
from ...tharstern.order_calls import JobRecord, jobs
from ..runtime import Runtime

log = logging.getLogger("connector.reconcile")
CHUNK = 50


def reconcile(rt: Runtime, session: Session, sf: Storefront, older_than_s: float, limit: int) -> dict[str, Any]:
    now = rt.clock.now()
    cutoff = now - timedelta(seconds=older_than_s)
    lines = session.scalars(
        select(OrderLine).join(Order).where(
            OrderLine.storefront_id == sf.id, OrderLine.tharstern_order_no.is_not(None),
            or_(OrderLine.job_status.is_(None), OrderLine.job_status.not_in(FINAL_STATUSES)),
            or_(OrderLine.job_no.is_(None), OrderLine.last_news_at.is_(None), OrderLine.last_news_at <= cutoff))
        .order_by(OrderLine.id).limit(limit)).all()
    session.commit()  # nothing stays open while Tharstern is asked
    client = rt.clients.for_storefront(sf)
    found: dict[str, JobRecord] = {}
    numbered = [order_line.job_no for order_line in lines if order_line.job_no]
    for start in range(0, len(numbered), CHUNK):
        for job in jobs(client, job_nos=numbered[start:start + CHUNK]):
            found[f"job:{job.job_no}"] = job
    for reference in sorted({order_line.order.reference for order_line in lines if not order_line.job_no}):
        for job in jobs(client, ref1=reference):
            found[f"ref:{job.ref2}"] = job
    updated = 0
    missing: list[str] = []
    report: list[dict[str, Any]] = []
    for line in lines:
        record = found.get(f"job:{line.job_no}") if line.job_no else found.get(f"ref:{line.line_ref}")
        if record is None:
            missing.append(line.line_ref)
            continue
        changed = apply_poll(line, JobNews(record.job_no, record.status, record.changed_at, record.deliveries,
                                           source="reconcile"))
        line.last_news_at = now
        updated += changed
        report.append({"line_ref": line.line_ref, "job_no": line.job_no, "job_status": line.job_status,
                       "tracking_number": line.tracking_number, "changed": changed})
    session.commit()
    log.info("Reconcile of storefront %s: %d line(s) checked, %d updated", sf.key, len(lines), updated)
    message = (f"Checked {len(lines)} line(s) without a job number or without news for {older_than_s:g} s: "
               f"{updated} updated"
               + (f", {len(missing)} without a job in Tharstern" if missing else "") + ".")
    return {"checked": len(lines), "updated": updated, "missing": missing, "lines": report, "message": message}
