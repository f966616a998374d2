"""Benchmark: the connector's Pressero-style import of 10,000 and of 20,000 stock items, with
fetching the same items from the fake as the baseline in the same run.

    python -m bench.pressero_import [--sizes 10000 20000]

Both servers in this process on loopback (werkzeug's threaded server, as the harness runs them),
the connector on a fresh SQLite file per size. The fake holds a generated catalog (the ``large``
fixture's generator) big enough for the largest size, every stock item linked to WEB001 so that
each can be imported. Items are imported as Pressero sends them: ``POST /imports`` with 50 stock
item ids at a time (the most one import takes), one after the other, over HTTP. Timed: from the
first import to the last answer; every item must come back ``imported``.
Baselines, same items, same run: reading them from the fake in pages of 500
(``GET products?customerCode=``, the least reading there can be) and in batches of 50 ids
(``GET products?id=..``, one call per import). Linearity: seconds per item at 20,000 over that at
10,000 (1.0 = linear). Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import requests

from connector.app import close_app
from connector.app import create_app as create_connector
from connector.domain.imports import MAX_PER_IMPORT
from fake_tharstern.app import create_app as create_fake
from fake_tharstern.fixtures.large import generate_catalog
from harness.server_thread import ServerThread

GOAL_S_PER_10K = 10.0
STOREFRONT = "WEB001"


def catalog(items: int) -> dict:
    payload = generate_catalog(11, items=items)
    for product in payload["products"]:
        links = product.setdefault("LinkedCustomers", [])
        if not any(link["CustomerCode"] == STOREFRONT for link in links):
            links.append({"CustomerCode": STOREFRONT})
    return {"fixture": "empty", **{key: payload[key] for key in ("customers", "productTypes", "products")}}


def token(http: requests.Session, api: str) -> str:
    return http.get(f"{api}/authentication/generateapitoken", timeout=10, params={
        "email": "integration@demo.test", "password": "tharstern", "applicationId": "bench"}).json()["Details"]["Token"]


def read_pages(http: requests.Session, api: str, count: int) -> tuple[list[int], float]:
    auth, ids, start, started = (token(http, api), ""), [], 0, time.perf_counter()
    while len(ids) < count:
        details = http.get(f"{api}/products", auth=auth, timeout=60, params={
            "customerCode": STOREFRONT, "paging_startIndex": start, "paging_numberOfRecords": 500}).json()["Details"]
        ids += [item["ID"] for item in details["Items"] if item["Type"]["Name"] != "Material"]
        start += len(details["Items"])
        if not details["Items"]:
            break
    return ids[:count], time.perf_counter() - started


def read_batches(http: requests.Session, api: str, ids: list[int]) -> float:
    auth, started = (token(http, api), ""), time.perf_counter()
    for start in range(0, len(ids), MAX_PER_IMPORT):
        batch = ids[start:start + MAX_PER_IMPORT]
        answer = http.get(f"{api}/products", auth=auth, timeout=60, params={
            "customerCode": STOREFRONT, "id": batch, "paging_numberOfRecords": 500}).json()["Details"]
        assert answer["TotalItemCount"] == len(batch), answer["TotalItemCount"]
    return time.perf_counter() - started


def run_imports(fake_url: str, ids: list[int]) -> tuple[float, float, list[float]]:
    """(wall s, process CPU s, CPU s of each POST /imports); the CPU time is this whole process's
    (fake, connector and client), which a busy machine disturbs less than the wall time."""
    folder = tempfile.mkdtemp(prefix="bench-import-")
    app = create_connector({"THARSTERN_URL": f"{fake_url}/TharsternAPI", "TEST_CONTROLS": True,
                            "DATABASE_URL": f"sqlite:///{Path(folder) / 'connector.sqlite'}"})
    server = ServerThread(app, name="connector", poll_interval=0.05).start()
    http = requests.Session()
    http.trust_env = False
    try:
        url = f"{server.url}/api/storefronts/default/imports"
        started, cpu_started, per_post = time.perf_counter(), time.process_time(), []
        for start in range(0, len(ids), MAX_PER_IMPORT):
            post_cpu = time.process_time()
            answer = http.post(url, timeout=300, json={"site": "shop.example.com", "external_user_id": "117",
                                                       "stock_item_ids": ids[start:start + MAX_PER_IMPORT]})
            answer.raise_for_status()
            progress = answer.json()["progress"]
            if answer.json()["state"] != "completed" or progress["imported"] != progress["total"]:
                raise RuntimeError(f"import did not complete: {answer.json()['state']} {progress}")
            per_post.append(time.process_time() - post_cpu)
        return time.perf_counter() - started, time.process_time() - cpu_started, per_post
    finally:
        server.stop()
        close_app(app)
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000])
    args = parser.parse_args(argv)
    fake_app = create_fake({"FIXTURE": "empty"})
    backend = fake_app.extensions["fake_tharstern"]
    backend.seed(catalog(int(max(args.sizes) * 1.15)))  # some generated items are papers (Material)
    fake = ServerThread(fake_app, name="fake", poll_interval=0.05).start()
    api = f"{fake.url}/TharsternAPI/api"
    http = requests.Session()
    http.trust_env = False
    rows = []
    try:
        for size in args.sizes:
            ids, paged_s = read_pages(http, api, size)
            assert len(ids) == size, f"the catalog has only {len(ids)} importable items"
            batched_s = read_batches(http, api, ids)
            import_s, cpu_s, per_post = run_imports(fake.url, ids)
            tenth = max(1, len(per_post) // 10)
            first, last = (1000 * sum(p) / (len(p) * MAX_PER_IMPORT) for p in (per_post[:tenth], per_post[-tenth:]))
            rows.append((size, import_s, paged_s, batched_s, cpu_s))
            print(f"{size:>6,} items: import {import_s:6.2f} s ({size / import_s:6.0f} items/s, CPU {cpu_s:6.2f} s; "
                  f"CPU per item in the first tenth {first:.2f} ms, in the last {last:.2f} ms); "
                  f"baseline reads from the fake: pages of 500 {paged_s:5.2f} s, batches of 50 ids {batched_s:5.2f} s")
    finally:
        fake.stop()
        backend.close()

    print(f"\nPressero-style import, {MAX_PER_IMPORT} items per POST /imports, fresh SQLite database per size:")
    for size, import_s, paged_s, batched_s, cpu_s in rows:
        print(f"  {size:>6,} items  {import_s:7.2f} s  {size / import_s:6.0f} items/s  "
              f"({1000 * import_s / size:.2f} ms/item wall, {1000 * cpu_s / size:.2f} ms/item CPU; reading alone "
              f"{1000 * batched_s / size:.2f} ms/item in batches of 50, {1000 * paged_s / size:.3f} in pages of 500)")
    if len(rows) >= 2:
        (small, small_s, *_, small_cpu), (big, big_s, *_, big_cpu) = rows[0], rows[-1]
        ratio, cpu_ratio = (big_s / big) / (small_s / small), (big_cpu / big) / (small_cpu / small)
        per_10k = small_s * 10_000 / small
        verdict = "met" if per_10k <= GOAL_S_PER_10K and min(ratio, cpu_ratio) <= 1.2 else "missed"
        print(f"\nsummary: {small:,} items in {small_s:.2f} s, {big:,} in {big_s:.2f} s (time per item ×{ratio:.2f}, "
              f"CPU per item ×{cpu_ratio:.2f} at {big // small}× the size) — goal ≤ {GOAL_S_PER_10K:.0f} s per 10,000 "
              f"and linear {verdict}")


if __name__ == "__main__":
    main()
