"""The console report with rich: a progress bar while running, then a summary table, each
failure explained (step, expected, actual, last calls), the fake's coverage, and a closing line
``N passed, N failed``."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from ..explain import failure_text
from ..run.results import ERROR, FAILED, PASSED, RunSummary, ScenarioResult
from ..run.suite import median_ms

STYLE = {PASSED: "green", FAILED: "bold red", ERROR: "bold magenta"}
COVERAGE_SHOWN = 8


class ProgressReporter:
    """``on_start``/``on_result`` callbacks for ``run_suite`` that drive a rich progress bar (on a
    terminal; elsewhere, as in CI logs, only the lines for scenarios that did not pass)."""

    def __init__(self, console: Console, progress=None, total: int = 0) -> None:
        self.console = progress.console if progress is not None else console
        self.progress = progress
        self.task = progress.add_task("starting", total=total) if progress is not None else None

    def on_start(self, scenario) -> None:
        if self.progress is not None:
            self.progress.update(self.task, description=escape(scenario.title[:60]))

    def on_result(self, result: ScenarioResult) -> None:
        if not result.passed:
            self.console.print(f"[{STYLE[result.status]}]{result.status.upper()}[/] {escape(result.scenario.title)}")
        if self.progress is not None:
            self.progress.advance(self.task)


@contextmanager
def progress_bar(console: Console, total: int) -> Iterator[ProgressReporter]:
    if not console.is_terminal:  # a bar would not show; rich.progress is not even imported
        yield ProgressReporter(console)
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        yield ProgressReporter(console, progress, total)


def print_summary(console: Console, summary: RunSummary) -> None:
    for error in summary.load_errors:
        console.print("[bold magenta]scenario file problems[/]")
        console.print(error.describe(), markup=False, soft_wrap=True)
    if summary.results:
        console.print(_results_table(summary.results))
    for result in summary.results:
        if not result.passed:
            console.print(Panel(escape(failure_text(result)), title=f"{result.status}: {escape(result.scenario.title)}",
                                border_style=STYLE[result.status], expand=True))
    if summary.coverage:
        console.print(coverage_table(summary.coverage))
    console.print(timing_line(summary), highlight=False)
    console.print(closing_line(summary), highlight=False)


def _results_table(results: list[ScenarioResult]) -> Table:
    table = Table(title="Scenarios", show_lines=False)
    table.add_column("result")
    table.add_column("scenario")
    table.add_column("area")
    table.add_column("ms", justify="right")
    for result in results:
        table.add_row(f"[{STYLE[result.status]}]{result.status}[/]", escape(result.scenario.title),
                      escape(result.scenario.area), f"{result.duration_ms:.0f}")
    return table


def coverage_table(coverage: dict) -> Table:
    table = Table(title="Fake Tharstern coverage (this run)")
    table.add_column("what")
    table.add_column("touched", justify="right")
    table.add_column("never touched")
    for category, info in coverage.items():
        missed = info.get("missed", [])
        shown = ", ".join(missed[:COVERAGE_SHOWN]) + (f", … (+{len(missed) - COVERAGE_SHOWN})" if len(missed) > COVERAGE_SHOWN else "")
        table.add_row(category, f"{info.get('covered', 0)}/{info.get('total', 0)}", escape(shown or "—"))
    return table


def timing_line(summary: RunSummary) -> str:
    startup = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in summary.startup_s.items())
    median = median_ms(summary.results)
    parts = [f"{len(summary.results)} scenarios in {summary.duration_s:.2f} s"
             + (f" on {summary.workers} workers" if summary.workers > 1 else "")]
    if median is not None:
        parts.append(f"median scenario {median:.0f} ms")
    if startup:
        parts.append(f"server start-up: {startup}")
    if summary.live:
        parts.append("live servers")
    return "; ".join(parts)


def closing_line(summary: RunSummary) -> str:
    """``tharness: N passed, N failed`` (errors count as failed), then ``, N files with problems``
    when some files could not be loaded: those are not scenarios that ran and failed."""
    failed = summary.count(FAILED) + summary.count(ERROR)
    line = f"tharness: {summary.count(PASSED)} passed, {failed} failed"
    if summary.load_errors:
        count = len(summary.load_errors)
        line += f", {count} file{'s' if count != 1 else ''} with problems"
    return line
