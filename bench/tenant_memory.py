"""Benchmark: the fake's memory with 100 idle tenants.

    python -m bench.tenant_memory [--tenants 100]

Each tenant is made the way a suite makes it (its first request, ``GET /t/{name}/_fake/state``),
then used a little as a suite starts (a token, a products page), then left idle. Requests go
through the WSGI stack in-process. Prints the resident set size and tracemalloc's count of
Python memory before and after, per tenant, and again after every tenant is removed
(``DELETE /_fake/tenants/{name}``), which shows the memory is given back to Python.
"""
from __future__ import annotations

import argparse
import base64
import gc
import time
import tracemalloc

from bench.fake_memory import rss_mb
from fake_tharstern.app import create_app

JSON = {"Content-Type": "application/json"}


def use_tenant(client, name: str) -> None:
    root = f"/t/{name}"
    assert client.get(f"{root}/_fake/state?summary=true").status_code == 200
    token = client.get(f"{root}/TharsternAPI/api/authentication/generateapitoken?email=integration@demo.test"
                       "&password=tharstern&applicationId=memory").json["Details"]["Token"]
    auth = {"Authorization": "Basic " + base64.b64encode(f"{token}:".encode()).decode()}
    assert client.get(f"{root}/TharsternAPI/api/products?customerCode=WEB001", headers=auth).status_code == 200


def traced_mb() -> float:
    gc.collect()
    return tracemalloc.get_traced_memory()[0] / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, default=100)
    args = parser.parse_args()
    app = create_app({"MAX_TENANTS": args.tenants})
    client = app.test_client()
    use_tenant(client, "warm-up")  # imports, the OpenAPI document, the first fixture
    client.delete("/_fake/tenants/warm-up", headers=JSON)
    tracemalloc.start()
    rss_before, traced_before = rss_mb(), traced_mb()
    started = time.perf_counter()
    for n in range(args.tenants):
        use_tenant(client, f"suite-{n}")
    made_s = time.perf_counter() - started
    rss_after, traced_after = rss_mb(), traced_mb()
    listed = client.get("/_fake/tenants").json["count"] - 1
    for n in range(args.tenants):
        assert client.delete(f"/_fake/tenants/suite-{n}", headers=JSON).status_code == 200
    rss_removed, traced_removed = rss_mb(), traced_mb()
    per = args.tenants or 1
    print(f"{listed} idle tenants made and used in {made_s:.2f} s ({made_s / per * 1000:.0f} ms each)")
    print(f"RSS:          {rss_before:7.1f} MB -> {rss_after:7.1f} MB  (+{(rss_after - rss_before) / per * 1000:.0f} kB a tenant); "
          f"after removing them all {rss_removed:7.1f} MB")
    print(f"tracemalloc:  {traced_before:7.1f} MB -> {traced_after:7.1f} MB  (+{(traced_after - traced_before) / per * 1000:.0f} kB a tenant); "
          f"after removing them all {traced_removed:7.1f} MB")


if __name__ == "__main__":
    main()
