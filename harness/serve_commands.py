"""``tharness serve`` and ``tharness demo``: both servers on fixed (or free) ports until Ctrl-C.

``serve`` is for development: the fake with the fixture asked for, and the connector (when it
can be imported) pointed at it with its test controls on, so ``tharness run --live`` works
against them. ``demo`` is for a trainer: both reset to their demo data, with a fresh connector
database, the connection checked, webhooks subscribed and a few orders really sent and moved on
(``demo_traffic``), and the URLs and demo credentials printed.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from .demo_traffic import make_demo_traffic
from .run.environment import ConnectorUnavailable, _import_connector_factory, close_connector_app
from .server_thread import ServerThread

DEMO_EMAIL, DEMO_PASSWORD, DEMO_CUSTOMER_CODE = "integration@demo.test", "tharstern", "WEB001"


@dataclass
class RunningServers:
    fake: ServerThread
    base_path: str
    connector: ServerThread | None = None
    connector_problem: str | None = None
    temp_dirs: list[str] = field(default_factory=list)

    @property
    def tharstern_api_url(self) -> str:
        return self.fake.url + self.base_path

    def stop(self) -> None:
        if self.connector is not None:
            self.connector.stop()
            close_connector_app(self.connector.app)
        self.fake.stop()
        for folder in self.temp_dirs:
            shutil.rmtree(folder, ignore_errors=True)


def start_servers(host: str, tharstern_port: int, connector_port: int, *, fixture: str = "demo",
                  fresh_connector_db: bool = False) -> RunningServers:
    """Both servers started; werkzeug raises SystemExit (after printing why) when a port is taken."""
    from fake_tharstern.app import create_app as create_fake

    from tharstern_kit.request_guard_hosts import bound_hosts, host_names

    def hosts(variable: str) -> list[str]:  # the environment's names, and the address bound to
        return [*host_names(os.environ.get(variable)), *bound_hosts(host)]

    fake_app = create_fake({"FIXTURE": fixture, "ALLOWED_HOSTS": hosts("FAKE_THARSTERN_ALLOWED_HOSTS")})
    fake = ServerThread(fake_app, host, tharstern_port, name="fake-tharstern", poll_interval=0.05).start()
    running = RunningServers(fake, fake_app.config["BASE_PATH"].rstrip("/"))
    config: dict[str, Any] = {"THARSTERN_URL": running.tharstern_api_url, "TEST_CONTROLS": True,
                              "ALLOWED_HOSTS": hosts("CONNECTOR_ALLOWED_HOSTS")}
    if fresh_connector_db:
        folder = tempfile.mkdtemp(prefix="tharness-demo-")
        running.temp_dirs.append(folder)
        config["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'connector.sqlite'}"
    try:
        app = _import_connector_factory()(config)
        running.connector = ServerThread(app, host, connector_port, name="connector", poll_interval=0.05).start()
    except ConnectorUnavailable as error:
        running.connector_problem = str(error)
    except (OSError, SystemExit):  # werkzeug exits when the port is taken
        running.stop()
        raise
    except Exception as error:  # the connector failed to build: the fake alone is still useful
        running.connector_problem = f"the connector could not be started: {type(error).__name__}: {error}"
    return running


def load_demo_data(running: RunningServers) -> None:
    """Both servers back to their demo data (the fake's reset also clears tokens and faults),
    then the traffic that makes every admin page meaningful (``demo_traffic``)."""
    requests.post(f"{running.fake.url}/_fake/reset", json={"fixture": "demo"}, timeout=30).raise_for_status()
    if running.connector is not None:
        answer = requests.post(f"{running.connector.url}/_control/reset", json={"fixture": "demo"}, timeout=60)
        if answer.status_code >= 400:
            raise RuntimeError(f"the connector refused to load its demo data: {answer.status_code} {answer.text[:300]}")
        make_demo_traffic(running.fake.url, running.connector.url)


def describe(running: RunningServers, *, demo: bool) -> list[str]:
    fake = running.fake.url
    lines = [f"Fake Tharstern  API      {running.tharstern_api_url}",
             f"                API docs {fake}/docs",
             f"                control  {fake}/_fake (reset, seed, faults, journal, clock, ...)"]
    if _answers(f"{fake}/_fake/ui"):
        lines.append(f"                console  {fake}/_fake/ui")
    if running.connector is not None:
        connector = running.connector.url
        lines += [f"Connector       admin    {connector}/admin/  (the Connect:Tharstern pathway, one page a step)",
                  f"                shop     {connector}/shop/default/  (the storefront as a shopper sees it)",
                  f"                API docs {connector}/docs  (storefront API {connector}/api/storefronts/default)"]
    else:
        lines.append(f"Connector       not running: {running.connector_problem}")
    if demo:
        lines += ["",
                  f"Demo Tharstern API user: {DEMO_EMAIL} / {DEMO_PASSWORD} (any application id)",
                  f"Storefront customer code in Tharstern: {DEMO_CUSTOMER_CODE}; connector storefront: default"]
    live = f"tharness run --live --tharstern-url {running.tharstern_api_url}"
    if running.connector is not None:
        live += f" --connector-url {running.connector.url}"
    lines += ["", f"Run the scenarios against these servers: {live}", "Press Ctrl-C to stop."]
    return lines


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=5).status_code == 200
    except requests.RequestException:
        return False
