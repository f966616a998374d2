"""Benchmark: the harness's own speed, with baselines measured in the same run.

    python -m bench.harness_speed [--before PATH] [--runs 5] [--cases fixed,command,suite]

- ``fixed``: a scenario's fixed cost, in-process as ``tharness run`` runs it: two trivial scenarios
  (one request to the fake; one to the connector) in turns of three — the connector one, then the
  fake-only one twice (first right after a scenario that used the connector, so both servers are
  reset; then with the connector untouched since, so its reset may be left out) — 40 turns after
  a warm-up. Each median is given whole and as its fixed part: the scenario less its step's own
  request, i.e. what the resets, the journal reads and the runner cost.
- ``command``: ``tharness run`` of one fake-only scenario as a whole command (a fresh interpreter:
  imports, start-up, the run, the report), against ``python -c "import flask"`` (the baseline the
  goal is stated in: at most 5 times it).
- ``suite``: the bundled suite, ``tharness run`` against ``tharness run -n 2`` (this checkout
  only), and the share of the slowest scenario (from the JUnit file).

With ``--before PATH`` (another checkout, e.g. ``mkdir /tmp/old && git archive <commit> | tar -x
-C /tmp/old``) every case of ``fixed`` and ``command`` also runs from there, interleaved with this
checkout's, so load from other work on the machine falls on both alike. Children take the code
from ``PYTHONPATH`` only; bytecode is cached in a temporary folder, warmed by an unmeasured run
(``--cold``: no bytecode cache, every module compiled at every start, as on a machine that sets
``PYTHONDONTWRITEBYTECODE=1``).
The machine's load average is printed with the figures. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from bench.startup import child_env

HERE = Path(__file__).resolve().parent.parent
ONE_SCENARIO = "scenarios/catalog/a-price-change-in-tharstern-shows-at-once.scenario.yaml"
FIXED = r"""
import json, statistics, sys
from harness.run.environment import LocalServers
from harness.run.suite import run_scenarios
from harness.scenario.loader import load_text
fake_only = load_text("scenario: t\nsteps:\n  - tharstern: GET /_fake/clock\n", "fake-only")
both = load_text("scenario: t\nsteps:\n  - connector: GET /api/storefronts/default/connection\n", "both")
CASES = ("both servers", "fake only, after a connector scenario", "fake only, connector untouched")
def fixed_part(result):  # the scenario less its step's own requests: resets, journal reads, the runner
    return result.duration_ms - sum(e.duration_ms for r in result.records if r.kind not in ("setup", "collect")
                                    for e in r.exchanges)
with LocalServers() as env:
    run_scenarios([fake_only, both, fake_only, both], env)
    found = {name: [] for name in CASES}
    for _ in range(int(sys.argv[1])):
        results = run_scenarios([both, fake_only, fake_only], env)
        for name, result in zip(CASES, results):
            assert result.passed, result.message
            found[name].append(result)
    out = {}
    for name, results in found.items():
        out[name] = statistics.median(r.duration_ms for r in results)
        out[name + " (fixed part)"] = statistics.median(fixed_part(r) for r in results)
print(json.dumps(out))
"""
RUN = "from harness.cli import main; main()"


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def wall(command: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0,):
        raise RuntimeError(f"{command} failed ({done.returncode}): {done.stdout[-2000:]}{done.stderr[-2000:]}")
    return elapsed


def fixed(trees: dict[str, Path], env_of, runs: int) -> None:
    found: dict[str, list[dict[str, float]]] = {label: [] for label in trees}
    for _ in range(runs):
        for label, tree in trees.items():
            done = subprocess.run([sys.executable, "-c", FIXED, "40"], env=env_of(tree), cwd=tree,
                                  capture_output=True, text=True)
            if done.returncode:
                raise RuntimeError(done.stderr[-3000:])
            found[label].append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"\nfixed cost of a trivial scenario, median of {runs} runs of 40 (load {load()})")
    for label, results in found.items():
        parts = [f"{name} {statistics.median(r[name] for r in results):.1f} ms" for name in results[0]]
        print(f"  {label or 'this checkout'}: " + ", ".join(parts))


def command(trees: dict[str, Path], env_of, runs: int) -> None:
    times: dict[str, list[float]] = {label: [] for label in trees}
    flask: list[float] = []
    for tree in trees.values():  # warm the bytecode caches
        wall([sys.executable, "-c", RUN, "run", str(tree / ONE_SCENARIO)], env_of(tree), tree)
    for _ in range(runs):
        flask.append(wall([sys.executable, "-c", "import flask"], env_of(HERE), HERE))
        for label, tree in trees.items():
            times[label].append(wall([sys.executable, "-c", RUN, "run", str(tree / ONE_SCENARIO)], env_of(tree), tree))
    base = statistics.median(flask)
    print(f"\none-scenario `tharness run` as a command, median of {runs} (load {load()}; "
          f"{'no bytecode cache' if env_of(HERE).get('PYTHONDONTWRITEBYTECODE') else 'bytecode cached'})")
    print(f"  python -c 'import flask' (baseline): {base * 1000:.0f} ms")
    for label, values in times.items():
        median = statistics.median(values)
        print(f"  {label or 'this checkout'}: {median * 1000:.0f} ms = {median / base:.1f}× the baseline")


def suite(env_of, runs: int) -> None:
    serial, parallel, shares = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        junit = Path(folder) / "junit.xml"
        for _ in range(runs):
            serial.append(wall([sys.executable, "-c", RUN, "run", "scenarios", "--junit", str(junit)], env_of(HERE), HERE))
            shares.append(slowest_share(junit))
            parallel.append(wall([sys.executable, "-c", RUN, "run", "scenarios", "-n", "2"], env_of(HERE), HERE))
    one, two = statistics.median(serial), statistics.median(parallel)
    name, share = max(shares, key=lambda s: s[1])
    print(f"\nbundled suite as a command, median of {runs} (load {load()}; {os.cpu_count()} cores)")
    print(f"  tharness run: {one:.2f} s; tharness run -n 2: {two:.2f} s; speed-up {one / two:.2f}×")
    print(f"  slowest scenario: {name} — {share:.0%} of the scenarios' time (the worst of {runs} runs)")


def slowest_share(junit: Path) -> tuple[str, float]:
    cases = [(c.get("name"), float(c.get("time") or 0)) for c in ET.parse(junit).getroot().iter("testcase")]
    total = sum(t for _, t in cases) or 1.0
    name, slowest = max(cases, key=lambda c: c[1])
    return name, slowest / total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="PATH", help="also run fixed and command from this checkout, interleaved")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cases", default="fixed,command,suite")
    parser.add_argument("--cold", action="store_true", help="no bytecode cache in the children")
    args = parser.parse_args(argv)
    pycache = None if args.cold else tempfile.mkdtemp(prefix="bench-pycache-")
    trees = {"": HERE, **({"before": Path(args.before).resolve()} if args.before else {})}

    def env_of(tree: Path) -> dict[str, str]:
        return child_env(pycache, str(tree))

    cases = args.cases.split(",")
    if "fixed" in cases:
        fixed(trees, env_of, args.runs)
    if "command" in cases:
        command(trees, env_of, args.runs)
    if "suite" in cases:
        suite(env_of, max(1, args.runs // 2))


if __name__ == "__main__":
    main()
