"""Console pages: the journal of API calls and the coverage of what has been exercised."""
from __future__ import annotations

from flask import Blueprint, request

from ..control.observe import coverage_report
from .queries import JournalQuery, read_query
from .render import fake, render

SHOWN = 200


def journal():
    args, errors = read_query(JournalQuery(), request.args)
    backend = fake()
    limit = args.get("limit", SHOWN)
    entries = backend.journal.entries(method=args.get("method"), path=args.get("path"), since_seq=args.get("since"),
                                      status=args.get("status"), limit=limit)
    return render("journal.html", "Journal", entries=list(reversed(entries)), args=args, errors=errors, limit=limit,
                  size=backend.journal.size)


def coverage():
    return render("coverage.html", "Coverage", report=coverage_report())


def add_routes(blueprint: Blueprint) -> None:
    blueprint.add_url_rule("/journal", "journal", journal)
    blueprint.add_url_rule("/coverage", "coverage", coverage)
