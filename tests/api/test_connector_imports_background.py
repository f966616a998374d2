"""Imports in the background (``"background": true``): 202 at once, progress item by item in
``GET /imports/{iid}``, a Tharstern failure midway leaves the import resumable, a connector that
stopped mid-import leaves it resumable, and the flag is validated."""
from __future__ import annotations

import time
from typing import Any, Callable

from sqlalchemy import update

from connector.models import Import

SPEC = {"site": "shop.example.com", "external_user_id": "117", "categories": ["Promo"]}
PRODUCTS = "/TharsternAPI/api/products*"
WAIT_S = 60.0  # generous: the machine is shared; the wait ends as soon as the condition holds


def wait_for(read: Callable[[], dict[str, Any]], done: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT_S
    while True:
        answer = read()
        if done(answer):
            return answer
        assert time.monotonic() < deadline, f"still waiting after {WAIT_S} s: {answer}"
        time.sleep(0.05)


def progress_of(connector, iid: int) -> Callable[[], dict[str, Any]]:
    return lambda: connector.sf("GET", f"/imports/{iid}").json


def test_a_background_import_answers_202_at_once_and_runs_to_the_end(connector, tharstern):
    tharstern.fault(kind="latency", delay_ms=300, method="GET", path=PRODUCTS, times=3)
    started = connector.sf("POST", "/imports", json={**SPEC, "stock_item_ids": [1006, 1007, 1001], "background": True})
    assert started.status_code == 202, started.json
    assert started.json["state"] == "running" and started.json["runs"] == 0
    assert started.json["progress"] == {"pending": 3, "imported": 0, "skipped": 0, "failed": 0, "total": 3}
    done = wait_for(progress_of(connector, started.json["id"]), lambda a: a["state"] != "running")
    assert done["state"] == "completed" and done["runs"] == 1 and done["finished_at"]
    assert done["progress"] == {"pending": 0, "imported": 3, "skipped": 0, "failed": 0, "total": 3}
    imported = connector.sf("GET", "/imported-products?site=shop.example.com").json
    assert sorted(p["stock_item_id"] for p in imported) == [1001, 1006, 1007]
    calls = [f for f in tharstern.faults() if f["kind"] == "latency"]
    assert calls[0]["fired"] == 3  # one call per item: the progress moves item by item


def test_a_tharstern_failure_midway_leaves_the_background_import_resumable(connector, tharstern):
    # seed 10 with probability 0.5: the first products call passes, the second fails (repeatable)
    tharstern.fault(kind="error", status=500, method="GET", path=PRODUCTS, times=1, probability=0.5, seed=10)
    started = connector.sf("POST", "/imports", json={**SPEC, "stock_item_ids": [1006, 1007, 1002], "background": True})
    assert started.status_code == 202
    stopped = wait_for(progress_of(connector, started.json["id"]), lambda a: a["state"] != "running")
    assert stopped["state"] == "interrupted" and "HTTP 500" in stopped["last_error"]
    assert stopped["progress"] == {"pending": 2, "imported": 1, "skipped": 0, "failed": 0, "total": 3}
    assert [i["state"] for i in stopped["items"]] == ["imported", "pending", "pending"]
    resumed = connector.sf("POST", f"/imports/{started.json['id']}/resume", json={"background": True})
    assert resumed.status_code == 202 and resumed.json["state"] == "running" and resumed.json["last_error"] is None
    done = wait_for(progress_of(connector, started.json["id"]), lambda a: a["state"] != "running")
    assert done["state"] == "completed" and done["runs"] == 2
    assert done["progress"] == {"pending": 0, "imported": 3, "skipped": 0, "failed": 0, "total": 3}
    imported = connector.sf("GET", "/imported-products?site=shop.example.com").json
    assert sorted(p["stock_item_id"] for p in imported) == [1002, 1006, 1007]  # each once


def test_an_import_running_in_the_background_cannot_be_resumed_twice(connector, tharstern):
    tharstern.fault(kind="latency", delay_ms=3000, method="GET", path=PRODUCTS, times=1)
    started = connector.sf("POST", "/imports", json={**SPEC, "stock_item_ids": [1006], "background": True}).json
    busy = connector.sf("POST", f"/imports/{started['id']}/resume")
    assert busy.status_code == 409 and "running in the background" in busy.json["message"]
    done = wait_for(progress_of(connector, started["id"]), lambda a: a["state"] != "running")
    assert done["state"] == "completed" and done["runs"] == 1


def test_an_import_a_stopped_connector_left_running_is_interrupted_at_start_and_resumes(connector, connector_app,
                                                                                        tharstern):
    tharstern.fault(kind="error", status=500, method="GET", path=PRODUCTS, times=1)
    iid = connector.sf("POST", "/imports", json={**SPEC, "stock_item_ids": [1006, 1007]}).json["id"]
    rt = connector_app.extensions["connector"]
    with rt.store.sessions() as session:  # as a process that died mid-import leaves it
        session.execute(update(Import).where(Import.id == iid).values(state="running", last_error=None))
        session.commit()
    assert rt.imports.recover() == 1
    left = connector.sf("GET", f"/imports/{iid}").json
    assert left["state"] == "interrupted" and "connector stopped" in left["message"]
    assert connector.sf("POST", f"/imports/{iid}/resume").json["progress"]["imported"] == 2


def test_the_background_flag_is_validated(connector, tharstern):
    wrong = connector.sf("POST", "/imports", json={**SPEC, "stock_item_ids": [1006], "background": "yes"})
    assert wrong.status_code == 422 and "background" in wrong.json["errors"]["json"]
    iid = connector.sf("POST", "/imports", json={**SPEC, "stock_item_ids": [1006]}).json["id"]
    assert connector.sf("POST", f"/imports/{iid}/resume", json={"background": 1}).status_code == 422
    assert connector.sf("POST", f"/imports/{iid}/resume", json={"bg": True}).status_code == 422


def test_a_reset_stops_a_background_import_and_nothing_of_it_is_written_after(connector, tharstern):
    tharstern.fault(kind="latency", delay_ms=1000, method="GET", path=PRODUCTS, times=3)
    iid = connector.sf("POST", "/imports", json={**SPEC, "stock_item_ids": [1006, 1007, 1002], "background": True}).json["id"]
    wait_for(lambda: tharstern.faults()[0], lambda rule: rule["fired"] >= 1)  # the first item's call is on the wire
    connector.reset()  # waits for that call, then the import stops
    assert connector.sf("GET", f"/imports/{iid}").status_code == 404
    assert connector.sf("GET", "/imported-products").json == []
    assert tharstern.faults()[0]["fired"] == 1  # no call after the reset
