"""Benchmark: what a ``GET products`` page of 50 from 10,000 stock items costs, under the
production server (gunicorn, 1 worker, 4 threads), against bare Flask endpoints under the same
server in the same run; plus the fake's start-up time, in-process and as a process.

    python -m bench.fake_products_page [--seconds 5]

Load comes from wrk in another process (16 connections, keep-alive). Figures are printed, never
asserted; docs/performance.md keeps the latest ones.
"""
from __future__ import annotations

import argparse
import base64
import json
import statistics
import subprocess
import sys
import time
import urllib.request

from bench.load import free_port, gunicorn, wrk

STARTUP_SNIPPET = """
import time
started = time.perf_counter()
from fake_tharstern.app import create_app
app = create_app({"FIXTURE": "%s"})
print(time.perf_counter() - started)
"""


def token(url: str) -> str:
    query = "email=integration@demo.test&password=tharstern&applicationId=bench"
    with urllib.request.urlopen(f"{url}/TharsternAPI/api/authentication/generateapitoken?{query}") as answer:
        return json.load(answer)["Details"]["Token"]


def startup_in_process(fixture: str, runs: int = 5) -> float:
    times = [float(subprocess.run([sys.executable, "-c", STARTUP_SNIPPET % fixture], capture_output=True,
                                  text=True, check=True).stdout) for _ in range(runs)]
    return statistics.median(times)


def startup_as_process(runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        port = free_port()
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "fake_tharstern", "--port", str(port)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/_fake/clock", timeout=1).read()
                    break
                except OSError:
                    time.sleep(0.005)
            times.append(time.perf_counter() - started)
        finally:
            process.terminate()
            process.wait()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()

    print("start-up (median of 5):")
    print(f"  create_app(), demo fixture, fresh interpreter:  {startup_in_process('demo') * 1000:7.0f} ms (imports included)")
    print(f"  create_app(), large fixture (10,000 items):      {startup_in_process('large') * 1000:7.0f} ms")
    print(f"  python -m fake_tharstern until it answers:       {startup_as_process() * 1000:7.0f} ms")

    results = {}
    with gunicorn("bench.baseline_app:create_app()", ready_path="/hello") as url:
        results["bare Flask /hello"] = wrk(f"{url}/hello", seconds=args.seconds)
        results["bare Flask, fixed 50-item-sized body"] = wrk(f"{url}/static-page", seconds=args.seconds)
    with gunicorn("fake_tharstern.app:create_app()", env={"FAKE_THARSTERN_FIXTURE": "large"},
                  ready_path="/_fake/clock") as url:
        auth = {"Authorization": "Basic " + base64.b64encode(f"{token(url)}:".encode()).decode()}
        page = f"{url}/TharsternAPI/api/products?customerCode=WEB001&paging_startIndex=1000&paging_numberOfRecords=50"
        with urllib.request.urlopen(urllib.request.Request(page, headers=auth)) as answer:
            body = answer.read()
            total = json.loads(body)["Details"]["TotalItemCount"]
        print(f"\nfake: {total} of 10,000 stock items visible to WEB001; a page of 50 is {len(body):,} bytes")
        results["fake GET products (50 of 10,000)"] = wrk(page, seconds=args.seconds, headers=auth)
        results["fake GET products, no customer (50 of 10,015)"] = wrk(
            f"{url}/TharsternAPI/api/products?paging_startIndex=5000&paging_numberOfRecords=50",
            seconds=args.seconds, headers=auth)

    print(f"\ngunicorn -w 1 -k gthread --threads 4; wrk 2 threads, 16 connections, {args.seconds} s each:")
    width = max(len(name) for name in results)
    for name, result in results.items():
        print(f"  {name:<{width}}  {result.row()}")
    bare = results["bare Flask /hello"].requests_per_s
    fake = results["fake GET products (50 of 10,000)"].requests_per_s
    print(f"\nfake products page / bare Flask endpoint: {fake / bare:.0%}")


if __name__ == "__main__":
    main()
