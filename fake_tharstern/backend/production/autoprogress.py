"""Automatic job progression [I], in the spirit of moto's state manager.

A plan moves one job towards a target state one legal step at a time (the same steps, history,
events and coverage as a control-plane change, with ``Source: "auto"``):

- ``{"to": "Despatched"}`` — immediately: every step now;
- ``{"to": "Despatched", "after_s": 60}`` — one step every 60 seconds of the fake's clock (real
  time passing counts, and so does ``POST /_fake/clock``; each step is stamped with the moment it
  fell due);
- ``{"to": "Despatched", "after_reads": 3}`` — one step every 3rd time ``GET api/jobs`` returns
  the job; the answer that makes a step already shows it.

``TrackingNumber`` and ``Courier`` are used when the walk passes ``Despatched``; without one the
fake makes up ``FAKE<JobNo>-<n>`` and courier ``Fake Courier``. A plan ends when the job reaches
its target, or when a manual change has taken the job somewhere the target cannot be reached
from (the plan is dropped). One plan per job; a new plan replaces the old. A fake-wide default
plan (``PUT /_fake/jobs/auto``) is given to every job created afterwards. Reset clears plans and
the default.
"""
from __future__ import annotations

from typing import Any

from ..base import BackendBase
from ..errors import Conflict
from . import lifecycle
from .jobs import held_from
from .plans import DEFAULT_COURIER, AutoPlan, parse_plan


class AutoProgressMixin(BackendBase):
    def _init_plans(self) -> None:
        self.job_plans = {}
        self.job_auto_default = None

    def set_job_auto(self, job_no: Any, body: Any) -> dict[str, Any]:
        """``POST /_fake/jobs/{JobNo}/auto``."""
        plan = parse_plan(body)
        with self.lock:
            job = self._job_by_no(job_no)
            self._plan_steps(job, plan.target)  # refuses an unreachable target
            self.job_plans[job["ID"]] = plan
            self._start_plan(job["ID"], plan)
            job = self.state.jobs[job["ID"]]
            return {"job": job, "auto": self._plan_view(job["ID"])}

    def cancel_job_auto(self, job_no: Any) -> dict[str, Any]:
        with self.lock:
            job = self._job_by_no(job_no)
            removed = self.job_plans.pop(job["ID"], None)
            return {"JobNo": job["JobNo"], "cancelled": removed is not None}

    def set_job_auto_default(self, body: Any) -> dict[str, Any] | None:
        plan = parse_plan(body, allow_tracking=False)
        if lifecycle.path_to("Entered", plan.target) is None:
            raise Conflict(f"A new job (Entered) cannot progress to {plan.target}.")
        with self.lock:
            self.job_auto_default = plan
            return self.job_auto_default_view()

    def clear_job_auto_default(self) -> None:
        with self.lock:
            self.job_auto_default = None

    def job_auto_default_view(self) -> dict[str, Any] | None:
        plan = self.job_auto_default
        return None if plan is None else {k: v for k, v in plan.to_dict().items()
                                          if k not in ("next_step_at", "reads", "TrackingNumber")}

    def _plan_view(self, job_id: int) -> dict[str, Any] | None:
        plan = self.job_plans.get(job_id)
        return plan.to_dict() if plan else None

    def _job_created(self, job_id: int) -> None:
        """Orders call this (under the lock) for every job they create."""
        default = self.job_auto_default
        if default is not None:
            plan = AutoPlan(default.target, default.after_s, default.after_reads, None, default.courier)
            self.job_plans[job_id] = plan
            self._start_plan(job_id, plan)

    def _start_plan(self, job_id: int, plan: AutoPlan) -> None:
        now = self.clock.time()
        if plan.mode == "immediate":
            while self._advance_plan(job_id, plan, now):
                pass
        elif plan.after_s is not None:  # timed
            plan.due_at = now + plan.after_s
            self.webhooks.dispatcher.kick()

    def _advance_plan(self, job_id: int, plan: AutoPlan, at: float) -> bool:
        """One step of a plan; False when the plan has ended (and is dropped)."""
        job = self.state.jobs.get(job_id)
        path = None
        if job is not None and job["Status"]["Name"] != plan.target:
            path = lifecycle.path_to(job["Status"]["Name"], plan.target, held_from(job))
        if not path or job is None:
            if self.job_plans.get(job_id) is plan:
                del self.job_plans[job_id]
            return False
        tracking = plan.tracking_number
        if path[0] == lifecycle.DESPATCHED and not tracking:
            tracking = f"FAKE{job['JobNo']}-{len(job['Deliveries']) + 1}"
        self._step_job(job, path[0], at=at, source="auto", tracking_number=tracking,
                       courier=plan.courier or DEFAULT_COURIER)
        if len(path) == 1:
            if self.job_plans.get(job_id) is plan:
                del self.job_plans[job_id]
            return False
        return True

    def _tick_job_plans(self, now: float) -> float | None:
        """Make the timed steps that have fallen due; returns when the next one is due. The
        dispatcher thread, clock advances and job reads call this (under the lock)."""
        next_due = None
        for job_id, plan in list(self.job_plans.items()):
            if plan.after_s is None:  # not timed
                continue
            while plan.due_at is not None and plan.due_at <= now:
                self.changes.changed()
                if not self._advance_plan(job_id, plan, plan.due_at):
                    plan.due_at = None
                    break
                plan.due_at += plan.after_s
            if plan.due_at is not None and (next_due is None or plan.due_at < next_due):
                next_due = plan.due_at
        return next_due

    def _jobs_read(self, listing: dict[str, Any]) -> dict[str, Any]:
        """Count a read of each job in a ``GET api/jobs`` page; steps made show in the answer."""
        stepped = False
        for item in listing["Items"]:
            plan = self.job_plans.get(item["ID"])
            if plan is None or plan.after_reads is None:  # not counting reads
                continue
            plan.reads += 1
            if plan.reads >= plan.after_reads:
                plan.reads = 0
                self._advance_plan(item["ID"], plan, self.clock.time())
                stepped = True
        if stepped:
            listing = {**listing, "Items": [self.state.jobs.get(i["ID"], i) for i in listing["Items"]]}
        return listing
