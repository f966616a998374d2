"""Control plane: job status changes a Tharstern user makes, and automatic progression."""
from __future__ import annotations

from marshmallow import fields

from tharstern_kit.schema import Schema

from ..api.envelope import json_response
from ..api.parser import FakeBlueprint
from .body import control_json
from ..body_schemas import STATUS_CHANGE, auto_plan
from .schemas import AnyAnswer, json_body
from ..tenants.current import current_backend

blp = FakeBlueprint("control-jobs", __name__, description="Control plane: job lifecycle and automatic progression")


def fake():
    return current_backend()


@blp.route("/jobs/<job_no>/status", methods=["POST"])
@blp.doc(**json_body(STATUS_CHANGE))
@blp.response(200, AnyAnswer)
def change_job_status(job_no):
    """Move a job to ``Status`` through legal moves (409 with the reason when it cannot get
    there; 400 when Despatched is reached without a TrackingNumber). Returns the job."""
    return json_response(fake().change_job_status(job_no, control_json()))


@blp.route("/jobs/<job_no>/status", methods=["GET"])
@blp.response(200, AnyAnswer)
def job_lifecycle(job_no):
    """Where a job is, its legal next states, the states it can reach, its history and plan."""
    return json_response(fake().job_lifecycle(job_no))


@blp.route("/jobs/<job_no>/auto", methods=["POST"])
@blp.doc(**json_body(auto_plan()))
@blp.response(200, AnyAnswer)
def set_job_auto(job_no):
    """Progress a job towards ``to``: at once, every ``after_s`` fake seconds, or every
    ``after_reads`` reads. Replaces the job's previous plan."""
    return json_response(fake().set_job_auto(job_no, control_json()))


@blp.route("/jobs/<job_no>/auto", methods=["DELETE"])
@blp.response(200, AnyAnswer)
def cancel_job_auto(job_no):
    """Stop a job's automatic progression."""
    return json_response(fake().cancel_job_auto(job_no))


@blp.route("/jobs/auto", methods=["GET"])
@blp.response(200, AnyAnswer)
def get_job_auto_default():
    """The progression plan given to every new job (null: none)."""
    return json_response({"default": fake().job_auto_default_view()})


@blp.route("/jobs/auto", methods=["PUT"])
@blp.doc(**json_body(auto_plan(tracking=False)))
@blp.response(200, AnyAnswer)
def set_job_auto_default():
    """Give every job created from now on this progression plan (tracking numbers generated)."""
    return json_response({"default": fake().set_job_auto_default(control_json())})


@blp.route("/jobs/auto", methods=["DELETE"])
@blp.response(200, AnyAnswer)
def clear_job_auto_default():
    """New jobs stay where they are unless moved."""
    fake().clear_job_auto_default()
    return json_response({"default": None})
