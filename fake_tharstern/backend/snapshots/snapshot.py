"""Snapshots: the whole state of the fake as JSON, and back (``GET/PUT /_fake/snapshot``, the state
file).

A snapshot holds the data (users with their passwords, tokens, customers, product types, stock
items with their visibility, estimates, orders, jobs with their history, the idempotency record
of submissions, the ID sequences), the test controls (quirks, allowlist, fault rules, stubs, the
clock offset, job progression plans), the webhooks (subscriptions with their secrets,
deliveries with every attempt, delivery faults, the retry policy, event sequences and the event
id counter) and the state of every random generator, so a restored fake carries on exactly
where the saved one stopped: the next token, event id, ID or retry wait is the one it would
have given. The journal and coverage are not part of it: they describe a run, not the world.

Restoring validates everything first (the structure by JSON Schema, the parts that arrive
through the control plane by the same code, references between entities) and changes nothing
when anything is wrong: ``ModelStateError`` names each bad field (``data.jobs[3].Status.Name``).
Restoring forgets tokens' in-flight requests nothing: an attempt in flight when the snapshot was
taken (status ``sending``) is restored as ``pending`` and sent again [I].
"""
from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from functools import partial
from typing import Any, Protocol, TypeVar, cast

from jsonschema import Draft202012Validator

from tharstern_kit.clock import iso

from ..base import BackendBase
from ..production.plans import AutoPlan
from ..errors import ModelStateError
from ..controls.api_faults import FaultRule, build_rule
from ..controls.allowlist import Allowlist
from ..controls.quirks import Quirks
from ..records.seeding import apply_seed
from .snapshot_schema import FORMAT, SCHEMA, VERSION
from ..records.state import State, Token
from ..controls.stubs import Stub, build_stub
from ..webhooks.deliveries import Attempt, Delivery
from ..webhooks.events import Event, EventFactory
from ..webhooks.delivery_faults import PARAMS, WebhookFault, build_fault
from ..webhooks.policy import WebhookPolicy
from ..webhooks.subscriptions import parse_subscription

_VALIDATOR = Draft202012Validator(SCHEMA)
T = TypeVar("T")


@dataclass
class WebhookParts:
    """A snapshot's webhooks, validated and built."""
    subscriptions: list[dict[str, Any]]
    subscriptions_next_id: int
    deliveries: list[Delivery]
    deliveries_next_id: int
    faults: list[WebhookFault]
    faults_next_id: int
    policy: WebhookPolicy
    events: dict[str, Any]  # {"sequences": {subject: n}, "ids": EventIds.to_dict()}
    retries_rng: random.Random
    secrets_rng: random.Random


@dataclass
class SnapshotParts:
    """A snapshot validated and built, ready to replace the backend's state whole
    (``SnapshotMixin.install_snapshot``)."""
    state: State
    fixture: str
    seed: int
    offset_s: float
    quirks: Quirks
    allowlist: Allowlist
    faults: list[FaultRule]
    faults_next_id: int
    stubs: list[Stub]
    stubs_next_id: int
    plans: dict[int, AutoPlan]
    plan_default: AutoPlan | None
    webhooks: WebhookParts
    rng: random.Random


class _Numbered(Protocol):
    @property
    def id(self) -> int: ...


def export_snapshot(fake: BackendBase) -> dict[str, Any]:
    """The whole state (the caller need not hold the lock: this takes it)."""
    with fake.lock:
        s = fake.state
        hub = fake.webhooks
        return {
            "format": FORMAT, "version": VERSION, "taken_at": iso(fake.clock.now()),
            "fixture": fake.fixture, "seed": fake.seed_value,
            "clock": {"offset_s": fake.clock.offset_s},
            "data": {
                "users": [s.users[k] for k in sorted(s.users)],
                "tokens": [asdict(t) for t in s.tokens.values()],
                **s.entity_lists(),
                "submissions": dict(s.submissions),
                "order_assets": {str(k): v for k, v in sorted(s.order_assets.items())},
                "sequences": dict(s.sequences),
            },
            "quirks": fake.quirks.to_dict(),
            "allowlist": fake.allowlist.to_dict(),
            "faults": {"items": [{**_fault_spec(r.to_dict()), "id": r.id, "fired": r.fired,
                                  "rng": _rng_out(r._rng)} for r in fake.faults.rules()],
                       "next_id": fake.faults.next_id},
            "stubs": fake.stubs.export(),
            "jobs_auto": {"plans": {str(k): asdict(p) for k, p in fake.job_plans.items()},
                          "default": asdict(fake.job_auto_default) if fake.job_auto_default else None},
            "webhooks": {
                "subscriptions": {"items": hub.subscriptions.all(), "next_id": hub.subscriptions.next_id},
                "deliveries": {"items": [_delivery_out(d) for d in hub.deliveries.all()],
                               "next_id": hub.deliveries.next_id},
                "faults": {"items": [_webhook_fault_out(r) for r in hub.faults.rules()], "next_id": hub.faults.next_id},
                "policy": hub.policy.to_dict(),
                "events": _events_out(hub.events),
                "rngs": {"retries": _rng_out(hub.rng), "secrets": _rng_out(hub.secret_rng)},
            },
            "rng": _rng_out(fake.rng),
        }


def parse_snapshot(snapshot: object) -> SnapshotParts:
    """The parts of ``snapshot``, all validated; ModelStateError names every bad field."""
    errors: dict[str, list[str]] = {}
    for error in _VALIDATOR.iter_errors(snapshot):
        errors.setdefault(_path(error.absolute_path) or "snapshot", []).append(error.message)
    if errors:
        raise ModelStateError(dict(list(errors.items())[:50]))
    built = _build(cast(dict[str, Any], snapshot), errors)  # the schema has made sure it is an object
    if built is None:
        raise ModelStateError(errors)
    return built


def _build(snap: dict[str, Any], errors: dict[str, list[str]]) -> SnapshotParts | None:
    """The parts; None when any is wrong (``errors`` then says what)."""
    data = snap["data"]
    state = State()
    try:
        apply_seed(state, {k: data[k] for k in ("users", "customers", "productTypes", "products")})
    except ModelStateError as error:
        errors.update({f"data.{k}": v for k, v in error.errors.items()})
    for kind, key in (("estimates", "ID"), ("orders", "ID"), ("jobs", "ID")):
        target = getattr(state, kind)
        for n, item in enumerate(data[kind]):
            if item[key] in target:
                errors.setdefault(f"data.{kind}[{n}].{key}", []).append(f"duplicates another of {kind}")
            target[item[key]] = item
    job_nos = [j["JobNo"].lower() for j in data["jobs"]]
    if len(set(job_nos)) != len(job_nos):
        errors.setdefault("data.jobs", []).append("two jobs have the same JobNo")
    for n, token in enumerate(data["tokens"]):
        state.tokens[token["token"].lower()] = Token(**{k: token[k] for k in Token.__dataclass_fields__})
        if token["email"].lower() not in state.users:
            errors.setdefault(f"data.tokens[{n}].email", []).append("is not one of data.users")
    state.submissions = dict(data["submissions"])
    state.order_assets = {int(k): v for k, v in data.get("order_assets", {}).items()}
    for kind, value in data["sequences"].items():
        if kind not in State.FIRST_IDS:
            errors.setdefault(f"data.sequences.{kind}", []).append(f"unknown sequence; known: {', '.join(State.FIRST_IDS)}")
        else:
            state.sequences[kind] = max(value, state.sequences.get(kind, value))
    _keep_above(state, errors)
    state.reindex()
    quirks = _part(errors, "quirks", lambda: Quirks.parse(snap["quirks"]))
    allowlist = _part(errors, "allowlist", lambda: Allowlist.parse(snap["allowlist"]))
    faults = [_part(errors, f"faults.items[{n}]", partial(_fault_in, f))
              for n, f in enumerate(snap["faults"]["items"])]
    stubs = [_part(errors, f"stubs.items[{n}]", partial(_stub_in, s)) for n, s in enumerate(snap["stubs"]["items"])]
    plans = {int(k): AutoPlan(**p) for k, p in snap["jobs_auto"]["plans"].items() if _job_known(state, k, errors)}
    default = snap["jobs_auto"]["default"]
    webhooks = _webhooks_in(snap["webhooks"], errors)
    rng = _part(errors, "rng", lambda: _rng_in(snap["rng"]))
    _unique_ids(errors, "faults.items", faults)
    _unique_ids(errors, "stubs.items", stubs)
    if errors or quirks is None or allowlist is None or webhooks is None or rng is None:
        return None
    return SnapshotParts(state=state, fixture=snap["fixture"], seed=snap["seed"], offset_s=float(snap["clock"]["offset_s"]),
                         quirks=quirks, allowlist=allowlist, faults=_built(faults), faults_next_id=snap["faults"]["next_id"],
                         stubs=_built(stubs), stubs_next_id=snap["stubs"]["next_id"], plans=plans,
                         plan_default=AutoPlan(**default) if default else None, webhooks=webhooks, rng=rng)


def _webhooks_in(hooks: dict[str, Any], errors: dict[str, list[str]]) -> WebhookParts | None:
    """The webhook parts; None when any is wrong (``errors`` then says what)."""
    subscriptions = []
    for n, sub in enumerate(hooks["subscriptions"]["items"]):
        at = f"webhooks.subscriptions.items[{n}]"
        spec = _part(errors, at, partial(parse_subscription, {k: sub.get(k) for k in ("Url", "Events", "Secret")},
                                         random.Random(0), prefix=at))
        if spec is not None and not isinstance(sub.get("ID"), int):
            errors.setdefault(f"{at}.ID", []).append("must be an integer")
        elif spec is not None:
            subscriptions.append({**sub, **spec})
    known = {s["ID"] for s in subscriptions}
    deliveries = []
    for n, item in enumerate(hooks["deliveries"]["items"]):
        if item["subscription_id"] not in known:
            errors.setdefault(f"webhooks.deliveries.items[{n}].subscription_id", []).append("is not a subscription")
        deliveries.append(_delivery_in(item))
    faults = [_part(errors, f"webhooks.faults.items[{n}]", partial(_webhook_fault_in, f))
              for n, f in enumerate(hooks["faults"]["items"])]
    policy = _part(errors, "webhooks.policy", lambda: WebhookPolicy().changed(hooks["policy"]) if hooks["policy"]
                   else WebhookPolicy())
    _unique_ids(errors, "webhooks.deliveries.items", deliveries)
    _unique_ids(errors, "webhooks.faults.items", faults)
    events = _part(errors, "webhooks.events", lambda: _events_in(hooks["events"]))
    retries_rng = _part(errors, "webhooks.rngs.retries", lambda: _rng_in(hooks["rngs"]["retries"]))
    secrets_rng = _part(errors, "webhooks.rngs.secrets", lambda: _rng_in(hooks["rngs"]["secrets"]))
    if policy is None or events is None or retries_rng is None or secrets_rng is None:
        return None
    return WebhookParts(subscriptions=subscriptions, subscriptions_next_id=hooks["subscriptions"]["next_id"],
                        deliveries=deliveries, deliveries_next_id=hooks["deliveries"]["next_id"], faults=_built(faults),
                        faults_next_id=hooks["faults"]["next_id"], policy=policy, events=events,
                        retries_rng=retries_rng, secrets_rng=secrets_rng)


# -- parts ------------------------------------------------------------------------------------------
def _fault_spec(view: dict[str, Any]) -> dict[str, Any]:
    """A rule's fields as ``POST /_fake/faults`` takes them (``when`` only where it applies)."""
    return {k: v for k, v in view.items() if k not in ("id", "fired", "remaining") and not (k == "when" and v is None)}


def _fault_in(item: dict[str, Any]) -> FaultRule:
    rule = build_rule(_positive(item.get("id"), "id"), _fault_spec({k: v for k, v in item.items() if k != "rng"}))
    rule.fired = _count(item.get("fired", 0), "fired")
    if item.get("rng") is not None:
        rule._rng = _rng_in(item["rng"], "rng")
    return rule


def _stub_in(item: dict[str, Any]) -> Stub:
    return build_stub(_positive(item.get("id"), "id"), item, hits=item.get("hits", 0))


def _webhook_fault_out(rule: WebhookFault) -> dict[str, Any]:
    view = {k: v for k, v in rule.to_dict().items() if k not in ("remaining", "held")}
    return {**view, "batch": list(rule.batch), "batch_deadline": rule.batch_deadline}


def _webhook_fault_in(item: dict[str, Any]) -> WebhookFault:
    spec: dict[str, Any] = {k: item[k] for k in ("kind", "event", "subscription_id", "times") if k in item}
    spec.update({k: item[k] for k in PARAMS.get(str(item.get("kind")), ()) if k in item})
    rule = build_fault(_positive(item.get("id"), "id"), spec)
    rule.fired = _count(item.get("fired", 0), "fired")
    batch, deadline = item.get("batch", []), item.get("batch_deadline")
    if not isinstance(batch, list) or not all(isinstance(i, int) for i in batch):
        raise ModelStateError.single("batch", "must be a list of delivery ids")
    if deadline is not None and (isinstance(deadline, bool) or not isinstance(deadline, (int, float))):
        raise ModelStateError.single("batch_deadline", "must be a number or null")
    rule.batch, rule.batch_deadline = list(batch), deadline
    return rule


def _delivery_out(delivery: Delivery) -> dict[str, Any]:
    event = delivery.event
    return {"id": delivery.id, "subscription_id": delivery.subscription_id, "url": delivery.url,
            "created_at": delivery.created_at, "next_attempt_at": delivery.next_attempt_at,
            "order": list(delivery.order), "status": delivery.status,
            "attempts": [asdict(a) for a in delivery.attempts], "delivered_at": delivery.delivered_at,
            "duplicate_of": delivery.duplicate_of, "redelivery_of": delivery.redelivery_of,
            "faults": list(delivery.faults),
            "event": {"event_id": event.event_id, "name": event.name, "subject": event.subject,
                      "sequence": event.sequence, "occurred_at": event.occurred_at, "data": event.data,
                      "body": event.body.decode("utf-8")}}


def _delivery_in(item: dict[str, Any]) -> Delivery:
    e = item["event"]
    event = Event(e["event_id"], e["name"], e["subject"], e["sequence"], e["occurred_at"], e["data"])
    body = e.get("body")
    if isinstance(body, str):  # the bytes that were signed and sent, kept as they were
        event = replace(event, body=body.encode("utf-8"))
    else:  # built as the event factory builds it
        event = replace(event, body=json.dumps(event.payload(), separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    status = "pending" if item["status"] == "sending" else item["status"]
    return Delivery(item["id"], event, item["subscription_id"], item["url"], item["created_at"],
                    item["next_attempt_at"], tuple(item["order"]), status,
                    [Attempt(**a) for a in item["attempts"]], item["delivered_at"], item["duplicate_of"],
                    item["redelivery_of"], list(item["faults"]))


def _events_out(factory: EventFactory) -> dict[str, Any]:
    """Event sequences per subject, and the event id counter (ids unique across resets and
    restarts: a restored fake carries on from it, never back)."""
    return {"sequences": dict(factory._sequences), "ids": factory.ids.to_dict()}


def _events_in(events: dict[str, Any]) -> dict[str, Any]:
    return {"sequences": dict(events["sequences"]), "ids": dict(events["ids"])}


def restore_events(factory: EventFactory, events: dict[str, Any]) -> None:
    """Put the sequences back, and carry the event ids on from the snapshot's counter (never
    backwards: an id this process gave out is never given again)."""
    factory._sequences = dict(events["sequences"])
    factory.ids.restore(events["ids"])


# -- helpers ----------------------------------------------------------------------------------------
def _rng_out(rng: random.Random) -> list[Any]:
    version, internal, gauss = rng.getstate()
    return [version, list(internal), gauss]


def _rng_in(value: Any, field: str = "") -> random.Random:
    rng = random.Random()
    try:
        version, internal, gauss = value
        rng.setstate((version, tuple(internal), gauss))
    except (TypeError, ValueError, OverflowError):
        raise ModelStateError.single(field or "rng", "must be a random state as snapshots write it: "
                                                     "[version, [625 integers], gauss_next]") from None
    return rng


def _part(errors: dict[str, list[str]], at: str, build: Callable[[], T]) -> T | None:
    """What ``build`` builds; None when it cannot, and ``errors`` says why, under ``at``."""
    try:
        return build()
    except ModelStateError as error:
        for key, messages in error.errors.items():
            full = key if key.startswith(at) else (f"{at}.{key}" if key not in ("", "body") else at)
            errors.setdefault(full, []).extend(messages)
        if not error.errors:
            errors.setdefault(at, []).append(str(error) or "is not valid")
        return None


def _built(parts: list[T | None]) -> list[T]:
    """Parts that were all built (a part that failed is None, and ``_part`` noted an error)."""
    return [part for part in parts if part is not None]


def _positive(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ModelStateError.single(field, "must be a positive integer")
    return value


def _count(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ModelStateError.single(field, "must be an integer of at least 0")
    return value


def _unique_ids(errors: dict[str, list[str]], at: str, items: Sequence[_Numbered | None]) -> None:
    seen: set[int] = set()
    for n, item in enumerate(items):
        if item is None:
            continue
        if item.id in seen:
            errors.setdefault(f"{at}[{n}].id", []).append("duplicates another id")
        seen.add(item.id)


def _job_known(state: State, key: str, errors: dict[str, list[str]]) -> bool:
    if int(key) in state.jobs:
        return True
    errors.setdefault(f"jobs_auto.plans.{key}", []).append("is not the ID of a job in data.jobs")
    return False


def _keep_above(state: State, errors: dict[str, list[str]]) -> None:
    """Sequences stay above the IDs in use, so a new entity never takes an old one's ID."""
    for kind, items in (("estimate", state.estimates), ("order", state.orders), ("job", state.jobs)):
        if items:
            state.reserve_id(kind, max(items))


def _path(parts: Iterable[str | int]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
