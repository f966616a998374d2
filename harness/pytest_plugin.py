"""The pytest plugin (entry point ``pytest11``: ``tharness``): every ``*.scenario.yaml`` pytest
meets becomes one test item, named by its ``scenario:`` title, with its tags as markers (and the
marker ``scenario`` on all), so ``-k``, ``-m``, ``--junitxml`` and xdist work as usual.

One pair of servers serves a whole session (per xdist worker), started when the first scenario
runs; the connector only when a scenario needs it. ``--tharness-tharstern-url`` (and
``--tharness-connector-url``) run against servers started elsewhere instead. A file with problems
becomes an item that fails with its file:line problems, and the other scenarios still run.
Disable the plugin with ``-p no:tharness``.

For tests of your own code it offers fixtures (docs/python-api.md): ``fake_tharstern`` (the fake on
a free loopback port, started once per session and reset before each test) and
``tharstern_connector`` (the same with the connector pointed at it, both reset before each test).
Each yields ``harness.testing.Servers``: ``api_url``, ``control``, ``token()``, ...
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # imported when used, so a pytest run without scenarios loads none of it
    from .run.environment import Servers
    from .scenario.model import Scenario

SUFFIX = ".scenario.yaml"
SERVERS = pytest.StashKey["SharedServers"]()
REGISTERED_TAGS = pytest.StashKey[set]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("tharness", "tharness scenarios (*.scenario.yaml)")
    group.addoption("--tharness-tharstern-url", metavar="URL", default=None,
                    help="run scenarios against this fake Tharstern's API URL (e.g. http://127.0.0.1:8910/TharsternAPI; "
                         "without a path, /TharsternAPI is assumed) "
                         "instead of in-process servers")
    group.addoption("--tharness-connector-url", metavar="URL", default=None,
                    help="with --tharness-tharstern-url: the connector to use (e.g. http://127.0.0.1:8920)")
    group.addoption("--tharness-tenant", metavar="NAME|auto", default=None,
                    help="with --tharness-tharstern-url: run in this tenant of the shared fake; auto makes a unique "
                         "one (per xdist worker) and removes it at the end")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "scenario: a tharness scenario file (*.scenario.yaml)")
    if config.getoption("--tharness-tenant") and not config.getoption("--tharness-tharstern-url"):
        raise pytest.UsageError("--tharness-tenant goes with --tharness-tharstern-url")
    config.stash[SERVERS] = SharedServers(config.getoption("--tharness-tharstern-url"),
                                          config.getoption("--tharness-connector-url"),
                                          config.getoption("--tharness-tenant"))
    config.stash[REGISTERED_TAGS] = set()


def pytest_unconfigure(config: pytest.Config) -> None:
    servers = config.stash.get(SERVERS, None)
    if servers is not None:
        servers.close()


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    if file_path.name.endswith(SUFFIX):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class SharedServers:
    """The session's servers, started on first use and stopped at the end."""

    def __init__(self, tharstern_url: str | None, connector_url: str | None, tenant: str | None = None) -> None:
        self.tharstern_url = tharstern_url
        self.connector_url = connector_url
        self.tenant = tenant
        self.env: Servers | None = None

    def get(self) -> Servers:
        if self.env is None:
            from .run.environment import LiveServers, LocalServers

            self.env = (LiveServers(self.tharstern_url, self.connector_url, tenant=self.tenant)
                        if self.tharstern_url else LocalServers())
        return self.env

    def close(self) -> None:
        if self.env is not None:
            self.env.close()
            self.env = None


class ScenarioFile(pytest.File):
    def collect(self):
        from .scenario.loader import ScenarioFileError, load_file_all

        try:
            scenarios = load_file_all(self.path)
        except ScenarioFileError as error:
            yield BrokenScenarioItem.from_parent(self, name=self.path.name, error=error)
            return
        for scenario in scenarios:  # one, or one per row of examples:
            item = ScenarioItem.from_parent(self, name=scenario.title.replace("::", ":"), scenario=scenario)
            item.add_marker("scenario")
            registered = self.config.stash[REGISTERED_TAGS]
            for tag in scenario.tags:
                if tag not in registered:
                    self.config.addinivalue_line("markers", f"{tag}: tharness scenario tag")
                    registered.add(tag)
                item.add_marker(tag)
            yield item


@pytest.fixture(scope="session")
def _tharness_fake_session():
    from .testing import fake_tharstern as start

    with start() as servers:
        yield servers


@pytest.fixture
def fake_tharstern(_tharness_fake_session):
    """The fake Tharstern (demo fixture) on a free loopback port, reset before the test."""
    _tharness_fake_session.reset()
    return _tharness_fake_session


@pytest.fixture(scope="session")
def _tharness_connector_session():
    from .testing import fake_tharstern as start

    with start(connector=True) as servers:
        yield servers


@pytest.fixture
def tharstern_connector(_tharness_connector_session):
    """The fake and the connector pointed at it, both reset before the test."""
    _tharness_connector_session.reset()
    return _tharness_connector_session


class ScenarioFailed(Exception):
    def __init__(self, result: Any) -> None:
        super().__init__(result.message)
        self.result = result


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario

    def runtest(self) -> None:
        from .run.runner import ScenarioRunner

        from .run.environment import ServerUnreachable

        try:
            servers = self.config.stash[SERVERS].get()
        except (ServerUnreachable, ValueError) as error:
            raise PlainFailure(f"cannot run scenarios: {error}") from None
        result = ScenarioRunner(servers).run(self.scenario)
        self.user_properties.append(("tags", ",".join(self.scenario.tags)))
        self.user_properties.append(("duration_ms", f"{result.duration_ms:.1f}"))
        if not result.passed:
            raise ScenarioFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, ScenarioFailed):
            from .explain import failure_text

            return failure_text(excinfo.value.result)
        if isinstance(excinfo.value, PlainFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.scenario.line - 1, f"scenario: {self.scenario.title}"


class PlainFailure(Exception):
    """A failure whose message says it all (no traceback is shown)."""


class BrokenScenarioItem(pytest.Item):
    """A scenario file that does not load: it fails with every problem, file:line first."""

    def __init__(self, *, error: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        raise PlainFailure(self.error.describe())

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, PlainFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario file with problems: {self.path.name}"
