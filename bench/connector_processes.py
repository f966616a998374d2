"""Benchmark: orders per second through two connector processes on one PostgreSQL database versus
one, in the same run.

    THARSTERN_TEST_POSTGRES_URL=postgresql+psycopg://… python -m bench.connector_processes \\
        [--orders 60] [--submit-ms 500] [--clients 4]

The fake runs as its own process (``python -m fake_tharstern``) with a latency fault on
``orders/submit`` of ``--submit-ms`` (a real Tharstern takes a while to create an order and its
jobs; with no latency the measure is of this machine's CPU, not of the outbox). For each of one
and two connector processes (``python -m connector``) on a fresh database (``db upgrade`` first),
``--clients`` threads place ``--orders`` orders over HTTP, round-robin over the processes; the
clock runs from the first placement until every submission is ``sent`` (read from the database).
Printed: placement rate, end-to-end orders per second, and whether every order is in Tharstern
exactly once. Each configuration runs twice, interleaved (the machine may be shared); figures are
printed, never asserted.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from typing import Callable

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

SUBMIT = "/TharsternAPI/api/orders/submit"


def start(command: list[str], banner: str) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, *command], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    line = process.stdout.readline()
    if banner not in line:
        process.kill()
        raise RuntimeError(f"{command}: {line!r}")
    return process, line.split()[3 if banner.startswith("Fake") else 2]


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)
    process.stdout.close()


def fresh_database(server_url: str) -> tuple[str, Callable[[], None]]:
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"connector_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False), drop


def run(processes: int, args, fake_url: str, http: requests.Session, tag: str) -> dict:
    database_url, drop = fresh_database(args.postgres_url)
    with ExitStack() as cleanup:
        cleanup.callback(drop)
        subprocess.run([sys.executable, "-m", "connector", "db", "--database-url", database_url, "upgrade"],
                       check=True, capture_output=True, timeout=120)
        urls = []
        for _ in range(processes):  # one after the other: the first applies the demo fixture
            process, url = start(["-m", "connector", "--port", "0", "--tharstern-url", f"{fake_url}/TharsternAPI",
                                  "--database-url", database_url], "Connector on")
            cleanup.callback(stop, process)
            urls.append(url)
        engine = create_engine(database_url)
        cleanup.callback(engine.dispose)

        def place(n: int) -> float:
            url = urls[n % len(urls)]
            t0 = time.perf_counter()
            answer = http.post(f"{url}/api/storefronts/default/orders", timeout=60, json={
                "reference": f"{tag}-{n:04d}", "customer_id": 4, "lines": [{"variant_id": 4, "quantity": 10}]})
            if answer.status_code != 201:
                raise RuntimeError(f"placing an order: {answer.status_code} {answer.text}")
            return time.perf_counter() - t0

        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(place, range(args.orders)))
        placed = time.perf_counter() - started
        while True:
            with engine.connect() as connection:
                states = Counter({state: count for state, count in connection.execute(
                    text("SELECT state, count(*) FROM submissions WHERE unique_submit_order_id LIKE :tag GROUP BY state"),
                    {"tag": f"{tag}-%"})})
            if states.get("sent", 0) == args.orders:
                break
            if states.get("failed"):
                with engine.connect() as connection:
                    why = connection.execute(text("SELECT unique_submit_order_id, status_details FROM submissions "
                                                  "WHERE state = 'failed' AND unique_submit_order_id LIKE :tag LIMIT 3"),
                                             {"tag": f"{tag}-%"}).all()
                raise RuntimeError(f"submissions failed: {states}: {why}")
            time.sleep(0.02)
        done = time.perf_counter() - started
    return {"processes": processes, "placed_s": placed, "done_s": done}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.connector_processes")
    parser.add_argument("--postgres-url", default=os.environ.get("THARSTERN_TEST_POSTGRES_URL"),
                        help="a server where databases can be created (default THARSTERN_TEST_POSTGRES_URL)")
    parser.add_argument("--orders", type=int, default=60)
    parser.add_argument("--submit-ms", type=int, default=500, help="latency of Tharstern's orders/submit")
    parser.add_argument("--clients", type=int, default=4, help="threads placing orders")
    args = parser.parse_args(argv)
    if not args.postgres_url:
        parser.error("no PostgreSQL server: --postgres-url or THARSTERN_TEST_POSTGRES_URL (.ci/postgres start)")
    http = requests.Session()
    http.trust_env = False
    fake, fake_url = start(["-m", "fake_tharstern", "--port", "0"], "Fake Tharstern on")
    fake_url = fake_url.rsplit("/TharsternAPI", 1)[0]
    results = []
    try:
        http.patch(f"{fake_url}/_fake/products/1006", json={"Available": 10_000_000}, timeout=10).raise_for_status()
        if args.submit_ms:
            http.post(f"{fake_url}/_fake/faults", timeout=10, json={
                "kind": "latency", "delay_ms": args.submit_ms, "method": "POST", "path": SUBMIT}).raise_for_status()
        for round_no, processes in enumerate((1, 2, 1, 2)):  # twice each, interleaved: the machine is shared
            results.append(run(processes, args, fake_url, http, f"B{round_no}"))
        orders = Counter(o["UniqueSubmitOrderID"] for o in http.get(f"{fake_url}/_fake/state", timeout=30)
                         .json()["orders"] if o["UniqueSubmitOrderID"].startswith("B"))
    finally:
        stop(fake)
    print(f"connector processes on one PostgreSQL database: {args.orders} orders, {args.clients} clients, "
          f"orders/submit takes {args.submit_ms} ms")
    for result in results:
        print(f"  {result['processes']} process(es): placed at {args.orders / result['placed_s']:6.1f} orders/s, "
              f"all sent at {args.orders / result['done_s']:6.1f} orders/s ({result['done_s']:.1f} s)")
    best = {n: max(args.orders / r["done_s"] for r in results if r["processes"] == n) for n in (1, 2)}
    print(f"  best end to end: two processes {best[2]:.1f} orders/s vs one {best[1]:.1f} ({best[2] / best[1]:.2f}x)")
    print(f"  in Tharstern: {len(orders)} orders, each exactly once: {set(orders.values()) == {1}}")


if __name__ == "__main__":
    main()
