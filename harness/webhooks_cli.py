"""``tharness webhooks subscribe``: register a receiver of your own with a running fake and print
the subscription's secret (plain, or the whole subscription as JSON with ``--json``).

It calls the fake's control plane (``POST /_fake/webhooks/subscriptions``), as a Tharstern
administrator would register a webhook; a control token in ``FAKE_THARSTERN_CONTROL_TOKEN`` is
sent when set (a fake on another machine asks for it).
"""
from __future__ import annotations

import json

import click

DEFAULT_THARSTERN_URL = "http://127.0.0.1:8910"  # tharness serve's and python -m fake_tharstern's


@click.group("webhooks")
def webhooks() -> None:
    """Webhooks from the fake Tharstern to a receiver of your own."""


@webhooks.command("subscribe")
@click.option("--url", required=True, metavar="URL", help="Your receiver: an absolute http(s) URL.")
@click.option("--events", "events", multiple=True, metavar="E…",
              help="Events to receive: JobStatusChanged, JobDespatched, StockItemChanged (default all); "
                   "several after one --events, or commas.")
@click.argument("more_events", nargs=-1, metavar="")
@click.option("--tharstern-url", default=DEFAULT_THARSTERN_URL, show_default=True, metavar="T",
              help="The fake Tharstern (its root, or its API URL such as http://127.0.0.1:8910/TharsternAPI).")
@click.option("--secret", metavar="whsec_…", help="Use this secret instead of a generated one.")
@click.option("--json", "as_json", is_flag=True, help="Print the subscription as JSON (with its secret).")
def subscribe(url, events, more_events, tharstern_url, secret, as_json) -> None:
    """Subscribe URL to the fake's webhooks and print the secret that signs them."""
    import requests

    from .run.http import control_headers
    from .run.targets import split_tharstern_url

    if more_events and not events:
        raise click.UsageError(f"unexpected {' '.join(more_events)}: name events after --events")
    names = [n.strip() for e in (*events, *more_events) for n in e.split(",") if n.strip()]
    try:
        root, _base = split_tharstern_url(tharstern_url)
    except ValueError as error:
        raise click.UsageError(f"--tharstern-url: {error}") from None
    body = {"Url": url, "Events": names or ["JobStatusChanged", "JobDespatched", "StockItemChanged"]}
    if secret:
        body["Secret"] = secret
    endpoint = f"{root}/_fake/webhooks/subscriptions"
    try:
        answer = requests.post(endpoint, json=body, headers=control_headers("tharstern"), timeout=30)
    except requests.RequestException as error:
        raise click.ClickException(f"cannot reach the fake Tharstern at {root}: {error}") from None
    document = _json(answer)
    if answer.status_code >= 400 or not isinstance(document, dict):
        raise click.ClickException(f"the fake refused the subscription ({answer.status_code}): "
                                   f"{_problems(document) or answer.text[:500]}")
    subscription = document.get("Details", document)
    if as_json:
        click.echo(json.dumps(subscription, indent=2))
    else:
        click.echo(subscription.get("Secret", ""))


def _json(answer):
    try:
        return answer.json()
    except ValueError:
        return None


def _problems(document) -> str:
    """A refusal's fields and messages: ``Url: must be an absolute http:// or https:// URL``."""
    if not isinstance(document, dict):
        return ""
    errors = document.get("errors") or document.get("ModelState") or {}
    if isinstance(errors, dict) and errors:
        return "; ".join(f"{k}: {' '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in errors.items())
    return str(document.get("message") or document.get("Message") or "")
