"""Control plane: snapshots of the whole state, and the state file."""
from __future__ import annotations

from flask import current_app, request

from ..api.envelope import json_response
from ..api.errors import control_error
from ..api.parser import FakeBlueprint
from ..backend.errors import Conflict
from .body import control_json
from .schemas import AnyAnswer, SnapshotBody, StateFileAnswer, json_body
from ..tenants.current import current_backend

blp = FakeBlueprint("control-snapshots", __name__, description="Control plane: snapshots and the state file")


def fake():
    return current_backend()


@blp.route("/snapshot", methods=["GET"])
@blp.response(200, SnapshotBody)
def get_snapshot():
    """The whole state as JSON (format ``fake-tharstern-snapshot``, ``version`` 1): data with
    passwords and tokens, estimates, orders, jobs with history, subscriptions with secrets,
    deliveries, quirks, allowlist, faults, stubs, the clock offset, job plans, ID sequences, event
    sequences and the random generators' states. The journal and coverage are left out."""
    return json_response(fake().export_snapshot())


@blp.route("/snapshot", methods=["PUT"])
@blp.doc(**json_body(SnapshotBody))
@blp.response(200, AnyAnswer)
def put_snapshot():
    """Replace the whole state with a snapshot; a bad one is refused (400 naming each field) and
    changes nothing. Answers the state's summary. The body may be up to
    ``SNAPSHOT_MAX_CONTENT_LENGTH`` bytes (a 10,000-item world is ~10 MB), not the usual limit."""
    request.max_content_length = current_app.config["SNAPSHOT_MAX_CONTENT_LENGTH"]
    fake().import_snapshot(control_json())
    return json_response(fake().snapshot(summary=True))


@blp.route("/snapshot/save", methods=["POST"])
@blp.response(200, StateFileAnswer)
def save_snapshot():
    """Write the state file now (``--state-file``); answers once it holds every change made
    before the call. 409 when the fake runs without a state file; 503 when it cannot be written."""
    state_file = fake().state_file
    if state_file is None:
        raise Conflict("The fake runs without a state file (start it with --state-file PATH).")
    try:
        return json_response(state_file.save_now())
    except OSError as error:  # the disk, not the request: 503, and the fake keeps running
        state_file.error = f"{type(error).__name__}: {error}"
        return control_error(503, "Service Unavailable", f"The state file could not be written: {error}")


@blp.route("/snapshot/save", methods=["GET"])
@blp.response(200, StateFileAnswer)
def state_file_status():
    """Where the state file is and how far it is saved (409 without a state file)."""
    state_file = fake().state_file
    if state_file is None:
        raise Conflict("The fake runs without a state file (start it with --state-file PATH).")
    return json_response(state_file.status())
