"""``POST job/update`` (→ ``Details.UpdatedJob``) and ``POST jdf/submitjobs`` ``{Items: [{JobId}]}``,
the two job calls a public client (C-PECZ) makes that the Infigo flow does not.

Neither body is public beyond those names, so what they take is the fake's [I]:

- ``job/update`` finds the job by ``JobId`` (also ``ID``/``Id``) or ``JobNo`` and changes what a
  client may change on a job in the real ``Job`` model: ``Title``, ``Ref1``..``Ref10``,
  ``RequiredDateTime`` and, until production starts (``Entered``, ``OutOnProof``),
  ``QuantityOrdered``. Other fields are ignored, as .NET's binder ignores them; the status moves
  only through the lifecycle (``POST /_fake/jobs/{JobNo}/status``). Nothing to change is a 400;
  a job that is unknown, completed or cancelled is a business failure (HTTP 200, ``Success=false``).
- ``jdf/submitjobs`` sends jobs to the JDF workflow: each item answers
  ``{JobId, JobNo, Submitted, Message}`` and a submitted job gets ``JdfSubmittedDateTime``;
  an unknown, completed or cancelled job is not submitted (the others still are).
"""
from __future__ import annotations

from typing import Any

from tharstern_kit.clock import iso

from ..base import BackendBase
from ..records.dates import parse_date
from ..records.entities import Fields, raise_if
from ..errors import ModelStateError

UPDATE_PREFIX = "jobUpdate"
JDF_PREFIX = "jdfSubmitJobs"
REFS = tuple(f"Ref{n}" for n in range(1, 11))
CLOSED = ("Completed", "Cancelled")
BEFORE_PRODUCTION = ("Entered", "OutOnProof")


def parse_job_update(body: Any, errors: dict[str, list[str]]) -> tuple[Any, dict[str, Any]]:
    f = Fields(body if body is not None else {}, UPDATE_PREFIX, errors)
    job_id = f.number("JobId", None, integer=True, minimum=1)
    if job_id is None and (f.has("ID") or f.has("Id")):
        job_id = f.number("ID", None, integer=True, minimum=1)
    job_no = f.text("JobNo", "", max_len=40)
    if job_id is None and not job_no and not any(k in errors for k in (f.at("JobId"), f.at("ID"))):
        f.fail("JobId", "Give the JobId or the JobNo of the job to update.")
    changes: dict[str, Any] = {}
    if f.has("Title"):
        changes["Title"] = f.text("Title", "", max_len=200)
    for ref in REFS:
        if f.has(ref):
            changes[ref] = f.text(ref, "", max_len=200)
    if f.has("RequiredDateTime"):
        text = f.text("RequiredDateTime", "")
        moment = parse_date(text) if text else None
        if moment is None:
            f.fail("RequiredDateTime", f"'{text}' is not a date the API can read.")
        else:
            changes["RequiredDateTime"] = iso(moment)
    if f.has("QuantityOrdered"):
        quantity = f.number("QuantityOrdered", None, integer=True)
        if isinstance(quantity, int) and quantity <= 0:
            f.fail("QuantityOrdered", "The QuantityOrdered must be greater than zero.")
        changes["QuantityOrdered"] = quantity
    if not changes and not errors:
        f.fail("", "Nothing to update: give Title, Ref1..Ref10, RequiredDateTime or QuantityOrdered.")
    return (job_id if job_id is not None else job_no), changes


def parse_jdf_items(body: Any, errors: dict[str, list[str]]) -> list[int]:
    f = Fields(body if body is not None else {}, JDF_PREFIX, errors)
    items = f.items("Items")
    if not items and f.at("Items") not in errors:
        f.fail("Items", "At least one item {JobId} is required.")
    ids = []
    for n, item in enumerate(items):
        entry = Fields(item, f"{f.at('Items')}[{n}]", errors)
        ids.append(entry.number("JobId", None, integer=True, required=True, minimum=1))
    return ids


class JobUpdatesMixin(BackendBase):
    def _find_job(self, key: Any) -> dict[str, Any] | None:
        """A job by ID (an int) or JobNo (text, any case); the caller holds the lock."""
        if isinstance(key, int):
            return self.state.jobs.get(key)
        wanted = str(key).strip().lower()
        return next((j for j in self.state.jobs.values() if j["JobNo"].lower() == wanted), None)

    def update_job(self, body: Any) -> dict[str, Any]:
        """Returns ``{"ok", "UpdatedJob", "reason"}``."""
        errors: dict[str, list[str]] = {}
        key, changes = parse_job_update(body, errors)
        raise_if(errors)
        with self.lock:
            job = self._find_job(key)
            if job is None:
                return {"ok": False, "UpdatedJob": None, "reason": f"Job {key} was not found."}
            status = job["Status"]["Name"]
            if status in CLOSED:
                return {"ok": False, "UpdatedJob": None, "reason": f"Job {job['JobNo']} is {status} and cannot be updated."}
            if "QuantityOrdered" in changes and status not in BEFORE_PRODUCTION:
                return {"ok": False, "UpdatedJob": None, "reason": (
                    f"Job {job['JobNo']} is {status}: its quantity can change only before production starts.")}
            updated = {**job, **changes, "UpdatedDateTime": iso(self.clock.now())}
            self.state.jobs[job["ID"]] = updated
            return {"ok": True, "UpdatedJob": updated, "reason": ""}

    def submit_jdf_jobs(self, body: Any) -> dict[str, Any]:
        errors: dict[str, list[str]] = {}
        ids = parse_jdf_items(body, errors)
        raise_if(errors)
        if len(ids) > 500:
            raise ModelStateError.single(f"{JDF_PREFIX}.Items", "At most 500 jobs at a time.")
        results = []
        with self.lock:
            stamp = iso(self.clock.now())
            for job_id in ids:
                job = self.state.jobs.get(job_id)
                if job is None:
                    results.append({"JobId": job_id, "JobNo": "", "Submitted": False,
                                    "Message": f"Job {job_id} was not found."})
                    continue
                status = job["Status"]["Name"]
                if status in CLOSED:
                    results.append({"JobId": job_id, "JobNo": job["JobNo"], "Submitted": False,
                                    "Message": f"Job {job['JobNo']} is {status} and cannot go to the workflow."})
                    continue
                self.state.jobs[job_id] = {**job, "JdfSubmittedDateTime": stamp}
                results.append({"JobId": job_id, "JobNo": job["JobNo"], "Submitted": True,
                                "Message": f"Job {job['JobNo']} was submitted to the JDF workflow."})
        return {"Items": results}
