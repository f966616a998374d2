"""Control plane: the journal of API requests and the coverage of what a run exercised."""
from __future__ import annotations

from flask import current_app

from ..api.envelope import json_response
from ..api.parser import FakeBlueprint
from ..backend.controls.api_faults import KINDS
from .schemas import AnyAnswer, JournalQuery, ListAnswer
from ..tenants.current import current_backend

blp = FakeBlueprint("control-observe", __name__, description="Control plane: journal and coverage")


def fake():
    return current_backend()


@blp.route("/journal", methods=["GET"])
@blp.arguments(JournalQuery(), location="query")
@blp.response(200, ListAnswer)
def get_journal(args):
    """Requests to the faked API, oldest first, filtered by method, path glob, seq or status."""
    items = fake().journal.entries(method=args.get("method"), path=args.get("path"),
                                   since_seq=args.get("since"), status=args.get("status"),
                                   limit=args.get("limit"))
    return json_response({"items": items, "count": len(items)})


@blp.route("/journal", methods=["DELETE"])
@blp.response(200, ListAnswer)
def clear_journal():
    """Forget every journal entry."""
    fake().journal.clear()
    return json_response({"items": [], "count": 0})


def known_operations() -> list[str]:
    prefix = current_app.config["API_PREFIX"]
    names = []
    for rule in current_app.url_map.iter_rules():
        if rule.rule.startswith(prefix):
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                names.append(f"{method} {rule.rule[len(prefix):]}")
    return sorted(names)


@blp.route("/coverage", methods=["GET"])
@blp.response(200, AnyAnswer)
def get_coverage():
    """Which API operations, job transitions, webhook events and fault kinds were exercised
    since start (resets keep it) and which never were."""
    return json_response(coverage_report())


def coverage_report() -> dict:
    """The coverage report against everything the fake can do (the console shows it too)."""
    catalog = fake().coverage_catalog()
    known = {"operations": known_operations(), **catalog,
             "faults": [*KINDS, *catalog.get("faults", ())], "stubs": fake().stubs.names()}
    return fake().coverage.report(known)


@blp.route("/coverage", methods=["DELETE"])
@blp.response(200, AnyAnswer)
def clear_coverage():
    """Start counting coverage afresh."""
    fake().coverage.clear()
    return json_response({"cleared": True})
