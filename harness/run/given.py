"""Setting both servers up for a scenario: the reset, then ``given`` mapped onto their control
planes and REST APIs. The order (documented in docs/scenarios.md):

1. the connector's ``POST /_control/reset {fixture}`` (when one is running: its leftovers must not
   reach this scenario; left out when nothing can have reached it since its last reset to the same
   fixture, see ``connector_watch.py``), then the fake's ``POST /_fake/reset {fixture, seed}``;
2. the fake's entities (``POST /_fake/seed``) and quirks (``PUT /_fake/quirks``);
3. the connector's ``PATCH /connection``, ``PATCH /behaviour``, then departments, customers and
   products (``POST`` each; under a name, the new entity's ``id`` is saved as a variable);
4. the fake's stubs (``POST /_fake/stubs`` each), allowlist (``PUT /_fake/allowlist``) and faults
   (``POST /_fake/faults``) last, so they shape the steps and not the set-up.
"""
from __future__ import annotations

from typing import Any

from .context import ScenarioContext, StepError

FAKE_ENTITIES = ("users", "customers", "productTypes", "products")
CONNECTOR_ENTITIES = ("departments", "customers", "products")


def prepare(ctx: ScenarioContext, given: dict[str, Any]) -> None:
    tharstern = ctx.resolve(given.get("tharstern") or {})
    reset_both(ctx, tharstern, given.get("connector") or {})
    entities = {k: tharstern[k] for k in FAKE_ENTITIES if k in tharstern}
    if entities:
        ctx.control("tharstern", "POST", "/_fake/seed", entities, purpose="given")
    if "quirks" in tharstern:
        ctx.control("tharstern", "PUT", "/_fake/quirks", tharstern["quirks"], purpose="given")
    if "connector" in given:
        prepare_connector(ctx, given["connector"])
    for stub in tharstern.get("stubs", []):
        ctx.control("tharstern", "POST", "/_fake/stubs", stub, purpose="given")
    if "allowlist" in tharstern:
        ctx.control("tharstern", "PUT", "/_fake/allowlist", tharstern["allowlist"], purpose="given")
    for fault in tharstern.get("faults", []):
        ctx.control("tharstern", "POST", "/_fake/faults", fault, purpose="given")


def reset_both(ctx: ScenarioContext, tharstern: dict[str, Any], connector: dict[str, Any]) -> None:
    fixture, watch = connector.get("fixture", "demo"), ctx.env.connector_watch
    if ctx.connector_running and not (watch and watch.holds(fixture)):  # untouched: harness/run/connector_watch.py
        ctx.control("connector", "POST", "/_control/reset", {"fixture": fixture}, purpose="reset")
        if watch:
            watch.was_reset(fixture)
    body = {k: tharstern[k] for k in ("fixture", "seed") if k in tharstern}
    ctx.control("tharstern", "POST", "/_fake/reset", body, purpose="reset")
    if watch:
        watch.fake_was_reset()


def prepare_connector(ctx: ScenarioContext, connector: dict[str, Any]) -> None:
    for settings in ("connection", "behaviour"):
        if settings in connector:
            ctx.control("connector", "PATCH", _storefront_path(ctx, f"/{settings}"),
                        ctx.resolve(connector[settings]), purpose="given")
    for kind in CONNECTOR_ENTITIES:
        entities = connector.get(kind)
        if isinstance(entities, dict):
            for name, body in entities.items():
                ctx.variables[name] = _create(ctx, kind, ctx.resolve(body), name)
        elif isinstance(entities, list):
            for body in entities:
                _create(ctx, kind, ctx.resolve(body), None)


def _create(ctx: ScenarioContext, kind: str, body: dict[str, Any], name: str | None) -> Any:
    answer = ctx.control("connector", "POST", _storefront_path(ctx, f"/{kind}"), body, purpose="given")
    identifier = answer.json.get("id") if isinstance(answer.json, dict) else None
    if name is not None and identifier is None:
        raise StepError(f"given.connector.{kind}.{name}: created, but the answer has no id to save: {answer.text[:300]}")
    return identifier


def _storefront_path(ctx: ScenarioContext, path: str) -> str:
    return f"/api/storefronts/{ctx.scenario.storefront}{path}"
