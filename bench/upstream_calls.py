"""Benchmark: how many Tharstern calls each connector operation makes, counted from the fake's
journal, against the least that operation could make.

    python -m bench.upstream_calls

Both servers run in this process on loopback (as the harness runs them), but everything is done
over HTTP: the connector's storefront API, the fake's control plane (``DELETE`` and
``GET /_fake/journal`` around each operation) and, to work out the minimum, the faked API itself.
Operations: the Connect Link list with a cold cache (no token either), warm, and after
``POST cache/clear`` (token kept), on the demo catalog and on the ``large`` one (10,000 stock
items, about half visible to WEB001); a price, cold (no token) and warm; an order of one line
and of three, from ``POST /orders`` until the outbox has sent it and read back its jobs.
The minimum of a list: one call per page at the connector's page size (100) — and, at Tharstern's
largest page (500), what a bigger page would save — plus one ``producttypes`` call per distinct
product type of the listed items (Tharstern has no batch read of product types), plus the token
when none is cached. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import math
import tempfile
import time
from collections import Counter
from pathlib import Path

import requests

from connector.app import close_app
from connector.app import create_app as create_connector
from fake_tharstern.app import create_app as create_fake
from harness.server_thread import ServerThread

CONNECTOR_PAGE, THARSTERN_MAX_PAGE = 100, 500


class Upstream:
    """Counts the faked API's requests made while an operation runs, from the fake's journal."""

    def __init__(self, http: requests.Session, fake_url: str) -> None:
        self.http, self.fake_url = http, fake_url

    def count(self, operation) -> tuple[Counter, float]:
        self.http.delete(f"{self.fake_url}/_fake/journal", timeout=10, headers={"Content-Type": "application/json"}).raise_for_status()
        started = time.perf_counter()
        operation()
        elapsed = time.perf_counter() - started
        entries = self.http.get(f"{self.fake_url}/_fake/journal", timeout=10).json()["items"]
        calls = Counter(f"{e['method']} {e['path'].split('/api/', 1)[-1]}" for e in entries if "/api/" in e["path"])
        return calls, elapsed


def least_for_list(http: requests.Session, api: str, code: str, type_filter: list[str]) -> tuple[int, int, int]:
    """(visible items, pages at the connector's page size, distinct product types listed), read
    from the faked API directly."""
    token = http.get(f"{api}/authentication/generateapitoken", timeout=10, params={
        "email": "integration@demo.test", "password": "tharstern", "applicationId": "bench"}).json()["Details"]["Token"]
    items, start = [], 0
    while True:
        details = http.get(f"{api}/products", auth=(token, ""), timeout=30, params={
            "customerCode": code, "paging_startIndex": start, "paging_numberOfRecords": THARSTERN_MAX_PAGE}).json()["Details"]
        items += details["Items"]
        start += len(details["Items"])
        if not details["Items"] or start >= details["TotalItemCount"]:
            break
    allowed = {t.lower() for t in type_filter}
    types = {i["ProductTypes_ID"] for i in items
             if ((i.get("Type") or {}).get("Name") or "None").lower() in allowed and i["ProductTypes_ID"] > 0}
    return len(items), math.ceil(len(items) / CONNECTOR_PAGE), len(types)


def describe(calls: Counter) -> str:
    grouped = Counter()
    for call, n in calls.items():
        grouped[call.split("?")[0]] += n
    return ", ".join(f"{n}× {call}" for call, n in sorted(grouped.items(), key=lambda kv: -kv[1])) or "none"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    folder = tempfile.mkdtemp(prefix="bench-upstream-")
    fake_app = create_fake({"FIXTURE": "demo", "JOURNAL_SIZE": 5000})
    fake = ServerThread(fake_app, name="fake", poll_interval=0.05).start()
    api = f"{fake.url}/TharsternAPI/api"
    connector_app = create_connector({"THARSTERN_URL": f"{fake.url}/TharsternAPI", "TEST_CONTROLS": True,
                                      "DATABASE_URL": f"sqlite:///{Path(folder) / 'connector.sqlite'}"})
    connector = ServerThread(connector_app, name="connector", poll_interval=0.05).start()
    http = requests.Session()
    http.trust_env = False
    shop = f"{connector.url}/api/storefronts/default"
    upstream = Upstream(http, fake.url)
    rows: list[tuple[str, Counter, float, str]] = []

    def measure(name: str, operation, least: str) -> None:
        calls, elapsed = upstream.count(operation)
        rows.append((name, calls, elapsed, least))

    def ok(answer: requests.Response) -> requests.Response:
        answer.raise_for_status()
        return answer

    def reset_connector() -> None:  # empties caches and tokens too
        ok(http.post(f"{connector.url}/_control/reset", json={"fixture": "demo"}, timeout=60))

    def options() -> None:
        ok(http.get(f"{shop}/connect-link/options", timeout=300))

    try:
        type_filter = ok(http.get(f"{shop}/behaviour", timeout=10)).json()["product_type_filter"]
        for fixture in ("demo", "large"):
            ok(http.post(f"{fake.url}/_fake/seed", json={"fixture": fixture}, timeout=60))
            items, pages, types = least_for_list(http, api, "WEB001", type_filter)
            reset_connector()
            label = f"Connect Link list, {fixture} ({items:,} items for WEB001)"
            least = f"{1 + pages + types} = token + {pages} pages + {types} types"
            measure(f"{label}: cold (no cache, no token)", options, least)
            measure(f"{label}: warm", options, "0")
            ok(http.post(f"{shop}/cache/clear", timeout=10, headers={"Content-Type": "application/json"}))
            measure(f"{label}: after cache/clear", options, f"{pages + types} = {pages} pages + {types} types")
            if pages > 1:
                bigger = math.ceil(items / THARSTERN_MAX_PAGE)
                rows.append((f"  (at Tharstern's largest page, {THARSTERN_MAX_PAGE}: {bigger} pages instead of {pages})",
                             Counter(), 0.0, ""))

        ok(http.post(f"{fake.url}/_fake/seed", json={"fixture": "demo"}, timeout=60))
        reset_connector()
        price = {"variant_id": 1, "quantity": 250, "customer_id": 4}
        measure("price (customer with a Connect Link): cold, no token",
                lambda: ok(http.post(f"{shop}/prices", json=price, timeout=30)), "2 = token + estimate")
        measure("price: warm (token cached)", lambda: ok(http.post(f"{shop}/prices", json=price, timeout=30)),
                "1 = estimate")

        for lines in (1, 3):
            body = {"reference": f"BENCH-{lines}", "customer_id": 4,
                    "lines": [{"variant_id": v, "quantity": 250} for v in (1, 2, 3)[:lines]]}
            measure(f"order of {lines} line(s), until sent and its jobs read (token cached)",
                    lambda body=body: place(http, shop, body),
                    f"{lines + 3} = stock items + {lines} estimate(s) + submit + jobs")
    finally:
        connector.stop()
        fake.stop()
        close_app(connector_app)
        fake_app.extensions["fake_tharstern"].close()

    width = max(len(r[0]) for r in rows)
    print(f"Tharstern calls per connector operation (connector page size {CONNECTOR_PAGE}):")
    for name, calls, elapsed, least in rows:
        if not least:
            print(f"  {name}")
            continue
        print(f"  {name:<{width}}  {sum(calls.values()):4d} calls  {elapsed * 1000:6.0f} ms   least {least}")
        print(f"  {'':<{width}}    {describe(calls)}")
    over = [(name, sum(c.values()), least) for name, c, _, least in rows
            if least and sum(c.values()) > int(least.split()[0])]
    print("\nsummary: " + ("every operation makes the least calls it can" if not over else
                           "more calls than the least: " + "; ".join(f"{n} ({c} vs {least.split()[0]})" for n, c, least in over)))


def place(http: requests.Session, shop: str, body: dict) -> None:
    answer = http.post(f"{shop}/orders", json=body, timeout=60)
    answer.raise_for_status()
    oid, deadline = answer.json()["id"], time.monotonic() + 30
    while not all(line["job_no"] for line in http.get(f"{shop}/orders/{oid}", timeout=10).json()["lines"]):
        if time.monotonic() > deadline:
            raise TimeoutError(f"order {oid} got no job numbers")
        time.sleep(0.005)


if __name__ == "__main__":
    main()
