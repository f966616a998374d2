"""The conformance report: JSON (``{"differences": [...], "probes": n, ...}``), a rich table on
the console, and a self-contained HTML page (``templates/conformance.html``)."""
from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .conformance import Report

WARNINGS_SHOWN = 5
KIND_STYLE = {"missing": "red", "extra": "yellow", "type": "magenta", "enum": "cyan", "status": "bold red"}
KIND_MEANING = {
    "missing": "the real server sends it, the fake does not",
    "extra": "the fake sends it, the real server does not",
    "type": "the value types differ",
    "enum": "an enum value is named differently",
    "status": "the HTTP status or Status.Success differs",
}


def write_json(report: Report, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.as_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def write_html(report: Report, path: Path) -> Path:
    env = Environment(loader=PackageLoader("harness.calibration", "templates"), autoescape=select_autoescape(["html"]))
    env.filters["shown"] = _text
    page = env.get_template("conformance.html").render(report=report.as_dict(), meaning=KIND_MEANING)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def print_report(console: Console, report: Report) -> None:
    for warning in report.warnings[:WARNINGS_SHOWN]:
        console.print(f"[yellow]recording:[/] {escape(warning)}")
    if len(report.warnings) > WARNINGS_SHOWN:
        console.print(f"[yellow]recording:[/] … {len(report.warnings) - WARNINGS_SHOWN} more (all in the JSON report)")
    for note in report.notes:
        console.print(f"[dim]note:[/] {escape(note)}")
    for skipped in report.skipped:
        console.print(f"[dim]not probed:[/] {escape(skipped)}")
    console.print(operations_table(report))
    if report.findings:
        table = Table(title=f"Where the fake differs from {escape(report.against)}", show_lines=False)
        for column in ("operation", "path", "kind", "real", "fake"):
            table.add_column(column, overflow="fold")
        for finding in report.findings:
            style = KIND_STYLE.get(finding.kind, "")
            table.add_row(escape(finding.operation), escape(finding.path), f"[{style}]{finding.kind}[/]",
                          escape(_text(finding.real)), escape(_text(finding.fake)))
        console.print(table)
        for note in dict.fromkeys(f.note for f in report.findings if f.note):
            console.print(f"[dim]note:[/] {escape(note)}")
    count = len(report.findings)
    verdict = "[green]no difference[/]" if not count else f"[bold red]{count} difference{'s' if count != 1 else ''}[/]"
    console.print(f"conformance: {len(report.pairs)} probes against {escape(report.against)} and "
                  f"{escape(report.fake)}: {verdict} ({report.duration_s:.1f} s)", highlight=False)


def operations_table(report: Report) -> Table:
    """One row per operation: how many probes, the statuses each side gave, the differences."""
    rows: dict[str, dict] = {}
    for pair in report.pairs:
        row = rows.setdefault(pair.probe.operation, {"probes": 0, "real": set(), "fake": set()})
        row["probes"] += 1
        row["real"].add(pair.real.status)
        if pair.fake is not None:
            row["fake"].add(pair.fake.status)
    counts: dict[str, int] = {}
    for finding in report.findings:
        counts[finding.operation] = counts.get(finding.operation, 0) + 1
    table = Table(title="Probes by operation")
    table.add_column("operation", justify="left")
    for column in ("probes", "real", "fake", "differences"):
        table.add_column(column, justify="right")
    for operation, row in rows.items():
        found = counts.get(operation, 0)
        table.add_row(escape(operation), str(row["probes"]), _statuses(row["real"]), _statuses(row["fake"]),
                      f"[bold red]{found}[/]" if found else "[green]0[/]")
    for operation in counts.keys() - rows.keys():   # found while seeding the fake, before any probe
        table.add_row(escape(operation), "0", "", "", f"[bold red]{counts[operation]}[/]")
    return table


def _statuses(statuses: set) -> str:
    return ", ".join(str(s) for s in sorted(statuses, key=str))


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "—" if value is None else str(value)
