"""Control plane: job status changes a Tharstern user makes, and automatic progression."""
from __future__ import annotations

from marshmallow import fields

from tharstern_kit.schema import Schema

from ..api.envelope import json_response
from ..api.parser import FakeBlueprint
from .body import control_json
from .schemas import AnyAnswer, json_body
from ..tenants.current import current_backend

blp = FakeBlueprint("control-jobs", __name__, description="Control plane: job lifecycle and automatic progression")


def fake():
    return current_backend()


class StatusChangeBody(Schema):
    Status = fields.Str(required=True, metadata={"description": "target state (name or number)"})
    TrackingNumber = fields.Str(metadata={"description": "required when the move reaches Despatched"})
    Courier = fields.Str()
    Walk = fields.Bool(metadata={"description": "walk through intermediate states (default true); "
                                                "false: only a single legal move"})


class AutoPlanBody(Schema):
    to = fields.Str(required=True, metadata={"description": "the state to progress to"})
    after_s = fields.Float(metadata={"description": "one step every after_s seconds of the fake's clock"})
    after_reads = fields.Int(metadata={"description": "one step every after_reads reads through GET api/jobs"})
    TrackingNumber = fields.Str(metadata={"description": "used at Despatched (generated when omitted)"})
    Courier = fields.Str()


class DefaultPlanBody(Schema):
    to = fields.Str(required=True)
    after_s = fields.Float()
    after_reads = fields.Int()
    Courier = fields.Str()


@blp.route("/jobs/<job_no>/status", methods=["POST"])
@blp.doc(**json_body(StatusChangeBody))
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
@blp.doc(**json_body(AutoPlanBody))
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
@blp.doc(**json_body(DefaultPlanBody))
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
