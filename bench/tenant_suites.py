"""Benchmark: three suites against one shared fake, one after another and then all at once.

    python -m bench.tenant_suites [--suites 3] [PATHS ...]      (default: the bundled scenarios/)

One fake (werkzeug's threaded server, in this process) and, per suite, a
``tharness run --tharstern-url U --tenant auto PATHS`` process with its own in-process connector.
Prints each suite's wall time and exit code, and the total of each way; every suite must pass
both ways (a suite that fails when run beside others would be cross-talk). Same run, same
machine, so the two totals compare.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fake_tharstern.app import create_app
from harness.server_thread import ServerThread

ROOT = Path(__file__).resolve().parent.parent


def suite_command(api_url: str, paths: list[str]) -> list[str]:
    return [str(Path(sys.executable).parent / "tharness"), "run", "--tharstern-url", api_url, "--tenant", "auto", *paths]


def run_one(command: list[str]) -> tuple[int, float]:
    began = time.perf_counter()
    process = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if process.returncode:
        print(process.stdout[-3000:])
    return process.returncode, time.perf_counter() - began


def run_at_once(commands: list[list[str]]) -> tuple[float, list[tuple[int, float]]]:
    started = time.perf_counter()
    with ThreadPoolExecutor(len(commands)) as pool:
        results = list(pool.map(run_one, commands))
    return time.perf_counter() - started, results


def run_in_turn(commands: list[list[str]]) -> tuple[float, list[tuple[int, float]]]:
    started = time.perf_counter()
    results = []
    for command in commands:
        results.append(run_one(command))
    return time.perf_counter() - started, results


def report(label: str, total: float, results: list[tuple[int, float]]) -> None:
    each = ", ".join(f"{s:.1f} s (exit {code})" for code, s in results)
    print(f"{label:<22} total {total:6.1f} s   suites: {each}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suites", type=int, default=3)
    parser.add_argument("paths", nargs="*", default=["scenarios"])
    args = parser.parse_args()
    fake = ServerThread(create_app(), "127.0.0.1", 0, name="shared-fake", poll_interval=0.05).start()
    try:
        commands = [suite_command(f"{fake.url}/TharsternAPI", args.paths)] * args.suites
        in_turn = run_in_turn(commands)
        report("one after another", *in_turn)
        at_once = run_at_once(commands)
        report(f"{args.suites} at once", *at_once)
        print(f"at once / in turn: {at_once[0] / in_turn[0]:.2f}")
        return 0 if all(code == 0 for code, _ in in_turn[1] + at_once[1]) else 1
    finally:
        fake.stop()


if __name__ == "__main__":
    sys.exit(main())
