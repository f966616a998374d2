"""``tharness``: run, validate, serve, demo.

Exit codes of ``run`` and ``validate``: 0 all good; 1 a scenario failed or a file has problems;
2 usage errors and servers that cannot be reached; 5 no scenario selected.
"""
from __future__ import annotations

import threading
from pathlib import Path

import click

from .run.command import NO_SCENARIOS
from .scenario import load_many
from .calibration.cli import conformance, fixture_group
from .webhooks_cli import webhooks


def default_scenario_paths() -> list[Path]:
    """``./scenarios`` when there is one, else the bundled suites beside the package."""
    here = Path("scenarios")
    if here.is_dir():
        return [here]
    bundled = Path(__file__).resolve().parent.parent / "scenarios"
    if bundled.is_dir():
        return [bundled]
    raise click.UsageError("no scenarios/ folder here and no bundled suites found; give PATHS")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Scenario harness for the Connect:Tharstern integration: the fake Tharstern and the connector."""


main.add_command(webhooks)
main.add_command(fixture_group)
main.add_command(conformance)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Run scenarios with this tag (repeatable: any of them).")
@click.option("-k", "match", metavar="TEXT", help="Run scenarios whose title or file contains TEXT.")
@click.option("--live", is_flag=True, help="Use servers already running, given by URL, instead of in-process ones.")
@click.option("--tharstern-url", metavar="URL",
              help="A fake Tharstern already running, e.g. http://127.0.0.1:8910/TharsternAPI (without a path, "
                   "/TharsternAPI is assumed); without --live the connector still runs in-process, pointed at it.")
@click.option("--connector-url", metavar="URL",
              help="A connector already running, e.g. http://127.0.0.1:8920 (instead of one in-process).")
@click.option("--tenant", metavar="NAME|auto",
              help="With --tharstern-url: run in this tenant of the shared fake (/t/NAME/...), so suites sharing "
                   "it see nothing of each other; auto makes a unique name and removes the tenant at the end.")
@click.option("--junit", "junit_path", type=click.Path(dir_okay=False, path_type=Path), help="Write JUnit XML here.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the HTML report here.")
@click.option("--har", "har_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every HTTP exchange of the run here, as HAR 1.2.")
@click.option("-x", "--exitfirst", is_flag=True, help="Stop at the first scenario that does not pass.")
@click.option("-n", "--workers", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="Run in N worker processes, each with its own servers; one merged report.")
@click.option("--shard", metavar="I/N", help="Run only shard I of N: a stable split of the selected scenarios (for CI).")
@click.option("--last-failed", "--lf", "last_failed", is_flag=True,
              help="Run only the scenarios that did not pass last time (all, when none is remembered).")
@click.option("--trace", is_flag=True, help="Print every step's exchanges as each scenario ends, passing ones included.")
def run(**options) -> None:
    """Run scenarios (default: the bundled scenarios/), both servers in-process on free ports."""
    from .run.command import RunOptions, run_command

    options["paths"] = list(options["paths"]) or default_scenario_paths()
    raise SystemExit(run_command(RunOptions(**options)))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def validate(paths) -> None:
    """Check scenario files (YAML, schema, matchers, variables, the connector's settings) without
    running them."""
    from .scenario.checks_offline import check_offline

    try:
        loaded = load_many(list(paths) or default_scenario_paths())
    except FileNotFoundError as error:
        raise click.UsageError(str(error)) from None
    note = check_offline(loaded)
    for problem in loaded.errors:
        click.echo(problem.describe())
    if loaded.not_scenarios_note():
        click.echo(loaded.not_scenarios_note())
    if note:
        click.echo(note)
    total = len({s.file for s in loaded.scenarios}) + len(loaded.errors)
    if not total:
        click.echo("No scenario files (*.scenario.yaml) found.")
        raise SystemExit(NO_SCENARIOS)
    problems = sum(len(e.problems) for e in loaded.errors)
    if loaded.errors:
        click.echo(f"{len(loaded.errors)} of {total} files have problems ({problems} in all).")
        raise SystemExit(1)
    made = f" ({len(loaded.scenarios)} scenarios with the rows of examples:)" if len(loaded.scenarios) != total else ""
    click.echo(f"{total} scenario files are valid{made}.")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (keep to loopback for tests).")
@click.option("--tharstern-port", default=8910, show_default=True, help="Port of the fake (0 picks a free one).")
@click.option("--connector-port", default=8920, show_default=True, help="Port of the connector (0 picks a free one).")
@click.option("--fixture", type=click.Choice(["demo", "empty", "large"]), default="demo", show_default=True,
              help="The fake's start data.")
def serve(host, tharstern_port, connector_port, fixture) -> None:
    """Start the fake and the connector (when available) for development; Ctrl-C stops them."""
    _serve(host, tharstern_port, connector_port, fixture=fixture, demo=False)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--tharstern-port", default=8910, show_default=True, help="Port of the fake (0 picks a free one).")
@click.option("--connector-port", default=8920, show_default=True, help="Port of the connector (0 picks a free one).")
def demo(host, tharstern_port, connector_port) -> None:
    """Both servers with demo data, for a trainer: prints the URLs and the demo credentials."""
    _serve(host, tharstern_port, connector_port, fixture="demo", demo=True)


def _serve(host: str, tharstern_port: int, connector_port: int, *, fixture: str, demo: bool) -> None:
    from .serve_commands import describe, load_demo_data, start_servers

    try:
        running = start_servers(host, tharstern_port, connector_port, fixture=fixture, fresh_connector_db=demo)
    except (OSError, SystemExit) as error:  # werkzeug prints why and exits when a port is taken
        raise click.ClickException(f"cannot listen on {host} (ports {tharstern_port} and {connector_port}): {error}; "
                                   "is a port in use? --tharstern-port 0 and --connector-port 0 pick free ones") from None
    try:
        if demo:
            load_demo_data(running)
        for line in describe(running, demo=demo):
            click.echo(line)
        threading.Event().wait()
    except KeyboardInterrupt:
        click.echo("stopping")
    finally:
        running.stop()

