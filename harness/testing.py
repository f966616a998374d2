"""The Python API for your own tests (docs/python-api.md): the fake Tharstern, and optionally the
connector, in-process on free loopback ports, with small clients for their control planes.

    from harness.testing import fake_tharstern

    with fake_tharstern() as tharstern:              # the demo fixture; stopped at the end
        my_client = MyTharsternClient(tharstern.api_url, "integration@demo.test", "tharstern")
        tharstern.control.add_fault(kind="error", status=503, path="products", times=1)
        ...
        assert tharstern.control.journal(path="products")[0]["status"] == 503

Like moto's ``mock_aws``: one line, real HTTP on a real socket, nothing to install or start. The
pytest plugin offers the same as fixtures (``fake_tharstern``, ``tharstern_connector``). Every
call goes over HTTP, as from any other client; nothing reaches into the servers' insides.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

import requests

from .run.environment import LocalServers
from .run.http import control_headers

DEMO_USER = {"email": "integration@demo.test", "password": "tharstern"}


class ControlError(RuntimeError):
    """A control-plane call was refused; ``status`` and ``body`` say how."""

    def __init__(self, method: str, url: str, status: int, body: Any) -> None:
        super().__init__(f"{method} {url} answered {status}: {body}")
        self.status, self.body = status, body


class _Plane:
    def __init__(self, root: str, side: str) -> None:
        self.root = root.rstrip("/")
        self.session = requests.Session()
        self.session.headers.update(control_headers(side))
        # both servers require it on every state change, bodiless ones too (docs/security.md)
        self.session.headers["Content-Type"] = "application/json"

    def call(self, method: str, path: str, body: Any = None, params: dict[str, Any] | None = None,
             timeout_s: float = 60) -> Any:
        url = f"{self.root}{path}"
        answer = self.session.request(method, url, json=body, params=params, timeout=timeout_s)
        try:
            document = answer.json() if answer.content else None
        except ValueError:
            document = answer.text
        if answer.status_code >= 400:
            raise ControlError(method, url, answer.status_code, document)
        return document

    def close(self) -> None:
        self.session.close()


class FakeControl(_Plane):
    """The fake's control plane (``/_fake``): state, journal, faults, quirks, clock, webhooks."""

    def __init__(self, root: str) -> None:
        super().__init__(root + "/_fake", "tharstern")

    def reset(self, fixture: str | None = None, seed: int | None = None) -> dict[str, Any]:
        """Back to the start fixture (or ``fixture``: demo, empty, large): data, tokens, journal,
        faults, quirks, allowlist, clock, webhooks."""
        return self.call("POST", "/reset", {k: v for k, v in {"fixture": fixture, "seed": seed}.items() if v is not None})

    def seed(self, **entities: list[dict[str, Any]]) -> dict[str, Any]:
        """Add entities in the API's field names: ``seed(customers=[{"Code": "NEW01", "Name": "New"}])``."""
        return self.call("POST", "/seed", entities)

    def state(self, summary: bool = False) -> dict[str, Any]:
        return self.call("GET", "/state", params={"summary": "true"} if summary else None)

    def journal(self, **filters: Any) -> list[dict[str, Any]]:
        """Calls to the faked API, oldest first; filters: ``method``, ``path`` (glob), ``status``, ``since``."""
        return self.call("GET", "/journal", params=filters)["items"]

    def clear_journal(self) -> None:
        self.call("DELETE", "/journal")

    def add_fault(self, **rule: Any) -> dict[str, Any]:
        """``add_fault(kind="error", status=503, path="products", times=1)``; kinds: error, latency,
        drop, malformed, html (docs/scenarios.md lists their fields)."""
        return self.call("POST", "/faults", rule)

    def clear_faults(self) -> None:
        self.call("DELETE", "/faults")

    def set_quirks(self, **quirks: Any) -> dict[str, Any]:
        return self.call("PUT", "/quirks", quirks)

    def set_allowlist(self, ips: list[str], mode: str = "drop", hang_s: float | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"ips": ips, "mode": mode}
        if hang_s is not None:
            body["hang_s"] = hang_s
        return self.call("PUT", "/allowlist", body)

    def advance_clock(self, seconds: float) -> dict[str, Any]:
        """Move the fake's clock forward (token expiry, job plans, webhook retries)."""
        return self.call("POST", "/clock", {"advance_s": seconds})

    def set_job_status(self, job_no: str, status: str, **fields: Any) -> dict[str, Any]:
        """Move a job as production would: ``set_job_status(j, "Despatched", TrackingNumber="1Z")``."""
        return self.call("POST", f"/jobs/{job_no}/status", {"Status": status, **fields})

    def subscribe(self, url: str, events: list[str] | None = None, secret: str | None = None) -> dict[str, Any]:
        """A webhook subscription for your receiver; the answer carries its ``Secret``."""
        body: dict[str, Any] = {"Url": url, "Events": events or ["JobStatusChanged", "JobDespatched", "StockItemChanged"]}
        if secret:
            body["Secret"] = secret
        return self.call("POST", "/webhooks/subscriptions", body)

    def deliveries(self, **filters: Any) -> list[dict[str, Any]]:
        return self.call("GET", "/webhooks/deliveries", params=filters)["items"]

    def flush_webhooks(self, timeout_s: float = 30) -> dict[str, Any]:
        """Deliver every webhook that is due now and wait for the answers."""
        # the fake may take all of timeout_s before it answers: the client waits longer than that
        return self.call("POST", "/webhooks/flush", {"timeout_s": timeout_s}, timeout_s=timeout_s + 60)

    def set_webhook_policy(self, **changes: Any) -> dict[str, Any]:
        """``set_webhook_policy(schedule_s=[1, 5], max_attempts=3)`` until the next reset."""
        return self.call("PUT", "/webhooks/policy", changes)


class ConnectorControl(_Plane):
    """The connector's test controls (``/_control``): reset and clock."""

    def __init__(self, root: str) -> None:
        super().__init__(root + "/_control", "connector")

    def reset(self, fixture: str = "demo") -> dict[str, Any]:
        return self.call("POST", "/reset", {"fixture": fixture})

    def advance_clock(self, seconds: float) -> dict[str, Any]:
        return self.call("POST", "/clock", {"advance_s": seconds})


class Servers:
    """What the context manager yields: URLs, control clients, and a token for the faked API."""

    def __init__(self, env: LocalServers) -> None:
        self._env = env
        self.url = env.targets.tharstern_root  # the fake's root: /_fake, /openapi.json, /docs
        self.api_url = env.targets.tharstern_api_url  # what a Tharstern client is given: root + /TharsternAPI
        self.control = FakeControl(self.url)
        self.connector_url: str | None = None
        self.connector: ConnectorControl | None = None

    def start_connector(self) -> None:
        self._env.ensure_connector()
        root = self._env.targets.connector_root
        if root is None:
            raise RuntimeError("the connector did not start")  # ensure_connector raises first
        self.connector_url = root
        self.connector = ConnectorControl(root)
        if self._env.connector_watch is not None:  # your code may call it: scenarios here always reset it
            self._env.connector_watch.share()

    def token(self, email: str = DEMO_USER["email"], password: str = DEMO_USER["password"],
              application_id: str = "python-api") -> str:
        """A token for the faked API (send it as the Basic auth user name, empty password)."""
        answer = requests.get(f"{self.api_url}/api/authentication/generateapitoken", timeout=30,
                              params={"email": email, "password": password, "applicationId": application_id})
        answer.raise_for_status()
        return answer.json()["Details"]["Token"]

    def reset(self) -> None:
        """Both servers back to their start (the connector first, as the harness does)."""
        if self.connector is not None:
            self.connector.reset()
        self.control.reset()

    def close(self) -> None:
        self.control.close()
        if self.connector is not None:
            self.connector.close()
        self._env.close()


@contextmanager
def fake_tharstern(*, fixture: str = "demo", connector: bool = False, host: str = "127.0.0.1",
                   config: dict[str, Any] | None = None) -> Iterator[Servers]:
    """The fake (``fixture``: demo, empty or large; ``config``: any ``FAKE_THARSTERN_*`` key without
    its prefix) on a free port of ``host`` (a loopback address), and with ``connector=True`` the
    connector pointed at it, test controls on, on a database of its own; both stopped on exit."""
    servers = Servers(LocalServers(host, fake_config={"FIXTURE": fixture, **(config or {})}))
    try:
        if connector:
            servers.start_connector()
        yield servers
    finally:
        servers.close()
