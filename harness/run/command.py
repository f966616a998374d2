"""``tharness run``: load and pick the scenarios, run them (here, or in ``-n`` worker processes),
then report on the console and in the files asked for. Returns the exit code.

Exit codes: 0 all passed; 1 a scenario failed or a file has problems; 2 usage errors and servers
that cannot be reached; 5 no scenario selected.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape

NO_SCENARIOS = 5


@dataclass
class RunOptions:
    paths: list[Path]
    tags: tuple[str, ...] = ()
    match: str | None = None
    live: bool = False
    tharstern_url: str | None = None
    connector_url: str | None = None
    tenant: str | None = None
    junit_path: Path | None = None
    html_path: Path | None = None
    har_path: Path | None = None
    exitfirst: bool = False
    workers: int = 1
    shard: str | None = None
    last_failed: bool = False
    trace: bool = False


def run_command(options: RunOptions) -> int:
    from ..scenario import load_many
    from .picking import last_failed, parse_shard, remember_failures, shard
    from .suite import Selection

    console = Console(highlight=False)
    shard_of = _check_usage(options, parse_shard)
    try:
        loaded = load_many(options.paths)
    except FileNotFoundError as error:
        raise click.UsageError(str(error)) from None
    selection = Selection(list(options.tags), options.match)
    scenarios, load_errors = [s for s in loaded.scenarios if selection.picks(s)], loaded.errors
    if loaded.not_scenarios_note():
        console.print(loaded.not_scenarios_note(), markup=False)
    if options.last_failed:
        scenarios, note = last_failed(scenarios)
        console.print(note, markup=False)
    if shard_of:
        before = len(scenarios)
        scenarios = shard(scenarios, *shard_of)
        console.print(f"--shard {shard_of[0]}/{shard_of[1]}: {len(scenarios)} of the {before} selected scenarios",
                      markup=False)
    if not scenarios and not load_errors:
        tags, match = options.tags, options.match
        console.print("No scenario matches" + (f" tag {', '.join(tags)}" if tags else "") + (f" -k {match}" if match else ""),
                      markup=False)
        return NO_SCENARIOS
    summary = _run(options, scenarios, load_errors, console)
    if summary is None:
        return 2
    from ..reporting.console import print_summary

    print_summary(console, summary)
    try:
        remember_failures(summary)
    except OSError as error:  # a read-only folder: the run stands, --last-failed will not know it
        console.print(f"note: could not remember this run's failures for --last-failed: {error}", markup=False, soft_wrap=True)
    for path, writer in _writers(options):
        console.print(f"wrote {writer(summary, path)}", markup=False, soft_wrap=True)
    return 0 if summary.ok else 1


def _check_usage(options: RunOptions, parse_shard) -> tuple[int, int] | None:
    if options.connector_url and not options.tharstern_url:
        raise click.UsageError("--connector-url needs --tharstern-url (the fake Tharstern the connector talks to)")
    if options.live and not options.tharstern_url:
        raise click.UsageError("--live needs --tharstern-url (the fake Tharstern's URL)")
    if options.tenant is not None and not options.tharstern_url:
        raise click.UsageError("--tenant goes with --tharstern-url (an in-process fake is the run's own already)")
    if options.tharstern_url and options.workers > 1:
        raise click.UsageError("-n runs each worker with servers of its own; with --tharstern-url all would share (and "
                               "reset) the same servers. Run several `tharness run --tenant auto` at once, or use "
                               "--shard I/N to split a live run across machines")
    if options.shard is None:
        return None
    try:
        return parse_shard(options.shard)
    except ValueError as error:
        raise click.UsageError(f"--shard: {error}") from None


def _run(options: RunOptions, scenarios: list, load_errors: list, console: Console):
    from ..reporting.console import progress_bar

    pool = None
    if options.workers > 1 and scenarios:
        from .parallel import WorkerPool

        pool = WorkerPool(min(options.workers, len(scenarios)))  # before the progress bar's thread starts
    with progress_bar(console, len(scenarios)) as progress:
        on_result = progress.on_result
        if options.trace:
            on_result = _tracing(progress)
        if pool is not None:
            return pool.run(scenarios, load_errors, stop_on_failure=options.exitfirst,
                            on_start=progress.on_start, on_result=on_result)
        from .environment import LiveServers, LocalServers, ServerUnreachable
        from .suite import run_suite

        try:
            env = (LiveServers(options.tharstern_url, options.connector_url, tenant=options.tenant)  # type: ignore[arg-type]
                   if options.live or options.connector_url else
                   LocalServers(tharstern_url=options.tharstern_url, tenant=options.tenant))
        except (ServerUnreachable, ValueError) as error:
            console.print(f"[bold red]cannot run:[/] {escape(str(error))}")
            return None
        try:
            return run_suite(scenarios, load_errors, env, stop_on_failure=options.exitfirst,
                             on_start=progress.on_start, on_result=on_result)
        finally:
            env.close()


def _tracing(progress: Any):
    from ..explain import trace_text

    def on_result(result: Any) -> None:
        progress.console.print(trace_text(result), markup=False, highlight=False, soft_wrap=True)
        progress.on_result(result)
    return on_result


def _writers(options: RunOptions):
    if options.junit_path:
        from ..reporting.junit import write_junit
        yield options.junit_path, write_junit
    if options.html_path:
        from ..reporting.html import write_html
        yield options.html_path, write_html
    if options.har_path:
        from ..reporting.har import write_har
        yield options.har_path, write_har
