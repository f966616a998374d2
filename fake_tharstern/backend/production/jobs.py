"""Job status changes (``POST /_fake/jobs/{JobNo}/status``) and the events they raise [I].

The legal moves are in ``lifecycle``. The control plane asks for a target state; the job walks
there through the chain of legal moves (``Walk``, on by default; off: only a single legal move is
accepted), each step recorded as its own transition: a ``StatusHistory`` entry, a
``JobStatusChanged`` event (and ``JobDespatched`` on reaching ``Despatched``) and a coverage hit
named ``From->To``. A move that cannot be made is refused (409) with the reason and the legal
next states. A move that passes ``Despatched`` needs a ``TrackingNumber`` (400 otherwise); the
despatch adds ``{DeliveryNoteID, TrackingNumber, Courier, DespatchedDate}`` to ``Deliveries``.

Fields the fake keeps on a job beyond the contract: ``StatusHistory`` [I] (every status with
``ChangedDateTime`` and ``Source``: ``order``, ``control`` or ``auto``), and the real model's
``FinishedProductionDate``, ``CompletedDate``, ``CancelledDate`` and ``QuantityDelivered``, set
when the job reaches those states, and ``OutOnProof`` (a boolean in the model), true while the
job is in the fake's ``OutOnProof`` state.
"""
from __future__ import annotations

from typing import Any

from tharstern_kit.clock import iso_at

from ..base import BackendBase
from ..errors import Conflict, ModelStateError, NotFound
from ..records import enums
from ..records.entities import Fields, raise_if
from . import lifecycle

EVENT_FIELDS = ("ID", "JobNo", "SalesOrderNo", "SalesOrderId", "SalesOrderLineId", "EstimateId", "InvoiceCustomer",
                "StockItemCode", "Ref1", "Ref2", "QuantityOrdered", "Status", "Deliveries")


def new_job(*, job_id: int, order_no: str, order_id: int, line_id: int, estimate: dict[str, Any] | None,
            customer: dict[str, Any], item: dict[str, Any], description: str, required: str, at: float) -> dict[str, Any]:
    """A job just entered for an order line (orders call this). Keys in the client model's order
    (C-TAPI ``Job``: ``ID``, ``JobNo``, ..., ``InvoiceCustomer``, ``QuantityOrdered``, ...,
    ``Status``, the dates, ``RequiredDateTime``, ``OutOnProof``, ``EstimateId``); the fake's own
    fields (``SalesOrderId``, ``StockItemCode``, ``Description``, ``Deliveries``,
    ``StatusHistory``) last."""
    stamp = iso_at(at)
    return {
        "ID": job_id,
        "JobNo": str(job_id),
        "Title": description,
        "CreatedDateTime": stamp,
        "UpdatedDateTime": stamp,
        "Ref1": item["Ref1"],
        "Ref2": item["Ref2"],
        **{f"Ref{n}": "" for n in range(3, 11)},
        "InvoiceCustomer": {"Code": customer["Code"], "Name": customer["Name"]},
        "QuantityOrdered": item["Quantity"],
        "QuantityDelivered": 0,
        "SalesOrderNo": order_no,
        "SalesOrderLineId": line_id,
        "Status": enums.enum(enums.JOB_STATUSES, "Entered"),
        "FinishedProductionDate": None,
        "CompletedDate": None,
        "CancelledDate": None,
        "RequiredDateTime": required,
        "OutOnProof": False,
        "EstimateId": estimate["ID"] if estimate else 0,
        "EstimateRef": estimate["EstimateRef"] if estimate else "",
        "SalesOrderId": order_id,
        "StockItemCode": item["StockItemCode"],
        "Description": description,
        "Deliveries": [],
        "StatusHistory": [_history_entry("Entered", at, "order")],
    }


def _history_entry(status: str, at: float, source: str, **extra: Any) -> dict[str, Any]:
    return {"Status": enums.enum(enums.JOB_STATUSES, status), "ChangedDateTime": iso_at(at), "Source": source, **extra}


def held_from(job: dict[str, Any]) -> str | None:
    return lifecycle.held_from_history(job.get("StatusHistory", [])) if job["Status"]["Name"] == lifecycle.HOLD else None


def parse_status_change(body: Any) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if not isinstance(body, dict):
        raise ModelStateError.single("body", "must be an object {Status, TrackingNumber, Courier}")
    f = Fields(body, "", errors)
    for key in body:
        if str(key).lower() not in ("status", "trackingnumber", "courier", "walk"):
            f.fail(str(key), "unknown field; a status change takes Status, TrackingNumber, Courier and Walk")
    raw = f.raw("Status")
    status = enums.lookup(enums.JOB_STATUSES, raw)
    if raw is None:
        f.fail("Status", f"is required: one of {', '.join(enums.JOB_STATUSES)}")
    elif status is None:
        f.fail("Status", f"'{raw}' is not a job status; use one of {', '.join(enums.JOB_STATUSES)}")
    change = {
        "status": status,
        "tracking_number": f.text("TrackingNumber", None, max_len=100) or None,
        "courier": f.text("Courier", "", max_len=100),
        "walk": f.flag("Walk", True),
    }
    raise_if(errors)
    return change


class JobsMixin(BackendBase):
    def _job_by_no(self, job_no: Any) -> dict[str, Any]:
        """The job with this JobNo (any case); the caller holds the lock."""
        wanted = str(job_no).strip().lower()
        if wanted.isdigit() and int(wanted) in self.state.jobs and self.state.jobs[int(wanted)]["JobNo"].lower() == wanted:
            return self.state.jobs[int(wanted)]
        for job in self.state.jobs.values():
            if job["JobNo"].lower() == wanted:
                return job
        raise NotFound(f"job {job_no} does not exist")

    def change_job_status(self, job_no: Any, body: Any) -> dict[str, Any]:
        """``POST /_fake/jobs/{JobNo}/status``: move a job as a Tharstern user would."""
        change = parse_status_change(body)
        with self.lock:
            job = self._job_by_no(job_no)
            steps = self._plan_steps(job, change["status"], walk=change["walk"])
            passes_despatch = lifecycle.DESPATCHED in steps
            if passes_despatch and not change["tracking_number"]:
                raise ModelStateError.single("TrackingNumber", "is required when the job is Despatched "
                                             "(the despatch records a tracking number and courier)")
            if change["tracking_number"] and not passes_despatch:
                raise ModelStateError.single("TrackingNumber", f"only applies when the job reaches Despatched; "
                                             f"this move goes {' -> '.join([job['Status']['Name'], *steps])}")
            now = self.clock.time()
            for target in steps:
                job = self._step_job(job, target, at=now, source="control",
                                     tracking_number=change["tracking_number"], courier=change["courier"])
            return job

    def _plan_steps(self, job: dict[str, Any], target: str, *, walk: bool = True) -> list[str]:
        current, held = job["Status"]["Name"], held_from(job)
        reason = lifecycle.refusal(current, target, held, walk=walk)
        if reason:
            raise Conflict(f"Job {job['JobNo']}: {reason}")
        return (lifecycle.path_to(current, target, held) or []) if walk else [target]

    def _step_job(self, job: dict[str, Any], target: str, *, at: float, source: str,
                  tracking_number: str | None = None, courier: str = "") -> dict[str, Any]:
        """One legal transition (the caller holds the lock and has checked it): replace the job
        dict, raise its events and count the transition."""
        previous = job["Status"]["Name"]
        if not lifecycle.is_legal(previous, target, held_from(job)):
            raise Conflict(f"Job {job['JobNo']}: {lifecycle.refusal(previous, target, held_from(job), walk=False)}")
        stamp = iso_at(at)
        update: dict[str, Any] = {"Status": enums.enum(enums.JOB_STATUSES, target), "OutOnProof": target == "OutOnProof",
                                  "UpdatedDateTime": stamp}
        extra: dict[str, Any] = {}
        delivery = None
        if target == lifecycle.DESPATCHED:
            delivery = {"DeliveryNoteID": self.state.next_id("delivery_note"), "TrackingNumber": tracking_number or "",
                        "Courier": courier or "", "DespatchedDate": stamp}
            update["Deliveries"] = [*job["Deliveries"], delivery]
            extra = {"TrackingNumber": delivery["TrackingNumber"], "Courier": delivery["Courier"]}
        elif target == "FinishedProduction":
            update["FinishedProductionDate"] = stamp
        elif target == "Delivered":
            update["QuantityDelivered"] = job["QuantityOrdered"]
        elif target == "Completed":
            update["CompletedDate"] = stamp
        elif target == lifecycle.CANCELLED:
            update["CancelledDate"] = stamp
        update["StatusHistory"] = [*job.get("StatusHistory", []), _history_entry(target, at, source, **extra)]
        job = {**job, **update}
        self.state.jobs[job["ID"]] = job
        self.coverage.hit("transitions", lifecycle.transition_name(previous, target))
        subject = f"job:{job['JobNo']}"
        data = {**{k: job[k] for k in EVENT_FIELDS if k in job}, "PreviousStatus": enums.enum(enums.JOB_STATUSES, previous),
                "ChangedDateTime": stamp}
        data["JobId"] = data.pop("ID")
        self.webhooks.publish("JobStatusChanged", subject, data, at)
        if delivery is not None:
            self.webhooks.publish("JobDespatched", subject, {**data, "Delivery": delivery}, at)
        return job

    def job_lifecycle(self, job_no: Any) -> dict[str, Any]:
        """``GET /_fake/jobs/{JobNo}/status``: where a job is, where it can go, its plan."""
        with self.lock:
            self._tick_job_plans(self.clock.time())
            job = self._job_by_no(job_no)
            current, held = job["Status"]["Name"], held_from(job)
            reachable = [s for s in enums.JOB_STATUSES if lifecycle.path_to(current, s, held) is not None]
            return {"JobNo": job["JobNo"], "Status": job["Status"], "HeldFrom": held,
                    "Next": lifecycle.legal_moves(current, held), "Reachable": reachable,
                    "Auto": self._plan_view(job["ID"]), "Deliveries": job["Deliveries"],
                    "StatusHistory": job.get("StatusHistory", []),
                    "LastEventSequence": self.webhooks.events.sequence_of(f"job:{job['JobNo']}")}
