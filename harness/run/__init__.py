"""Running scenarios against the two servers, in-process or live."""
from .environment import ConnectorUnavailable, LiveServers, LocalServers, ServerUnreachable
from .results import ERROR, FAILED, PASSED, SKIPPED, RunSummary, ScenarioResult, StepRecord
from .runner import ScenarioRunner

__all__ = ["ConnectorUnavailable", "ERROR", "FAILED", "LiveServers", "LocalServers", "PASSED", "RunSummary",
           "SKIPPED", "ScenarioResult", "ScenarioRunner", "ServerUnreachable", "StepRecord"]
