"""Benchmark: end-to-end latency from a job status change in the fake Tharstern to the storefront
order line showing it through the connector, with a baseline in the same run.

    python -m bench.connector_webhook_latency [--jobs 20]

Everything runs in one process on loopback, as the harness runs it: the fake (werkzeug's
threaded server and its webhook dispatcher thread), the connector (threaded server, SQLite in a
temporary file) and a bare WSGI receiver. Each job is moved one step at a time (OutOnProof,
InProduction, FinishedProduction, Despatched with a tracking number, Delivered), so there are
five measurements per job.
- baseline: the fake delivers the same moves to the bare receiver (subscribed alone), measured
  from just before ``POST /_fake/jobs/{JobNo}/status`` to the event's arrival;
- connector: the connector subscribed alone (``POST /subscriptions/sync``), measured from just
  before the same call until ``GET /api/storefronts/default/orders/{oid}`` shows the new status
  on the line (polled every millisecond): signature check, storing, applying, the commit and
  the read a storefront would make.
Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

import requests
from werkzeug.wrappers import Request, Response

from connector.app import close_app
from connector.app import create_app as create_connector
from fake_tharstern.app import create_app as create_fake
from harness.server_thread import ServerThread

STEPS = [("OutOnProof", {}), ("InProduction", {}), ("FinishedProduction", {}),
         ("Despatched", {"TrackingNumber": "1ZBENCH", "Courier": "UPS"}), ("Delivered", {})]


class Arrivals:
    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], float] = {}
        self.cond = threading.Condition()

    @Request.application
    def app(self, request: Request) -> Response:
        arrived = time.perf_counter()
        body = request.get_json(silent=True) or {}
        data = body.get("Data") or {}
        with self.cond:
            self.seen.setdefault((str(data.get("JobNo")), (data.get("Status") or {}).get("Name")), arrived)
            self.cond.notify_all()
        return Response(status=204)

    def wait(self, key: tuple[str, str], timeout_s: float = 10) -> float:
        with self.cond:
            if not self.cond.wait_for(lambda: key in self.seen, timeout_s):
                raise TimeoutError(key)
            return self.seen[key]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def summary(name: str, values: list[float]) -> str:
    return (f"{name:<44} n={len(values):>4}  p50 {percentile(values, 50):7.2f} ms  p99 {percentile(values, 99):7.2f} ms"
            f"  mean {statistics.fmean(values):7.2f} ms  max {max(values):7.2f} ms")


def place_orders(http: requests.Session, shop: str, count: int, prefix: str) -> list[tuple[int, str]]:
    placed = []
    for n in range(count):
        answer = http.post(f"{shop}/orders", json={"reference": f"{prefix}-{n}", "customer_id": 4,
                                                   "lines": [{"variant_id": 1, "quantity": 250}]}, timeout=30)
        answer.raise_for_status()
        placed.append(answer.json()["id"])
    jobs = []
    for oid in placed:
        deadline = time.monotonic() + 30
        while not (job := http.get(f"{shop}/orders/{oid}", timeout=10).json()["lines"][0]["job_no"]):
            if time.monotonic() > deadline:
                raise TimeoutError(f"order {oid} got no job number")
            time.sleep(0.01)
        jobs.append((oid, job))
    return jobs


def move(http: requests.Session, fake_url: str, job_no: str, status: str, extra: dict) -> float:
    started = time.perf_counter()
    answer = http.post(f"{fake_url}/_fake/jobs/{job_no}/status", json={"Status": status, "Walk": False, **extra},
                       timeout=10)
    answer.raise_for_status()
    return started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=20, help="orders (one job each); 5 moves per job per phase")
    args = parser.parse_args(argv)
    folder = tempfile.mkdtemp(prefix="bench-connector-")
    fake_app = create_fake({"FIXTURE": "demo"})
    fake = ServerThread(fake_app, name="fake", poll_interval=0.05).start()
    connector_app = create_connector({"THARSTERN_URL": f"{fake.url}/TharsternAPI", "TEST_CONTROLS": True,
                                      "DATABASE_URL": f"sqlite:///{Path(folder) / 'connector.sqlite'}"})
    connector = ServerThread(connector_app, name="connector", poll_interval=0.05).start()
    arrivals = Arrivals()
    bare = ServerThread(arrivals.app, name="bare-receiver", poll_interval=0.05).start()
    http = requests.Session()
    http.trust_env = False
    shop = f"{connector.url}/api/storefronts/default"
    api = f"{fake.url}/TharsternAPI/api"
    try:
        token = http.get(f"{api}/authentication/generateapitoken", params={
            "email": "integration@demo.test", "password": "tharstern", "applicationId": "bench"}).json()["Details"]["Token"]
        baseline_jobs = place_orders(http, shop, args.jobs, "BASE")
        measured_jobs = place_orders(http, shop, args.jobs, "BENCH")

        sub = http.post(f"{api}/webhooks/subscriptions", auth=(token, ""), timeout=10,
                        json={"Url": f"{bare.url}/hooks", "Events": ["JobStatusChanged", "JobDespatched"]}).json()
        baseline = []
        for status, extra in STEPS:
            for _oid, job_no in baseline_jobs:
                started = move(http, fake.url, job_no, status, extra)
                baseline.append((arrivals.wait((job_no, status)) - started) * 1000)
        http.delete(f"{api}/webhooks/subscriptions/{sub['Details']['ID']}", auth=(token, ""), timeout=10)

        http.post(f"{shop}/subscriptions/sync", timeout=10, headers={"Content-Type": "application/json"}).raise_for_status()
        measured = []
        for status, extra in STEPS:
            for oid, job_no in measured_jobs:
                started = move(http, fake.url, job_no, status, extra)
                deadline = time.monotonic() + 10
                while http.get(f"{shop}/orders/{oid}", timeout=10).json()["lines"][0]["job_status"] != status:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"order {oid} never showed {status}")
                    time.sleep(0.001)
                measured.append((time.perf_counter() - started) * 1000)
        print(f"Job status change → visible (loopback, one process, {args.jobs} jobs × {len(STEPS)} moves each)")
        print(summary("baseline: fake → bare receiver", baseline))
        print(summary("connector: fake → storefront order line (GET)", measured))
        print(f"{'connector overhead at p50':<44} {percentile(measured, 50) - percentile(baseline, 50):+.2f} ms")
    finally:
        for server in (bare, connector, fake):
            server.stop()
        close_app(connector_app)
        fake_app.extensions["fake_tharstern"].close()


if __name__ == "__main__":
    main()
