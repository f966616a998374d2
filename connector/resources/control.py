"""Test controls (only with ``TEST_CONTROLS``): reset to a fixture, and move the clock."""
from __future__ import annotations

from flask_smorest import Blueprint

from ..services.runtime import runtime
from .schemas_settings import ClockIn, ClockOut, ResetIn, ResetOut

blp = Blueprint("control", __name__, url_prefix="/_control",
                description="Test controls: reset and clock (CONNECTOR_TEST_CONTROLS=1 only)")


@blp.route("/reset", methods=["POST"])
@blp.arguments(ResetIn, required=False)
@blp.response(200, ResetOut)
def reset(data):
    """Back to a fixture (``demo`` or ``empty``): every table emptied and refilled in one
    transaction; caches, tokens and the clock offset cleared too."""
    fixture = (data or {}).get("fixture", "demo")
    return {"fixture": fixture, "counts": runtime().reset(fixture)}


@blp.route("/clock", methods=["GET"])
@blp.response(200, ClockOut)
def get_clock():
    """The connector's time and how far it has been advanced."""
    return runtime().clock.state()


@blp.route("/clock", methods=["POST"])
@blp.arguments(ClockIn)
@blp.response(200, ClockOut)
def advance_clock(data):
    """Move the connector's clock forward by ``advance_s`` seconds: caches and tokens expire,
    date rules see the new day, outbox retries come due."""
    rt = runtime()
    rt.clock.advance(data["advance_s"])
    rt.outbox.kick()
    return rt.clock.state()
