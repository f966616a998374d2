"""Benchmark: hostile mapping code against a running connector (issue 14, item 1).

    python -m bench.mapping_code_limits [--rounds 3]

The connector runs as its own process (``python -m connector``, SQLite in a temporary folder)
against a fake Tharstern in this process, so its memory is its own. For every template below,
``PUT /variants/1/link/template`` is sent ``--rounds`` times, and meanwhile another thread asks
``GET /behaviour`` over and over. Reported per template: the slowest refusal (goal: under 2 s),
the slowest concurrent answer while it ran (goal: under 0.5 s), and at the end the connector's
growth (peak resident size ``VmHWM`` minus the resident size before the first attack; goal:
under 100 MB) and the mapping workers' peak resident sizes (separate processes, each limited by
``RLIMIT_AS``). The last two templates slip past the sandbox's budgets on purpose, so the worker's
deadline and processor limit are what stop them. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time

import requests

from fake_tharstern.app import create_app as create_fake
from harness.server_thread import ServerThread

TEMPLATES = [
    ("list|string tower", '{"n": {{ ("x"*100000)|list|string|list|string|list|string|length }}}'),
    ("'%(a)s'*200 % {...}", '{"n": {{ ("%(a)s"*200 % {"a": "%(a)s"*200})|length }}}'),
    ("'%.9999999d' % 1", "{\"n\": {{ ('%.9999999d' % 1)|length }}}"),
    ("big-integer tower", '{"n": {{ (((((2**64)**64)**64)**64)**64)|string|length }}}'),
    ("slow loop (time budget)",
     "{% for i in range(33000) %}{% set n = ('x' * 99999).count('x') %}{% endfor %}{}"),
    ("one slow filter (deadline)", "{% set s = 'x'*99999 %}{% set n = ([s]*99999)|unique|list|length %}{}"),
]


def kib(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as listed:
            found += [int(p) for p in listed.read().split()]
    return found


class Prober(threading.Thread):
    """Asks a cheap question again and again; keeps the latency of every answer with its start."""

    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.stop, self.samples = url, threading.Event(), []
        self.http = requests.Session()
        self.http.trust_env = False

    def run(self) -> None:
        while not self.stop.is_set():
            began = time.perf_counter()
            self.http.get(self.url, timeout=30).raise_for_status()
            self.samples.append((began, time.perf_counter() - began))
            time.sleep(0.01)

    def slowest_between(self, start: float, end: float) -> float:
        return max((took for began, took in self.samples if start <= began + took and began <= end), default=0.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    http = requests.Session()
    http.trust_env = False
    with tempfile.TemporaryDirectory() as folder, ServerThread(create_fake({}), name="fake") as fake:
        process = subprocess.Popen(
            [sys.executable, "-m", "connector", "--port", "0", "--tharstern-url", f"{fake.url}/TharsternAPI",
             "--database-url", f"sqlite:///{folder}/connector.sqlite"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            url = process.stdout.readline().split()[2]
            shop = f"{url}/api/storefronts/default"
            # warm up: a fine template starts the workers, so their start is not counted as an attack's
            http.put(f"{shop}/variants/1/link/template", json={"mapping_code": "{{ request|tojson }}"},
                     timeout=60).raise_for_status()
            time.sleep(1)
            before_kib = kib(process.pid, "VmRSS")
            prober = Prober(f"{shop}/behaviour")
            prober.start()
            print(f"{'template':28} {'status':>6} {'slowest refusal':>16} {'slowest other answer':>21}")
            for name, code in TEMPLATES:
                refusals, status, start = [], None, time.perf_counter()
                for _ in range(args.rounds):
                    began = time.perf_counter()
                    answer = http.put(f"{shop}/variants/1/link/template", json={"mapping_code": code}, timeout=60)
                    refusals.append(time.perf_counter() - began)
                    status = answer.status_code
                time.sleep(0.05)
                other = prober.slowest_between(start, time.perf_counter())
                print(f"{name:28} {status:>6} {max(refusals):>14.3f} s {other:>19.3f} s")
            prober.stop.set()
            prober.join()
            grew = (kib(process.pid, "VmHWM") - before_kib) / 1024
            workers = [kib(pid, "VmHWM") / 1024 for pid in children(process.pid)]
            print(f"connector: resident {before_kib / 1024:.1f} MB before the attacks, peak growth {grew:.1f} MB")
            print("mapping workers now running: " + ", ".join(f"peak {w:.1f} MB" for w in workers))
        finally:
            process.terminate()
            process.wait(10)
            process.stdout.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
