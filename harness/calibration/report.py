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
    page = env.get_template("conformance.html").render(report=report.as_dict(), meaning=KIND_MEANING)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def print_report(console: Console, report: Report) -> None:
    for warning in report.warnings:
        console.print(f"[yellow]recording:[/] {escape(warning)}")
    for skipped in report.skipped:
        console.print(f"[dim]not probed:[/] {escape(skipped)}")
    if report.findings:
        table = Table(title=f"Where the fake differs from {escape(report.against)}", show_lines=False)
        for column in ("operation", "path", "kind", "real", "fake"):
            table.add_column(column, overflow="fold")
        for finding in report.findings:
            style = KIND_STYLE.get(finding.kind, "")
            table.add_row(escape(finding.operation), escape(finding.path), f"[{style}]{finding.kind}[/]",
                          escape(_text(finding.real)), escape(_text(finding.fake)))
        console.print(table)
    count = len(report.findings)
    verdict = "[green]no difference[/]" if not count else f"[bold red]{count} difference{'s' if count != 1 else ''}[/]"
    console.print(f"conformance: {len(report.pairs)} probes against {escape(report.against)} and "
                  f"{escape(report.fake)}: {verdict} ({report.duration_s:.1f} s)", highlight=False)


def _text(value) -> str:
    return "—" if value is None else str(value)
