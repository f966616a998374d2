"""Benchmark: start-up of the fake Tharstern and the connector, in-process and as processes, with a
bare Flask app as the baseline in the same run.

    python -m bench.startup [--runs 7]

What is measured, each in a fresh interpreter (median of ``--runs``, the cases interleaved so that
noise from other work on the machine falls on all of them alike):
- in-process: from the first line of a script to both apps having answered their first request
  through the test client — importing ``connector.app`` and ``fake_tharstern.app``, then
  ``create_app()`` of each with its embedded defaults and demo data (the connector on a fresh
  SQLite file, as the harness starts it), then one request each. Import, ``create_app`` and the
  first request are timed separately, and wall and CPU time are both given (CPU time is what
  the work costs; wall time also holds the waiting for the other jobs on a busy machine);
- the same for each app alone;
- baseline: the same script shape for a bare Flask app (import flask, ``Flask()`` with one
  route, one request), and the interpreter itself (``python -c pass``);
- as processes: ``python -m fake_tharstern`` and ``python -m connector`` (fresh database) until
  their port answers HTTP, against a bare Flask app under the same werkzeug server.
Bytecode is cached (as in any installed deployment) in a temporary ``PYTHONPYCACHEPREFIX``, warmed
by one unmeasured run; ``--cold`` measures without it (every module compiled at every start).
``--before PATH`` also runs every case from another checkout (e.g. ``mkdir /tmp/old && git archive
<commit> | tar -x -C /tmp/old``), interleaved with this one, for a before/after in the same run.
Figures are printed, never asserted; docs/performance.md keeps the latest ones.
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
import urllib.request
from pathlib import Path

from bench.load import free_port

GOAL_S = 0.5

TIMED = """
import json, time
wall0, cpu0 = time.perf_counter(), time.process_time()
marks = {}
def mark(name):
    marks[name] = (time.perf_counter() - wall0, time.process_time() - cpu0)
%s
print(json.dumps(marks))
"""

BOTH = """
import connector.app
import fake_tharstern.app
mark("import")
connector_app = connector.app.create_app({"TEST_CONTROLS": True, "DATABASE_URL": "sqlite:///%(db)s",
                                          "THARSTERN_URL": "http://127.0.0.1:9/TharsternAPI"})
fake_app = fake_tharstern.app.create_app({"FIXTURE": "demo"})
mark("create_app")
assert connector_app.test_client().get("/api/storefronts/default/connection").status_code == 200
assert fake_app.test_client().get("/_fake/clock").status_code == 200
mark("first request")
connector.app.close_app(connector_app)
"""

FAKE = """
import fake_tharstern.app
mark("import")
fake_app = fake_tharstern.app.create_app({"FIXTURE": "demo"})
mark("create_app")
assert fake_app.test_client().get("/_fake/clock").status_code == 200
mark("first request")
"""

CONNECTOR = """
import connector.app
mark("import")
connector_app = connector.app.create_app({"TEST_CONTROLS": True, "DATABASE_URL": "sqlite:///%(db)s",
                                          "THARSTERN_URL": "http://127.0.0.1:9/TharsternAPI"})
mark("create_app")
assert connector_app.test_client().get("/api/storefronts/default/connection").status_code == 200
mark("first request")
connector.app.close_app(connector_app)
"""

BARE = """
import flask
mark("import")
app = flask.Flask("bare")
app.add_url_rule("/hello", "hello", lambda: {"hello": "world"})
mark("create_app")
assert app.test_client().get("/hello").status_code == 200
mark("first request")
"""

BARE_SERVER = """
import sys
from werkzeug.serving import make_server
import flask
app = flask.Flask("bare")
app.add_url_rule("/hello", "hello", lambda: {"hello": "world"})
make_server("127.0.0.1", int(sys.argv[1]), app, threaded=True).serve_forever()
"""


def child_env(pycache: str | None, tree: str | None = None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": tree or os.pathsep.join(filter(None, [os.getcwd(), os.environ.get("PYTHONPATH")])),
           "PYTHONSAFEPATH": "1"}  # the code comes from PYTHONPATH only, not from the current folder
    if pycache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = pycache
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_timed(body: str, env: dict[str, str], folder: str) -> dict[str, tuple[float, float]]:
    db = Path(tempfile.mkdtemp(dir=folder)) / "connector.sqlite"
    script = TIMED % (body % {"db": db})
    output = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    if output.returncode:
        raise RuntimeError(output.stderr)
    return json.loads(output.stdout.strip().splitlines()[-1])


def interpreter_s(env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
    return time.perf_counter() - started


def until_answers(command: list[str], url: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = started + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                return time.perf_counter() - started
            except OSError:
                if process.poll() is not None or time.perf_counter() > deadline:
                    raise RuntimeError(f"{command} did not answer: {process.stderr.read().decode()}") from None
                time.sleep(0.002)
    finally:
        process.terminate()
        process.wait(timeout=10)


def as_process(name: str, env: dict[str, str], folder: str) -> float:
    port = free_port()
    if name == "fake":
        return until_answers([sys.executable, "-m", "fake_tharstern", "--port", str(port)],
                             f"http://127.0.0.1:{port}/_fake/clock", env)
    if name == "connector":
        db = Path(tempfile.mkdtemp(dir=folder)) / "connector.sqlite"
        return until_answers([sys.executable, "-m", "connector", "--port", str(port), "--database-url", f"sqlite:///{db}"],
                             f"http://127.0.0.1:{port}/api/storefronts/default/connection", env)
    return until_answers([sys.executable, "-c", BARE_SERVER, str(port)], f"http://127.0.0.1:{port}/hello", env)


def median_marks(runs: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    return {name: (statistics.median(r[name][0] for r in runs), statistics.median(r[name][1] for r in runs))
            for name in runs[0]}


def phases(marks: dict[str, tuple[float, float]]) -> str:
    previous, parts = (0.0, 0.0), []
    for name, (wall, cpu) in marks.items():
        parts.append(f"{name} {1000 * (wall - previous[0]):5.0f}")
        previous = (wall, cpu)
    last_wall, last_cpu = list(marks.values())[-1]
    return f"total {1000 * last_wall:5.0f} ms wall, {1000 * last_cpu:5.0f} ms CPU  ({', '.join(parts)} ms wall)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cold", action="store_true", help="no bytecode cache: every module compiled at each start")
    parser.add_argument("--before", metavar="PATH", help="also run every case from this checkout, interleaved")
    args = parser.parse_args(argv)
    cases = {"bare Flask (baseline)": BARE, "fake alone": FAKE, "connector alone": CONNECTOR, "both servers": BOTH}
    processes = {"bare Flask (baseline)": "bare", "python -m fake_tharstern": "fake",
                 "python -m connector (fresh database)": "connector"}
    trees = {"": None, **({"before: ": args.before} if args.before else {})}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        envs = {label: child_env(None if args.cold else str(Path(folder) / f"pycache{n}"), tree)
                for n, (label, tree) in enumerate(trees.items())}
        for env in envs.values():
            for body in cases.values():  # warm the bytecode cache; not measured
                run_timed(body, env, folder)
        timed = {(label, name): [] for label in trees for name in cases}
        served = {(label, name): [] for label in trees for name in processes}
        interpreter = []
        for _ in range(args.runs):
            interpreter.append(interpreter_s(envs[""]))
            for label, env in envs.items():
                for name, body in cases.items():
                    timed[label, name].append(run_timed(body, env, folder))
                for name, kind in processes.items():
                    served[label, name].append(as_process(kind, env, folder))

    print(f"Start-up, fresh interpreter each time, median of {args.runs} "
          f"({'no bytecode cache' if args.cold else 'bytecode cached'}):")
    print(f"  python -c pass (interpreter, spawn included): {1000 * statistics.median(interpreter):5.0f} ms wall")
    print("  in-process, from the script's first line to the first answered request:")
    width = max(len(label) + len(name) for label in trees for name in cases)
    medians = {key: median_marks(runs) for key, runs in timed.items()}
    for label in trees:
        for name in cases:
            print(f"    {label + name:<{width}}  {phases(medians[label, name])}")
    print("  as a process, until the port answers HTTP (werkzeug threaded server):")
    for label in trees:
        for name in processes:
            print(f"    {label + name:<{width + 2}} {1000 * statistics.median(served[label, name]):5.0f} ms wall")
    for label in trees:
        both = medians[label, "both servers"]["first request"]
        bare = medians[label, "bare Flask (baseline)"]["first request"]
        verdict = "met" if both[0] <= GOAL_S else "missed"
        print(f"\nsummary{' (' + label.strip(': ') + ')' if label else ''}: both servers in-process ready in "
              f"{1000 * both[0]:.0f} ms wall ({1000 * both[1]:.0f} ms CPU; bare Flask {1000 * bare[0]:.0f} ms) — "
              f"goal ≤ {1000 * GOAL_S:.0f} ms {verdict}")


if __name__ == "__main__":
    main()
