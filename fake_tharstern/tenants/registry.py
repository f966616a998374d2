"""The tenants of one fake: a name → a whole ``FakeTharstern`` backend of its own. No Flask.

Every piece of state is per tenant because each tenant *is* a backend: data, tokens, journal,
faults, quirks, allowlist, clock, webhook subscriptions and deliveries (with their own dispatcher
thread), job plans, coverage, snapshots. The default tenant is the backend ``create_app`` always
built (plain paths); named tenants are made on first use from the start fixture.

Memory stays bounded: at most ``max_tenants`` named tenants (the default one is not counted) and
a named tenant not used for ``idle_s`` seconds of **real (monotonic) time** is removed — not the
fake's clock, which each tenant moves on its own. A tenant with a request in flight is never
idle. Idle tenants are swept when a tenant is looked up (at most once a second), so no thread of
its own is needed; a removed tenant's webhook dispatcher is stopped. When the cap is reached and
no tenant is idle, a new name is refused (``TenantCapReached``) rather than evicting a tenant a
suite is still using.
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

DEFAULT_TENANT = "default"
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
NAME_RULE = "1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit"
SWEEP_EVERY_S = 1.0


class BadTenantName(ValueError):
    """The name is not one a tenant may have; the message names it and the rule."""


class TenantCapReached(RuntimeError):
    """Every tenant slot is taken by a tenant in use."""


class TenantNotMade(PermissionError):
    """A caller the control plane does not answer asked for a tenant that does not exist yet."""


class UnknownTenant(KeyError):
    """No tenant has this name."""


class DefaultTenantIsPermanent(RuntimeError):
    """The default tenant cannot be removed (reset it instead)."""


def check_name(name: str) -> str:
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        raise BadTenantName(f"tenant name {name!r} is not valid: use {NAME_RULE}")
    return name


@dataclass
class Tenant:
    name: str
    backend: Any
    created: float  # time.time(), for people
    last_used: float  # time.monotonic()
    in_flight: int = 0


class TenantRegistry:
    def __init__(self, default_backend: Any, make_backend: Callable[[], Any], *, max_tenants: int,
                 idle_s: float, now: Callable[[], float] = time.monotonic) -> None:
        if max_tenants < 0 or idle_s <= 0:
            raise ValueError("MAX_TENANTS must be 0 or more and TENANT_IDLE_S more than 0")
        self.max_tenants = max_tenants
        self.idle_s = idle_s
        self._make_backend = make_backend
        self._now = now
        self._lock = threading.Lock()
        self._default = Tenant(DEFAULT_TENANT, default_backend, time.time(), now())
        self._named: dict[str, Tenant] = {}
        self._last_sweep = now()

    @property
    def default_backend(self) -> Any:
        return self._default.backend

    # -- a request's tenant ------------------------------------------------------------------
    def enter(self, name: str, *, may_make: bool = True) -> Tenant:
        """The tenant for a request (made if new and ``may_make``); ``leave`` it when the request is done."""
        check_name(name)
        expired: list[Tenant] = []
        with self._lock:
            expired = self._sweep_locked(force=False)
            tenant = self._default if name == DEFAULT_TENANT else self._named.get(name)
            if tenant is None:
                if not may_make:
                    self._close(expired)
                    raise TenantNotMade(
                        f"there is no tenant {name!r}, and only a caller the control plane answers (loopback, or "
                        f"X-Control-Token) makes one: make it with GET /t/{name}/_fake/state first")
                if len(self._named) >= self.max_tenants:
                    expired += self._sweep_locked(force=True)
                if len(self._named) >= self.max_tenants:
                    self._close(expired)
                    raise TenantCapReached(
                        f"the fake already has {len(self._named)} tenants, its cap (FAKE_THARSTERN_MAX_TENANTS); "
                        f"remove one with DELETE /_fake/tenants/<name> or wait for one to be idle "
                        f"{self.idle_s:g} s (FAKE_THARSTERN_TENANT_IDLE_S)")
                tenant = Tenant(name, self._make_backend(), time.time(), self._now())
                self._named[name] = tenant
            tenant.in_flight += 1
            tenant.last_used = self._now()
        self._close(expired)
        return tenant

    def leave(self, tenant: Tenant) -> None:
        with self._lock:
            tenant.in_flight -= 1
            tenant.last_used = self._now()

    # -- the control plane ---------------------------------------------------------------------
    def describe(self) -> list[dict[str, Any]]:
        """Every tenant, the default first: name, when made, seconds idle, requests in flight."""
        with self._lock:
            expired = self._sweep_locked(force=True)
            tenants = [self._default, *sorted(self._named.values(), key=lambda t: t.name)]
            now = self._now()
            described = [{"name": t.name, "default": t is self._default,
                          "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t.created)),
                          "idle_s": round(0.0 if t.in_flight else now - t.last_used, 3),
                          "in_flight": t.in_flight} for t in tenants]
        self._close(expired)
        return described

    def limits(self) -> dict[str, Any]:
        return {"max_tenants": self.max_tenants, "idle_s": self.idle_s, "idle_clock": "real time (monotonic)"}

    def remove(self, name: str) -> None:
        """Remove a named tenant: its state is gone and its webhook dispatcher stopped; the next
        request to the name makes a fresh one. Requests in flight finish on the old backend."""
        check_name(name)
        if name == DEFAULT_TENANT:
            raise DefaultTenantIsPermanent("the default tenant cannot be removed; POST /_fake/reset resets it")
        with self._lock:
            tenant = self._named.pop(name, None)
        if tenant is None:
            raise UnknownTenant(name)
        self._close([tenant])

    def close(self) -> None:
        """Stop every named tenant's background work (the default backend is the app's to close)."""
        with self._lock:
            tenants, self._named = list(self._named.values()), {}
        self._close(tenants)

    def __len__(self) -> int:
        return len(self._named)

    # -- inside -------------------------------------------------------------------------------
    def _sweep_locked(self, *, force: bool) -> list[Tenant]:
        now = self._now()
        if not force and now - self._last_sweep < SWEEP_EVERY_S:
            return []
        self._last_sweep = now
        idle = [t for t in self._named.values() if not t.in_flight and now - t.last_used >= self.idle_s]
        for tenant in idle:
            del self._named[tenant.name]
        return idle

    @staticmethod
    def _close(tenants: list[Tenant]) -> None:
        for tenant in tenants:
            tenant.backend.close()
