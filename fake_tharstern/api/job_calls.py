"""``POST api/job/update`` and ``POST api/jdf/submitjobs``."""
from __future__ import annotations

from .answers import enveloped
from .answers_jobs import JdfSubmitResultSchema, UpdatedJobSchema
from .bodies import JdfSubmitSchema, json_body
from .bodies_orders import JobUpdateSchema
from .envelope import envelope
from .operation import backend, json_payload, tharstern_operation
from .parser import FakeBlueprint

blp = FakeBlueprint("jobcalls", __name__, description="Job updates and the JDF workflow")


@blp.route("/job/update", methods=["POST"])
@tharstern_operation(blp, enveloped(UpdatedJobSchema, "JobUpdateResult"),
                     body=json_body(JobUpdateSchema, "The job (JobId or JobNo) and the fields to change"))
def update_job():
    """Change a job's title, references, required date or (before production) quantity."""
    result = backend().update_job(json_payload("jobUpdate"))
    return envelope({"UpdatedJob": result["UpdatedJob"]}, success=result["ok"],
                    reasons=[result["reason"]] if result["reason"] else [])


@blp.route("/jdf/submitjobs", methods=["POST"])
@tharstern_operation(blp, enveloped(JdfSubmitResultSchema, "JdfSubmitJobsResult"),
                     body=json_body(JdfSubmitSchema, "The jobs to send to the JDF workflow"))
def submit_jdf_jobs():
    """Send jobs to the JDF workflow; each item says whether it went."""
    return envelope(backend().submit_jdf_jobs(json_payload("jdfSubmitJobs")))
