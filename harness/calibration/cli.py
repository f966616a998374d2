"""``tharness fixture from-recording`` and ``tharness conformance`` (docs/calibration.md).

Added to the ``tharness`` group in ``harness/cli.py``; what they need is imported when they run,
so other commands do not pay for it. Exit codes: 0 no difference (or the fixture written); 1
differences found; 2 a server cannot be probed, or the recording cannot be read (one line saying
why, never a traceback).
"""
from __future__ import annotations

from pathlib import Path

import click

UNUSABLE = 2


@click.group("fixture")
def fixture_group() -> None:
    """Fixture files for the fake (the /_fake/seed body format)."""


@fixture_group.command("from-recording")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The fixture file to write (.yaml or .yml; .json for JSON).")
@click.option("--password", default="tharstern", show_default=True,
              help="The password the recorded API users get in the fake (recordings keep no password).")
def from_recording(folder: Path, output: Path, password: str) -> None:
    """Make a fixture from a folder the recording proxy wrote (python -m fake_tharstern --proxy-to URL --record DIR)."""
    from .fixture import fixture_from_recording, write_fixture
    from .recording import RecordingError

    try:
        fixture = fixture_from_recording(folder, password=password)
    except RecordingError as error:
        click.echo(f"cannot read the recording: {error}", err=True)
        raise SystemExit(UNUSABLE) from None
    path = write_fixture(fixture, output)
    counts = ", ".join(f"{n} {k}" for k, n in fixture.counts().items())
    click.echo(f"wrote {path}: {counts} from {fixture.exchanges} exchanges")
    for warning in fixture.warnings:
        click.echo(f"warning: {warning}")


@click.command("conformance")
@click.option("--against", required=True, metavar="URL", help="The real Tharstern's API base, e.g. http://mis/TharsternAPI.")
@click.option("--email", required=True, help="An API user of the real server.")
@click.option("--password", required=True, help="Its password (never written anywhere).")
@click.option("--application-id", required=True, help="The application id to ask the token for.")
@click.option("--fake", "fake_url", metavar="URL",
              help="A fake already running (its API base); default: one started here from this run's recording.")
@click.option("--fake-email", help="With --fake: the fake's API user (default: --email).")
@click.option("--fake-password", help="With --fake: its password (default: --password).")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the JSON report here.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), help="Write the HTML page here.")
@click.option("--record", "record_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the recording of the real server's answers in this folder.")
@click.option("--allow-writes", is_flag=True,
              help="Also price an estimate request and submit one order marked as a probe (writes to the real server).")
@click.option("--max-product-types", default=5, show_default=True, type=click.IntRange(1, 50),
              help="Product types whose detail and sample estimate request are probed.")
@click.option("--page-size", default=10, show_default=True, type=click.IntRange(1, 100), help="Items per list probe.")
@click.option("--ca-bundle", type=click.Path(exists=True, dir_okay=False),
              help="Trust the real server's certificate authority in this PEM file (HTTPS with an own CA).")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(1, 600), help="Seconds per request.")
def conformance(against, email, password, application_id, fake_url, fake_email, fake_password, report_path,
                html_path, record_dir, allow_writes, max_product_types, page_size, ca_bundle, timeout) -> None:
    """Probe a real Tharstern and the fake with the same read-only requests and compare the shapes
    of their answers: status, envelope, field names, value types, enum names. Exit 0 with no
    difference, 1 with any, 2 when a server cannot be probed."""
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .client import Unusable
    from .conformance import Options, run_conformance
    from .recording import RecordingError
    from .report import print_report, write_html, write_json

    if (fake_email or fake_password) and not fake_url:
        raise click.UsageError("--fake-email and --fake-password go with --fake URL")
    console = Console(highlight=False)
    options = Options(against=against, email=email, password=password, application_id=application_id,
                      fake_url=fake_url, fake_email=fake_email, fake_password=fake_password,
                      allow_writes=allow_writes, record_dir=record_dir, page_size=page_size,
                      max_types=max_product_types, timeout_s=timeout, ca_bundle=ca_bundle)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("starting", total=None)

            def on_probe(what: str, total: int) -> None:
                progress.update(task, description=escape(what[:60]), total=total)
                progress.advance(task)

            report = run_conformance(options, on_probe)
    except (Unusable, RecordingError) as error:
        console.print(f"[bold red]cannot check conformance:[/] {escape(str(error))}", soft_wrap=True)
        raise SystemExit(UNUSABLE) from None
    print_report(console, report)
    for path, writer in ((report_path, write_json), (html_path, write_html)):
        if path:
            console.print(f"wrote {writer(report, path)}")
    raise SystemExit(0 if report.ok else 1)

