"""Console pages: jobs, with a button per legal next state, and one job's whole story."""
from __future__ import annotations

from flask import Blueprint, request

from ..backend.errors import NotFound
from ..backend.records import enums
from . import reads
from .queries import JobFilter, read_query
from .render import fake, render


def jobs():
    args, errors = read_query(JobFilter(), request.args)
    backend = fake()
    state = backend.snapshot()
    found = reads.filter_jobs(reversed(state["jobs"]), status=args.get("status"), keyword=args.get("keyword"))
    shown, pager = reads.paginate(found, args.get("page"))
    rows = [{"job": job, "moves": reads.job_moves(job)} for job in shown]
    return render("jobs.html", "Jobs", rows=rows, pager=pager, args=args, errors=errors,
                  statuses=list(enums.JOB_STATUSES), default_plan=state["jobAutoDefault"])


def job(job_no: str):
    backend = fake()
    lifecycle = backend.job_lifecycle(job_no)  # makes timed steps that fell due, like GET /_fake/jobs/<no>/status
    found = reads.find_job(backend.snapshot()["jobs"], job_no)
    if found is None:
        raise NotFound(f"job {job_no} does not exist")
    deliveries = list(reversed(backend.list_webhook_deliveries(job_no=found["JobNo"])))
    return render("job.html", f"Job {found['JobNo']}", job=found, lifecycle=lifecycle, moves=reads.job_moves(found),
                  deliveries=deliveries, statuses=list(enums.JOB_STATUSES))


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/jobs", "jobs", jobs)
    blueprint.add_url_rule("/jobs/<job_no>", "job", job)
