"""Benchmark: the fake's memory over 100,000 requests (the journal is a bounded ring, so it should
stay flat once the ring is full).

    python -m bench.fake_memory [--requests 100000]

Requests go through the WSGI stack in-process (gate, journal, routing, auth, backend), a
read-only mix: products pages, customers, product types, jobs, a 401 and a 404 (writes such as
estimate requests create data by design, so they would grow any faithful fake). Prints the
resident set size every 10 % and the growth after the journal ring filled up. Baseline: the same
loop against a bare Flask app.
"""
from __future__ import annotations

import argparse
import base64
import gc
import itertools

from bench.baseline_app import create_app as create_baseline
from fake_tharstern.app import create_app


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def drive(client, paths: list[tuple[str, dict]], count: int, label: str) -> list[tuple[int, float]]:
    samples = [(0, rss_mb())]
    step = max(1, count // 10)
    for n, (path, headers) in zip(range(1, count + 1), itertools.cycle(paths)):
        client.get(path, headers=headers)
        if n % step == 0:
            gc.collect()
            samples.append((n, rss_mb()))
    print(f"\n{label}")
    for n, mb in samples:
        print(f"  after {n:>7,} requests: {mb:7.1f} MB")
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100_000)
    args = parser.parse_args()

    baseline = create_baseline().test_client()
    base = drive(baseline, [("/hello", {}), ("/static-page", {})], args.requests, "bare Flask (baseline)")

    app = create_app({"FIXTURE": "demo", "JOURNAL_SIZE": 1000})
    client = app.test_client()
    token = client.get("/TharsternAPI/api/authentication/generateapitoken?email=integration@demo.test"
                       "&password=tharstern&applicationId=memory").json["Details"]["Token"]
    auth = {"Authorization": "Basic " + base64.b64encode(f"{token}:".encode()).decode()}
    mix = [("/TharsternAPI/api/products?customerCode=WEB001", auth),
           ("/TharsternAPI/api/customers?keyword=acme", auth),
           ("/TharsternAPI/api/producttypes?id=3", auth),
           ("/TharsternAPI/api/jobs", auth),
           ("/TharsternAPI/api/products", {}),
           ("/TharsternAPI/api/nothing-here", auth)]
    fake = drive(client, mix, args.requests, "fake Tharstern (journal ring of 1,000)")
    journal = len(app.extensions["fake_tharstern"].journal.entries())
    print(f"\njournal entries kept: {journal:,}")
    settled = next(mb for n, mb in fake if n >= args.requests // 10)
    print(f"fake growth after the first 10 %: {fake[-1][1] - settled:+.1f} MB "
          f"(baseline: {base[-1][1] - next(mb for n, mb in base if n >= args.requests // 10):+.1f} MB)")


if __name__ == "__main__":
    main()
