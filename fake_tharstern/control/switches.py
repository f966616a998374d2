"""Control plane: the allowlist, quirks, faults and the clock."""
from __future__ import annotations


from ..api.envelope import json_response
from ..api.parser import FakeBlueprint
from ..backend.errors import ModelStateError, NotFound
from .body import control_json
from ..body_schemas import CLOCK, fault
from .schemas import AllowlistBody, AnyAnswer, ListAnswer, QuirksBody, json_body
from ..tenants.current import current_backend

blp = FakeBlueprint("control-switches", __name__, description="Control plane: allowlist, quirks, faults, clock")


def fake():
    return current_backend()


@blp.route("/allowlist", methods=["GET"])
@blp.response(200, AllowlistBody)
def get_allowlist():
    """The IP allowlist of the faked API and what a blocked client meets."""
    return json_response(fake().allowlist.to_dict())


@blp.route("/allowlist", methods=["PUT"])
@blp.doc(**json_body(AllowlistBody))
@blp.response(200, AllowlistBody)
def put_allowlist():
    """Set ``{ips, mode: drop|hang|forbidden, hang_s}``; an empty ips list lets everyone in."""
    return json_response(fake().set_allowlist(control_json()).to_dict())


@blp.route("/quirks", methods=["GET"])
@blp.response(200, QuirksBody)
def get_quirks():
    """The switchable quirks of real installations."""
    return json_response(fake().quirks.to_dict())


@blp.route("/quirks", methods=["PUT"])
@blp.doc(**json_body(QuirksBody))
@blp.response(200, QuirksBody)
def put_quirks():
    """Turn quirks on or off; quirks not named keep their value."""
    return json_response(fake().set_quirks(control_json()).to_dict())


@blp.route("/faults", methods=["GET"])
@blp.response(200, ListAnswer)
def list_faults():
    """Fault rules with how often each fired."""
    items = fake().faults.list()
    return json_response({"items": items, "count": len(items)})


@blp.route("/faults", methods=["POST"])
@blp.doc(**json_body(fault()))
@blp.response(201, AnyAnswer)
def add_fault():
    """Add a fault rule: kind error (status), latency (delay_ms), drop (``when``: before the
    request is handled, the default, or after, losing only the answer), malformed or html;
    optional method, path glob, times, probability and seed."""
    return json_response(fake().faults.add(control_json()).to_dict(), 201)


@blp.route("/faults", methods=["DELETE"])
@blp.response(200, ListAnswer)
def clear_faults():
    """Remove every fault rule."""
    fake().faults.clear()
    return json_response({"items": [], "count": 0})


@blp.route("/faults/<int:fault_id>", methods=["DELETE"])
@blp.response(200, ListAnswer)
def remove_fault(fault_id):
    """Remove one fault rule."""
    if not fake().faults.remove(fault_id):
        raise NotFound(f"fault {fault_id} does not exist")
    items = fake().faults.list()
    return json_response({"items": items, "count": len(items)})


@blp.route("/clock", methods=["GET"])
@blp.response(200, AnyAnswer)
def get_clock():
    """The fake's time and how far it has been advanced."""
    return json_response(fake().clock_state())


@blp.route("/clock", methods=["POST"])
@blp.doc(**json_body(CLOCK))
@blp.response(200, AnyAnswer)
def advance_clock():
    """Move the fake's clock forward by ``advance_s`` seconds (tokens expire, retries come due)."""
    body = control_json()
    if not isinstance(body, dict):
        raise ModelStateError.single("body", 'must be an object such as {"advance_s": 3600}')
    unknown = sorted(set(body) - {"advance_s"})
    if unknown:
        raise ModelStateError({k: ["unknown field; the clock takes advance_s"] for k in unknown})
    return json_response(fake().advance_clock(body.get("advance_s")))
