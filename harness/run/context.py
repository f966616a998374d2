"""One scenario's run-time state: its variables, its HTTP client, its tokens for the faked API,
and how far into the fake's journal it has read."""
from __future__ import annotations

import time
from typing import Any

from ..scenario.model import Scenario
from ..variables import substitute
from .environment import Servers
from .http import Answer, Exchange, RecordingClient
from .results import StepRecord
from .targets import NoConnector, Targets

DEMO_USER = ("integration@demo.test", "tharstern")
TOKEN_APPLICATION = "tharness"


class StepError(Exception):
    """The step could not be carried out (not a wrong answer: a setup, token or server problem)."""


class StepFailed(Exception):
    """The answer was not what the step expected."""

    def __init__(self, message: str, mismatches: list | None = None, answer: Answer | None = None) -> None:
        super().__init__(message)
        self.mismatches = mismatches or []
        self.answer = answer


class ScenarioContext:
    def __init__(self, env: Servers, scenario: Scenario) -> None:
        self.env = env
        self.targets: Targets = env.targets
        self.scenario = scenario
        self.started = time.perf_counter()
        self.variables: dict[str, Any] = dict(self.targets.variables(scenario.storefront))
        for name, value in scenario.variables.items():  # vars: and the example row, in order
            self.variables[name] = self.resolve(value)
        self.current = StepRecord("setup", "reset both servers and apply given", "setup")
        self.client = RecordingClient(self._record, source_address=self.targets.harness_ip, started=self.started,
                                      sessions=env.http_sessions(),
                                      before_send=env.connector_watch.note_request if env.connector_watch else None)
        self.tokens: dict[tuple[str, str, str], str] = {}
        self.journal_seq = 0  # the last journal entry read
        self.steps_seq = 0  # journal entries after this one belong to the steps (not to given)
        self.deliveries_missing = False
        self.clock_offset_s = 0.0  # how far clock steps moved the fake's clock since the reset

    def _record(self, exchange: Exchange) -> None:
        self.current.exchanges.append(exchange)

    def close(self) -> None:
        self.client.close()

    @property
    def connector_running(self) -> bool:
        return bool(self.env.connector_running)

    def resolve(self, value: Any) -> Any:
        return substitute(value, self.variables)

    # -- requests of steps -------------------------------------------------------------------
    def request(self, side: str, line: str, spec: dict[str, Any], *, purpose: str = "step") -> Answer:
        """Send a step's request (``line`` is ``METHOD PATH``, already resolved)."""
        method, path = line.split(None, 1)
        timeout = float(spec.get("timeout_s", 10))
        auth = None
        if side == "connector":
            try:
                url = self.targets.connector(path, spec.get("storefront") or self.scenario.storefront)
            except NoConnector:
                raise StepError("this step needs the connector, and none is running") from None
        else:
            url = self.targets.tharstern(path)
            if self.targets.is_tharstern_api(url):
                auth = self.auth_for(spec.get("auth", "demo"))
        return self.client.send(side, method, url, purpose=purpose, json_body=spec.get("json"),
                                data=spec.get("data"), params=spec.get("params"), headers=spec.get("headers"),
                                auth=auth, timeout_s=timeout)

    def auth_for(self, auth: Any) -> tuple[str, str] | None:
        """Basic auth for the faked API: a token as user name (``none``: no header at all)."""
        if auth == "none":
            return None
        if isinstance(auth, dict) and "token" in auth:
            return (str(auth["token"]), "")
        if isinstance(auth, dict):
            user = (auth["email"], auth["password"], auth.get("application_id", TOKEN_APPLICATION))
        else:
            user = (*DEMO_USER, TOKEN_APPLICATION)
        if user not in self.tokens:
            self.tokens[user] = self._issue_token(*user)
        return (self.tokens[user], "")

    def _issue_token(self, email: str, password: str, application_id: str) -> str:
        answer = self.client.send("tharstern", "GET", self.targets.tharstern("authentication/generateapitoken"),
                                  purpose="token", params={"email": email, "password": password,
                                                           "applicationId": application_id})
        details = (answer.json.get("Details") or {}) if isinstance(answer.json, dict) else {}
        token = details.get("Token") if isinstance(details, dict) else None
        if answer.status != 200 or not token or set(token) <= {"0", "-"}:
            reason = answer.error or answer.text[:300]
            raise StepError(f"could not get a token for {email} from the fake (status {answer.status}): {reason}")
        return token

    # -- control planes ----------------------------------------------------------------------
    def control(self, side: str, method: str, path: str, body: Any = None, *, purpose: str,
                params: dict | None = None, allow: tuple[int, ...] = ()) -> Answer:
        """A control-plane call that must succeed; ``StepError`` names what went wrong."""
        url = self.targets.tharstern(path) if side == "tharstern" else self.targets.connector(path)
        answer = self.client.send(side, method, url, purpose=purpose, json_body=body, params=params)
        if answer.status in allow:
            return answer
        if answer.status is None or answer.status >= 400:
            what = answer.error or f"answered {answer.status}: {answer.text[:500]}"
            raise StepError(f"{side} {method} {path} failed: {what}")
        return answer

    def fetch_journal(self) -> list[dict[str, Any]]:
        """Journal entries recorded since the last fetch, marked with who made each call."""
        answer = self.client.send("tharstern", "GET", self.targets.tharstern("/_fake/journal"), purpose="journal",
                                  params={"since": self.journal_seq}, record=False)
        items = answer.json.get("items", []) if isinstance(answer.json, dict) else []
        for entry in items:
            entry["origin"] = self.origin_of(entry)
            self.journal_seq = max(self.journal_seq, int(entry.get("seq") or 0))
        return items

    def origin_of(self, entry: dict[str, Any]) -> str:
        client = entry.get("client")
        if self.targets.harness_ip and client == self.targets.harness_ip:
            return "harness"
        return "connector" if self.targets.harness_ip else str(client)
