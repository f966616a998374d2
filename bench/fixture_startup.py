"""Benchmark: start-up of the fake with a 10,000-item fixture file (JSON and YAML) against the
built-in ``large`` fixture, in the same run.

    python -m bench.fixture_startup [--runs 5]

The files hold exactly the ``large`` fixture's data (seed 42: 10,015 stock items, 300 product
types, 60 customers; written once: ~3 MB of JSON, ~2 MB of YAML), so the difference is reading a file instead
of generating the catalog. Measured in a fresh interpreter each time, the cases interleaved
(median of ``--runs``):
- in-process: ``create_app({"FIXTURE": ...})`` until it returns, wall and CPU time, after
  importing ``fake_tharstern.app`` (not timed);
- as a process: ``python -m fake_tharstern --fixture ...`` until its port answers HTTP.
Bytecode is cached as in bench/startup.py. Figures are printed, never asserted; docs/performance.md
keeps the latest ones.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from bench.load import free_port
from bench.startup import child_env, until_answers

CREATE = """
import json, sys, time
import fake_tharstern.app
wall0, cpu0 = time.perf_counter(), time.process_time()
app = fake_tharstern.app.create_app({"FIXTURE": sys.argv[1]})
wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
assert app.test_client().get("/_fake/state?summary=true").json["counts"]["products"] > 10000
print(json.dumps([wall, cpu]))
"""


def write_files(folder: Path) -> dict[str, str]:
    from fake_tharstern.fixtures import build_fixture

    payload = {"fixture": "empty", **build_fixture("large", 42)}
    payload.pop("users")  # the empty base holds the demo API user already
    json_path, yaml_path = folder / "catalog.json", folder / "catalog.yaml"
    json_path.write_text(json.dumps(payload, indent=1))
    yaml_path.write_text(yaml.dump(payload, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False))
    return {"built-in large fixture": "large", f"JSON file ({json_path.stat().st_size / 1e6:.1f} MB)": str(json_path),
            f"YAML file ({yaml_path.stat().st_size / 1e6:.1f} MB)": str(yaml_path)}


def in_process(fixture: str, env: dict[str, str]) -> tuple[float, float]:
    done = subprocess.run([sys.executable, "-c", CREATE, fixture], env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(done.stderr)
    wall, cpu = json.loads(done.stdout.strip().splitlines()[-1])
    return wall, cpu


def as_process(fixture: str, env: dict[str, str]) -> float:
    port = free_port()
    return until_answers([sys.executable, "-m", "fake_tharstern", "--port", str(port), "--fixture", fixture],
                         f"http://127.0.0.1:{port}/_fake/clock", env)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-fixture-") as folder:
        cases = write_files(Path(folder))
        env = child_env(str(Path(folder) / "pycache"))
        for fixture in cases.values():  # warm the bytecode cache and check each case works; not measured
            in_process(fixture, env)
        created = {name: [] for name in cases}
        served = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, fixture in cases.items():
                created[name].append(in_process(fixture, env))
                served[name].append(as_process(fixture, env))
    width = max(map(len, cases))
    print(f"Start-up with 10,015 stock items, fresh interpreter each time, median of {args.runs}:")
    print(f"  {'':<{width}}  create_app wall   create_app CPU   python -m until HTTP")
    for name in cases:
        wall = statistics.median(w for w, _ in created[name])
        cpu = statistics.median(c for _, c in created[name])
        print(f"  {name:<{width}}  {1000 * wall:10.0f} ms    {1000 * cpu:10.0f} ms    "
              f"{1000 * statistics.median(served[name]):10.0f} ms")


if __name__ == "__main__":
    main()
