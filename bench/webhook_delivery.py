"""Benchmark: webhook delivery latency (job status change -> receiver) and deliveries per second,
against a bare HTTP round-trip to the same receiver in the same run.

    python -m bench.webhook_delivery [--changes 300] [--burst 2000]

Everything runs in one process on loopback: the fake (werkzeug's threaded server, as the harness
runs it), its dispatcher thread, and a bare WSGI receiver that notes when each event arrives.
- baseline: ``requests.Session().post`` (configured as the dispatcher's) of a body of the same
  size to the receiver, one at a time: round-trip p50/p99 and requests per second (the dispatcher also sends one at a time,
  so this is its ceiling);
- latency: ``POST /_fake/jobs/{JobNo}/status`` over HTTP, one move at a time, from just before
  the request to the event's arrival at the receiver (the control-plane call is included);
- throughput: ``--burst`` price edits made straight on the backend as fast as it takes them,
  then the time until the receiver has every event: deliveries per second.
Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import json
import statistics
import threading
import time

import requests
from werkzeug.wrappers import Request, Response

from fake_tharstern.app import create_app
from harness.server_thread import ServerThread


class ArrivalReceiver:
    def __init__(self) -> None:
        self.arrivals: dict[tuple[str, int], float] = {}
        self.count = 0
        self.cond = threading.Condition()

    @Request.application
    def app(self, request: Request) -> Response:
        arrived = time.perf_counter()
        body = json.loads(request.get_data())
        data = body.get("Data", {})
        key = (str(data.get("JobNo", data.get("StockItemID", "-"))), int(body.get("Sequence", 0)))
        with self.cond:
            self.arrivals[key] = arrived
            self.count += 1
            self.cond.notify_all()
        return Response(status=204)

    def wait(self, predicate, timeout_s: float = 60.0) -> None:
        with self.cond:
            if not self.cond.wait_for(predicate, timeout_s):
                raise RuntimeError("the receiver did not get every event in time")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def describe(label: str, millis: list[float]) -> str:
    return (f"{label:<44} p50 {percentile(millis, 50):7.2f} ms   p99 {percentile(millis, 99):7.2f} ms   "
            f"mean {statistics.fmean(millis):7.2f} ms   (n={len(millis)})")


def baseline(url: str, body: bytes, runs: int) -> tuple[list[float], float]:
    session = requests.Session()
    session.trust_env = False  # as the dispatcher's session
    times = []
    started = time.perf_counter()
    for _ in range(runs):
        t0 = time.perf_counter()
        session.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=10).close()
        times.append((time.perf_counter() - t0) * 1000)
    return times, runs / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.webhook_delivery")
    parser.add_argument("--changes", type=int, default=300, help="status changes timed one at a time")
    parser.add_argument("--burst", type=int, default=2000, help="events raised at once for throughput")
    args = parser.parse_args(argv)

    app = create_app({"WEBHOOK_TIMEOUT_S": 10})
    fake = app.extensions["fake_tharstern"]
    receiver = ArrivalReceiver()
    with ServerThread(receiver.app, name="receiver") as hook_server, ServerThread(app, name="fake") as fake_server:
        hook_url = hook_server.url + "/hooks"
        session = requests.Session()
        # warm up, and a body of the size a JobStatusChanged event has
        sample = json.dumps({"EventId": "evt_" + "0" * 32, "Event": "JobStatusChanged", "OccurredAt": "x" * 24,
                             "Sequence": 1, "Data": {"JobNo": "-", "pad": "x" * 560}}).encode()
        baseline(hook_url, sample, 50)
        base_times, base_rate = baseline(hook_url, sample, max(args.burst, args.changes))

        fake.edit_product(1006, {"Available": 10_000_000})
        jobs_needed = args.changes // 3 + 1
        order = fake.submit_orders({"Orders": [{"InvoiceCustomer": {"Code": "WEB001"}, "Items": [
            {"StockItemID": 1006, "Quantity": 1, "Ref1": f"BENCH/{n}"} for n in range(jobs_needed)]}]})
        with fake.lock:
            job_nos = [line["JobNo"] for line in fake.state.orders[order["Orders"][0]["ID"]]["Items"]]
        fake.create_webhook_subscription({"Url": hook_url, "Events": ["JobStatusChanged", "StockItemChanged"]}, 1)

        moves = [(job_no, status, seq) for job_no in job_nos
                 for seq, status in enumerate(("OutOnProof", "InProduction", "FinishedProduction"), 1)][:args.changes]
        latencies = []
        for job_no, status, seq in moves:
            t0 = time.perf_counter()
            answer = session.post(f"{fake_server.url}/_fake/jobs/{job_no}/status", json={"Status": status}, timeout=10)
            answer.raise_for_status()
            receiver.wait(lambda key=(job_no, seq): key in receiver.arrivals)
            latencies.append((receiver.arrivals[(job_no, seq)] - t0) * 1000)

        control_times = []
        for _ in range(100):  # what the control-plane call alone costs, for reference
            t0 = time.perf_counter()
            session.get(f"{fake_server.url}/_fake/clock", timeout=10).close()
            control_times.append((time.perf_counter() - t0) * 1000)

        already = receiver.count
        started = time.perf_counter()
        for n in range(args.burst):
            fake.edit_product(1006, {"UnitPrice": 1 + (n % 2)})
        raised = time.perf_counter() - started
        receiver.wait(lambda: receiver.count >= already + args.burst, timeout_s=600)
        took = time.perf_counter() - started
        flushed = fake.flush_webhooks({"timeout_s": 10})
        fake.close()
        _, base_rate_after = baseline(hook_url, sample, max(args.burst, args.changes))  # the machine may be shared

    print(f"webhook delivery, one process on loopback ({args.changes} timed changes, burst of {args.burst})")
    print(describe("baseline: bare POST round-trip to receiver", base_times))
    print(describe("control call alone: GET /_fake/clock", control_times))
    print(describe("status change -> receiver (incl. the call)", latencies))
    print(f"{'baseline: sequential bare POSTs':<44} {base_rate:8.0f} requests/s before, "
          f"{base_rate_after:.0f} after the burst")
    base_rate = (base_rate + base_rate_after) / 2
    rate = args.burst / took
    print(f"{'dispatcher: burst delivered':<44} {rate:8.0f} deliveries/s "
          f"({rate / base_rate * 100:.0f}% of the baseline's mean; events raised at {args.burst / raised:.0f}/s)")
    print(f"deliveries after the run: {flushed['counts']}")


if __name__ == "__main__":
    main()
