"""The servers a run talks to: both in-process on free loopback ports (``LocalServers``), or
already running elsewhere (``LiveServers``, ``--live``), or a shared fake given by URL with the
connector in-process (``LocalServers(tharstern_url=...)``, ``--tharstern-url`` without ``--live``).

With a tenant (``--tenant NAME|auto``) every call to the fake goes under ``/t/{NAME}``: the run
has a fake of its own inside a shared one (docs/deploy.md). ``auto`` makes a unique name, and that
tenant is removed when the run ends; a named one is left for a person to look at.

In-process, the fake starts at once and the connector only when a scenario needs it: it is
imported lazily (``connector.app.create_app``), pointed at the fake with its test controls on and
a database of its own in a temporary folder. When it cannot be imported or built, the scenarios
that need it get ``ConnectorUnavailable``'s message and the others run on.
"""
from __future__ import annotations

import importlib
import ipaddress
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Callable, Protocol
from urllib.parse import urlsplit

import requests

from ..server_thread import KeepAliveRequestHandler, ServerThread
from .connector_watch import ConnectorWatch
from .http import HttpSessions, can_bind, control_headers
from .targets import Targets, connector_root_of, split_tharstern_url

HARNESS_IP = "127.0.0.9"


class ConnectorUnavailable(RuntimeError):
    """The scenario needs the connector and there is none to use; the message says why."""


class ServerUnreachable(RuntimeError):
    """A server given by URL does not answer its control plane."""


class Servers(Protocol):
    """What a run needs of its servers, in-process (``LocalServers``) or elsewhere (``LiveServers``)."""
    live: bool
    targets: Targets
    startup_s: dict[str, float]

    @property
    def connector_running(self) -> bool: ...

    def ensure_connector(self) -> None: ...

    connector_watch: ConnectorWatch | None  # when its connector's reset may be left out

    def http_sessions(self) -> HttpSessions: ...

    def close(self) -> None: ...


class LocalServers:
    """The fake (and, on demand, the connector) on loopback ports picked by the OS."""

    live = False

    def __init__(self, host: str = "127.0.0.1", *, fake_config: dict[str, Any] | None = None,
                 connector_factory: Callable[[dict[str, Any]], Any] | None = None,
                 harness_ip: str | None = HARNESS_IP, tharstern_url: str | None = None,
                 tenant: str | None = None) -> None:
        self.host = host
        self.startup_s: dict[str, float] = {}
        self._connector_factory = connector_factory
        self._connector: ServerThread | None = None
        self._connector_problem: str | None = None
        self._tmp: str | None = None
        self._fake: ServerThread | None = None
        self._http: HttpSessions | None = None
        self.connector_watch: ConnectorWatch | None = None  # only when both servers are this run's own
        self.tenant: SharedFakeTenant | None = None
        if tharstern_url:  # a shared fake elsewhere; only the connector runs here
            self.tenant = SharedFakeTenant(tharstern_url, tenant, harness_ip)
            self.targets = self.tenant.targets
            return
        from fake_tharstern.app import create_app as create_fake

        started = time.perf_counter()
        fake_app = create_fake(fake_config or {})
        self._fake = ServerThread(fake_app, host, 0, name="fake-tharstern", poll_interval=0.05,
                                  request_handler=KeepAliveRequestHandler).start()
        self.startup_s["tharstern"] = time.perf_counter() - started
        source = harness_ip if harness_ip and can_bind(harness_ip) else None
        self.targets = Targets(tharstern_root=self._fake.url, base_path=fake_app.config["BASE_PATH"].rstrip("/"),
                               harness_ip=source)
        self.connector_watch = ConnectorWatch()

    @property
    def connector_running(self) -> bool:
        return self._connector is not None

    def ensure_connector(self) -> None:
        """Start the connector if it is not running; ``ConnectorUnavailable`` says why it can't."""
        if self._connector is not None:
            return
        if self._connector_problem:
            raise ConnectorUnavailable(self._connector_problem)
        started = time.perf_counter()
        try:
            factory = self._connector_factory or _import_connector_factory()
            self._tmp = tempfile.mkdtemp(prefix="tharness-connector-")
            app = factory({
                "THARSTERN_URL": self.targets.tharstern_api_url,
                "TEST_CONTROLS": True,
                "DATABASE_URL": f"sqlite:///{Path(self._tmp) / 'connector.sqlite'}",
            })
            self._connector = ServerThread(app, self.host, 0, name="connector", poll_interval=0.05,
                                           request_handler=KeepAliveRequestHandler).start()
        except ConnectorUnavailable as error:
            self._connector_problem = str(error)
            raise
        except Exception as error:  # the connector's own start-up failed: say so, run the rest
            self._connector_problem = (f"the connector could not be started: {type(error).__name__}: {error}")
            raise ConnectorUnavailable(self._connector_problem) from error
        self.targets.connector_root = self._connector.url
        if self.connector_watch is not None:
            self.connector_watch.started(self._connector.url)
        self.startup_s["connector"] = time.perf_counter() - started

    def http_sessions(self) -> HttpSessions:
        """The run's HTTP sessions (kept-alive connections to both servers), made on first use."""
        if self._http is None:
            self._http = HttpSessions(self.targets.harness_ip)
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None
        if self._connector is not None:
            self._connector.stop()
            close_connector_app(self._connector.app)
            self._connector = None
        if self._fake is not None:
            self._fake.stop()
        if self.tenant is not None:
            self.tenant.close()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> "LocalServers":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def is_loopback(host: str) -> bool:
    """Whether a host name or address is this machine's loopback (``localhost``, 127.x.y.z, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def close_connector_app(app: Any) -> None:
    """Stop a connector app's background work (its outbox thread) once its server is stopped."""
    if "connector" not in getattr(app, "extensions", {}):
        return
    try:
        closer = getattr(importlib.import_module("connector.app"), "close_app", None)
    except ImportError:
        return
    if closer is not None:
        closer(app)


def _import_connector_factory() -> Callable[[dict[str, Any]], Any]:
    try:
        module = importlib.import_module("connector.app")
    except ImportError as error:
        raise ConnectorUnavailable(
            f"this scenario needs the connector, but it cannot be imported ({error}); the connector "
            "package is not installed or not built yet. Scenarios without connector steps still run.") from None
    factory = getattr(module, "create_app", None)
    if factory is None:
        raise ConnectorUnavailable("connector.app has no create_app(config); cannot start the connector")
    return factory


class LiveServers:
    """Servers started elsewhere, given by URL. The harness resets them like local ones, so point
    it only at servers meant for testing."""

    live = True

    def __init__(self, tharstern_url: str, connector_url: str | None = None, *,
                 harness_ip: str | None = HARNESS_IP, timeout_s: float = 10.0, tenant: str | None = None) -> None:
        self.tenant = SharedFakeTenant(tharstern_url, tenant, harness_ip, timeout_s)
        self.targets = self.tenant.targets
        if connector_url:
            self.targets.connector_root = connector_root_of(connector_url)
        self.startup_s: dict[str, float] = {}
        self._http: HttpSessions | None = None
        self.connector_watch: ConnectorWatch | None = None  # a connector elsewhere may have other clients

    @property
    def connector_running(self) -> bool:
        return self.targets.connector_root is not None

    def ensure_connector(self) -> None:
        if self.targets.connector_root is None:
            raise ConnectorUnavailable("this scenario needs the connector; give its URL with --connector-url")

    def http_sessions(self) -> HttpSessions:
        """The run's HTTP sessions (connections kept open where the servers allow), made on first use."""
        if self._http is None:
            self._http = HttpSessions(self.targets.harness_ip)
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None
        self.tenant.close()

    def __enter__(self) -> "LiveServers":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class SharedFakeTenant:
    """A fake given by URL, and the run's tenant in it (none: the fake's default tenant). Checks
    the fake answers (which makes the tenant); ``close()`` removes a tenant named ``auto``."""

    def __init__(self, tharstern_url: str, tenant: str | None, harness_ip: str | None, timeout_s: float = 10.0) -> None:
        root, base_path = split_tharstern_url(tharstern_url)
        if not is_loopback(urlsplit(root).hostname or ""):
            harness_ip = None  # a loopback source address reaches only servers on this machine
        self.name = f"tharness-{uuid.uuid4().hex[:12]}" if tenant == "auto" else tenant
        self.owned = tenant == "auto"
        self.timeout_s = timeout_s
        tenant_root = f"{root}/t/{self.name}" if self.name else root
        self.targets = Targets(tharstern_root=tenant_root, base_path=base_path,
                               harness_ip=harness_ip if harness_ip and can_bind(harness_ip) else None)
        self._check(f"{tenant_root}/_fake/state?summary=true")

    def _check(self, url: str) -> None:
        what = "the fake Tharstern" + (f" (tenant {self.name})" if self.name else "")
        try:
            answer = requests.get(url, timeout=self.timeout_s, headers=control_headers("tharstern"))
        except requests.RequestException as error:
            raise ServerUnreachable(f"cannot reach {what} at {url}: {error}") from None
        if answer.status_code != 200:
            raise ServerUnreachable(f"{what} at {url} answered {answer.status_code}{_message_of(answer)}; "
                                    "is it the fake Tharstern?")

    def close(self) -> None:
        if not self.owned:
            return
        try:  # best effort: an idle tenant expires anyway
            requests.delete(self.targets.tharstern("/_fake/tenant"), timeout=self.timeout_s,
                            headers={**control_headers("tharstern"), "Content-Type": "application/json"})
        except requests.RequestException:
            pass


def _message_of(answer: requests.Response) -> str:
    try:
        message = answer.json().get("message")
    except (ValueError, AttributeError):
        return ""
    return f" ({message})" if message else ""
