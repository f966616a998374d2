"""Benchmark: the bundled scenario suite's wall time and median scenario, in-process as
``tharness run`` runs it, with the runner's fixed cost per scenario as the baseline.

    python -m bench.suite_time [--runs 3]

Each run starts both servers afresh (``LocalServers``: the fake at once, the connector at the
first scenario that needs it) and runs every bundled scenario in order; the wall time holds the
servers' start-up and every scenario (reset, set-up, steps, collect), as ``tharness run`` prints
it. The baseline, in the same process: two trivial scenarios (one request to the fake; one to the
connector) run 20 times each, so the runner's own cost per scenario — resetting both servers,
reading the journal and the deliveries — can be told from what the scenarios do. Also the time to
load and validate the scenario files. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict

from harness.cli import default_scenario_paths
from harness.run.environment import LocalServers
from harness.run.suite import Selection, load_selected, run_scenarios, run_suite
from harness.scenario.loader import load_text

GOAL_WALL_S, GOAL_MEDIAN_MS = 15.0, 150.0
TRIVIAL_FAKE = """
scenario: trivial, fake only
steps:
  - tharstern: GET /_fake/clock
    expect: {status: 200}
"""
TRIVIAL_CONNECTOR = """
scenario: trivial, both servers
steps:
  - connector: GET /api/storefronts/default/connection
    expect: {status: 200}
"""


def baseline(repeat: int) -> dict[str, list[float]]:
    fake_only, with_connector = load_text(TRIVIAL_FAKE, "trivial-fake"), load_text(TRIVIAL_CONNECTOR, "trivial-both")
    with LocalServers() as env:
        run_scenarios([fake_only, with_connector], env)  # start the connector, warm both; not measured
        timings = {"fake only": [], "both servers": []}
        for _ in range(repeat):
            for name, scenario in (("fake only", fake_only), ("both servers", with_connector)):
                result = run_scenarios([scenario], env)[0]
                assert result.passed, result.failure
                timings[name].append(result.duration_ms)
    return timings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--slowest", type=int, default=8)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    scenarios, errors = load_selected(default_scenario_paths(), Selection())
    load_s = time.perf_counter() - started
    if errors:
        raise SystemExit(f"scenario files do not load: {errors}")

    walls, medians, failed = [], [], 0
    per_scenario: dict[str, list[float]] = defaultdict(list)
    setup_share: list[float] = []
    for _ in range(args.runs):
        started = time.perf_counter()
        env = LocalServers()
        try:
            summary = run_suite(scenarios, [], env)
        finally:
            env.close()
        walls.append(time.perf_counter() - started)
        medians.append(statistics.median(r.duration_ms for r in summary.results))
        failed += sum(not r.passed for r in summary.results)
        for result in summary.results:
            per_scenario[f"{result.scenario.file}"].append(result.duration_ms)
        setup = sum(rec.duration_ms for r in summary.results for rec in r.records if rec.kind in ("setup", "collect"))
        setup_share.append(setup / sum(r.duration_ms for r in summary.results))
        startup = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in summary.startup_s.items())
        print(f"run: {len(summary.results)} scenarios in {walls[-1]:.2f} s (start-up {startup}); "
              f"median scenario {medians[-1]:.0f} ms; failed {sum(not r.passed for r in summary.results)}")

    base = baseline(20)
    print(f"\nloading and validating {len(scenarios)} scenario files: {load_s * 1000:.0f} ms")
    print(f"suite, median of {args.runs} runs: wall {statistics.median(walls):.2f} s "
          f"(min {min(walls):.2f}, max {max(walls):.2f}); median scenario {statistics.median(medians):.0f} ms")
    print(f"runner phases (reset + set-up + collect) take {statistics.median(setup_share):.0%} of scenario time")
    print("baseline, the runner's fixed cost per scenario (median of 20; reset, one request, collect):")
    for name, values in base.items():
        print(f"  trivial scenario, {name:<13} {statistics.median(values):6.1f} ms  (p90 "
              f"{sorted(values)[int(0.9 * len(values)) - 1]:.1f} ms)")
    print(f"slowest scenarios (median of {args.runs}):")
    slowest = sorted(per_scenario.items(), key=lambda kv: -statistics.median(kv[1]))[:args.slowest]
    for file, values in slowest:
        print(f"  {statistics.median(values):7.0f} ms  {file.split('scenarios/')[-1]}")
    wall, median = statistics.median(walls), statistics.median(medians)
    verdict = "met" if wall <= GOAL_WALL_S and median <= GOAL_MEDIAN_MS else "missed"
    print(f"\nsummary: {len(scenarios)} scenarios in {wall:.2f} s, median scenario {median:.0f} ms "
          f"(trivial scenario {statistics.median(base['both servers']):.0f} ms), failed {failed} — "
          f"goal ≤ {GOAL_WALL_S:.0f} s and ≤ {GOAL_MEDIAN_MS:.0f} ms {verdict}")


if __name__ == "__main__":
    main()
