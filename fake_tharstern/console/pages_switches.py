"""Console pages: the overview (with reset and the state file), the allowlist, faults, stubs,
quirks and the clock."""
from __future__ import annotations

from flask import Blueprint, request

from ..backend.controls.allowlist import MODES
from ..backend.controls.api_faults import KINDS as API_FAULT_KINDS
from ..backend.webhooks import EVENTS
from ..backend.webhooks.delivery_faults import FAIL_ERRORS
from ..backend.webhooks.delivery_faults import KINDS as WEBHOOK_FAULT_KINDS
from ..fixtures import FIXTURES
from . import reads
from .render import fake, render

STUB_METHODS = [("*", "* (any)"), "GET", "POST", "PUT", "PATCH", "DELETE"]

QUIRKS = {
    "estimate_failed_but_created": "estrequest answers Success=false with a problem although the estimate "
                                   "was created (find it again with GET estimates?keyword=).",
    "bad_credentials_success": "a refused token request still says Status.Success=true; only the all-zero "
                               "token shows it failed.",
    "paging_start_index_is_page": "paging_startIndex counts pages, not rows.",
}


def overview():
    backend = fake()
    state = backend.snapshot(summary=True)
    fixtures = list(FIXTURES)
    if backend.settings.fixture_file is not None:  # the fixture file the fake started with
        fixtures.insert(0, backend.settings.fixture)
    state_file = backend.state_file.status() if backend.state_file is not None else None
    return render("overview.html", "Overview", state=state, fixtures=fixtures, state_file=state_file)


def allowlist():
    backend = fake()
    return render("allowlist.html", "Allowlist", allowlist=backend.allowlist.to_dict(), modes=MODES,
                  your_address=request.remote_addr, blocked=reads.blocked_entries(backend.journal.entries()))


def faults():
    backend = fake()
    return render("faults.html", "Faults", api_faults=backend.faults.list(), api_kinds=API_FAULT_KINDS,
                  webhook_faults=backend.list_webhook_faults(), webhook_kinds=WEBHOOK_FAULT_KINDS,
                  events=EVENTS, fail_errors=FAIL_ERRORS,
                  subscriptions=backend.webhooks.list_subscriptions())


def stubs():
    return render("stubs.html", "Stubs", stubs=fake().stubs.list(), methods=STUB_METHODS)


def quirks():
    return render("quirks.html", "Quirks", quirks=fake().quirks.to_dict(), descriptions=QUIRKS)


def clock():
    backend = fake()
    state = backend.snapshot()
    plans = []
    for job in state["jobs"]:
        plan = backend.job_lifecycle(job["JobNo"])["Auto"]
        if plan:
            plans.append({"job": job, "plan": plan})
    waiting = [d for d in backend.list_webhook_deliveries(status="pending", body=False)]
    return render("clock.html", "Clock", clock=backend.clock_state(), plans=plans, waiting=waiting)


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/", "overview", overview)
    blueprint.add_url_rule("/allowlist", "allowlist", allowlist)
    blueprint.add_url_rule("/faults", "faults", faults)
    blueprint.add_url_rule("/stubs", "stubs", stubs)
    blueprint.add_url_rule("/quirks", "quirks", quirks)
    blueprint.add_url_rule("/clock", "clock", clock)
