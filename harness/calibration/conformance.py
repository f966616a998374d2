"""``tharness conformance``: the probes against a real Tharstern and against a fake, compared.

By default the fake is made in the same run: the real server is asked through the recording
proxy (``fake_tharstern.proxy``, in-process on a loopback port), the recording becomes a fixture
(``fixture.py``), and a fake started in-process with it is asked the same probes, so both hold
the same data. With ``fake_url`` the probes go to a fake already running instead. Fields of the
recording the fake refuses to seed (an enum name it does not know, say) are differences too; the
fake is then seeded without them.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import requests

from ..server_thread import ServerThread
from .client import ApiClient, Answer, Unusable, check_base
from .compare import Finding, Pair, compare_pairs
from .fixture import fixture_from_recording
from .probes import Planner, Probe, details, items

SEED_LISTS = {"customers": "GET customers", "producttypes": "GET producttypes", "products": "GET products",
              "users": "GET authentication/generateapitoken"}
SEED_ATTEMPTS = 5


@dataclass
class Options:
    against: str
    email: str
    password: str
    application_id: str
    fake_url: str | None = None
    fake_email: str | None = None
    fake_password: str | None = None
    allow_writes: bool = False
    record_dir: Path | None = None
    page_size: int = 10
    max_types: int = 5
    timeout_s: float = 30.0
    ca_bundle: str | None = None


@dataclass
class Report:
    against: str
    fake: str
    pairs: list[Pair] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    recording: str | None = None
    writes: bool = False
    started: str = ""
    duration_s: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, Any]:
        return {
            "differences": [f.as_dict() for f in self.findings],
            "probes": len(self.pairs),
            "against": self.against, "fake": self.fake, "writes": self.writes,
            "started": self.started, "duration_s": round(self.duration_s, 3),
            "recording": self.recording, "skipped": self.skipped, "warnings": self.warnings, "notes": self.notes,
            "results": [{"probe": p.probe.name, "operation": p.probe.operation, "method": p.probe.method,
                         "path": p.probe.path, "query": p.probe.shown_query(),
                         "real": _answer_summary(p.real), "fake": _answer_summary(p.fake)} for p in self.pairs],
        }


Progress = Callable[[str, int], None]   # (what is being asked, how many probes in all so far)


def run_conformance(options: Options, on_probe: Progress | None = None) -> Report:
    """Raises ``Unusable`` (one line) when a server cannot be probed."""
    on_probe = on_probe or (lambda _what, _total: None)
    against = check_base(options.against, "--against")
    fake_url = check_base(options.fake_url, "--fake") if options.fake_url else None
    started = time.perf_counter()
    report = Report(against=against, fake=fake_url or "in-process, from this run's recording",
                    writes=options.allow_writes, started=_now())
    planner = Planner(page_size=options.page_size, max_types=options.max_types, allow_writes=options.allow_writes)
    with _Servers(options, against, fake_url) as servers:
        real = servers.real_client
        found: dict[str, Answer] = {}
        probes: list[Probe] = []
        for stage in (lambda: planner.first(options.email, options.password, options.application_id),
                      lambda: planner.second(found), lambda: planner.writes(found)):
            batch = stage()
            probes += batch
            for probe in batch:
                on_probe(f"real: {probe.name}", len(probes) * 2)
                found[probe.name] = _ask(real, probe, options, found)
        report.skipped = planner.skipped
        report.pairs = [Pair(probe, found[probe.name]) for probe in probes]
        fake, seed_findings, warnings = servers.fake_client(options)
        report.warnings = warnings
        if fake_url is None:
            report.notes = prime_fake(servers.primer(options), planner, found)
        fake_found: dict[str, Answer] = {}
        for pair in report.pairs:
            on_probe(f"fake: {pair.probe.name}", len(probes) * 2)
            pair.fake = fake_found[pair.probe.name] = _ask(fake, pair.probe, options, fake_found, fake=True)
        report.findings = seed_findings + compare_pairs(report.pairs, same_data=fake_url is None)
        report.recording = str(options.record_dir) if options.record_dir else None
    report.duration_s = time.perf_counter() - started
    return report


def _ask(client: ApiClient, probe: Probe, options: Options, answers: dict[str, Answer], *, fake: bool = False) -> Answer:
    if probe.auth == "login":
        email = (options.fake_email or options.email) if fake else options.email
        password = (options.fake_password or options.password) if fake else options.password
        return client.login(email, password, options.application_id)
    return client.call(probe.method, probe.path, probe.params_for(answers), auth=probe.auth, json_body=probe.body,
                       content_type=probe.content_type)


class _Servers:
    """The real server (through the recording proxy when a recording is wanted) and the fake."""

    def __init__(self, options: Options, against: str, fake_url: str | None) -> None:
        self.options = options
        self.against = against
        self.fake_url = fake_url
        self.threads: list[ServerThread] = []
        self.clients: list[ApiClient] = []
        self.tmp: str | None = None
        self.record_dir: Path | None = options.record_dir
        if self.record_dir is not None and self.record_dir.is_dir() and any(self.record_dir.iterdir()):
            raise Unusable(f"--record {self.record_dir}: the folder is not empty; give a new or empty folder, "
                           "so the fake is made from this run's answers only")
        if fake_url is None and self.record_dir is None:
            self.tmp = tempfile.mkdtemp(prefix="tharness-conformance-")
            self.record_dir = Path(self.tmp) / "recording"

    def __enter__(self) -> "_Servers":
        if self.record_dir is not None:
            from fake_tharstern.proxy import create_proxy_app

            try:
                app = create_proxy_app(self.against, self.record_dir, read_timeout_s=self.options.timeout_s,
                                       verify=self.options.ca_bundle or True)
            except OSError as error:
                raise Unusable(f"cannot record into {self.record_dir}: {error.strerror or error}") from None
            proxy = self._serve(app, "recording-proxy")
            self.real_client = self._client(proxy.url + app.config["BASE_PATH"].rstrip("/"), self.against)
        else:
            self.real_client = self._client(self.against, self.against)
        return self

    def fake_client(self, options: Options) -> tuple[ApiClient, list[Finding], list[str]]:
        if self.fake_url:
            return self._client(self.fake_url, f"the fake at {self.fake_url}"), [], []
        from fake_tharstern.app import create_app

        if self.record_dir is None:
            raise RuntimeError("no recording of the real Tharstern to build the fake from")
        fixture = fixture_from_recording(self.record_dir, password=options.password)
        app = create_app({"FIXTURE": "empty"})
        server = self._serve(app, "fake-tharstern")
        findings = seed_fake(server.url, fixture.seed_body())
        self.fake_api = server.url + app.config["BASE_PATH"].rstrip("/")
        return self._client(self.fake_api, "the fake"), findings, fixture.warnings

    def primer(self, options: Options) -> ApiClient:
        """A client of the in-process fake with its own token, to give it what a fixture cannot."""
        client = self._client(self.fake_api, "the fake")
        client.login(options.email, options.password, options.application_id)
        return client

    def _serve(self, app: Any, name: str) -> ServerThread:
        thread = ServerThread(app, "127.0.0.1", 0, name=name, poll_interval=0.05).start()
        self.threads.append(thread)
        return thread

    def _client(self, base: str, shown: str) -> ApiClient:
        client = ApiClient(base, timeout_s=self.options.timeout_s, shown=shown, verify=self.options.ca_bundle or True)
        self.clients.append(client)
        return client

    def __exit__(self, *exc: Any) -> None:
        for client in self.clients:
            client.close()
        for thread in self.threads:
            thread.stop()
            backend = getattr(thread.app, "extensions", {}).get("fake_tharstern")
            if backend is not None:
                backend.close()   # its webhook dispatcher, if it ever started
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)


def prime_fake(fake: ApiClient, planner: Planner, found: dict[str, Answer]) -> list[str]:
    """A fixture carries no estimates, orders or jobs. Where the real server listed some, the
    in-process fake is given one estimate, and one sales order with its job, through its own API
    (never the real server's), so their shapes are compared too. Returns what was done."""
    notes = []
    if items(found.get("estimates")):
        bodies = planner.estimate_requests(found)
        answer = fake.call("POST", "api/estrequest", json_body=bodies[0][1]) if bodies else None
        notes.append(_primed("an estimate", answer))
    if items(found.get("sales orders")) or items(found.get("jobs")):
        body = planner.sales_order(found)
        answer = fake.call("POST", "api/orders/submit", json_body=body) if body is not None else None
        notes.append(_primed("a sales order with its job", answer))
    return notes


def _primed(what: str, answer: Answer | None) -> str:
    orders = (details(answer) or {}).get("Orders") if answer is not None and isinstance(details(answer), dict) else None
    refused = orders and isinstance(orders[0], dict) and not orders[0].get("ID")
    if answer is None or answer.status != 200 or refused or (answer.json or {}).get("Status", {}).get("Success") is False:
        why = f"it answered {answer.status}" if answer is not None else "the real server gave nothing to build it from"
        return f"the fake could not be given {what} ({why}); its shape is not compared"
    return f"the fake was given {what} through its own API, so the real server's can be compared with it"


def seed_fake(root: str, body: dict[str, Any]) -> list[Finding]:
    """POST the fixture to the fake's ``/_fake/seed``; each field it refuses is a finding and is
    left out of the next attempt."""
    findings: list[Finding] = []
    with requests.Session() as session:
        session.trust_env = False   # the fake is on loopback: no proxy from the environment
        for _attempt in range(SEED_ATTEMPTS):
            answer = session.post(f"{root}/_fake/seed", json=body, timeout=60)
            if answer.status_code == 200:
                return findings
            findings += _refused_fields(answer, body)
    raise Unusable("the fake kept refusing the fixture made from the recording")


def _refused_fields(answer: requests.Response, body: dict[str, Any]) -> list[Finding]:
    """The fields the seed answer names, as findings, each taken out of ``body``."""
    errors = answer.json().get("errors") if answer.content else None
    if not isinstance(errors, dict) or not errors:
        raise Unusable(f"the fake refused the fixture made from the recording ({answer.status_code})")
    findings = []
    for key, messages in errors.items():
        removed = _remove_field(body, key)
        text = "; ".join(map(str, messages))
        if removed is _MISSING:
            raise Unusable(f"the fake refused the fixture made from the recording: {key}: {text}")
        findings.append(Finding(_seed_operation(key), _api_path(key), "enum" if "not one of" in text else "type",
                                _shown(removed), f"refused: {text}", "seeding the fake from the recording"))
    return findings


_MISSING = object()
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _remove_field(body: dict, key: str) -> Any:
    steps = [name if name else int(index) for name, index in _STEP.findall(key)]
    node: Any = body
    for step in steps[:-1]:
        node = _step(node, step)
        if node is _MISSING:
            return _MISSING
    last = steps[-1] if steps else None
    if isinstance(node, dict) and isinstance(last, str):
        actual = next((k for k in node if k.lower() == last.lower()), None)
        if actual is not None:
            return node.pop(actual)
    return _MISSING


def _step(node: Any, step: Any) -> Any:
    if isinstance(step, int):
        return node[step] if isinstance(node, list) and step < len(node) else _MISSING
    if isinstance(node, dict):
        actual = next((k for k in node if k.lower() == step.lower()), None)
        return node[actual] if actual is not None else _MISSING
    return _MISSING


def _seed_operation(key: str) -> str:
    head = re.split(r"[.\[]", key, maxsplit=1)[0].lower()
    return SEED_LISTS.get(head, "seeding the fake")


def _api_path(key: str) -> str:
    rest = re.sub(r"\[\d+\]", "[]", key)
    head, _, tail = rest.partition("[]")
    return "Details.Items[]" + tail if head.lower() in SEED_LISTS else rest


def _shown(value: Any) -> Any:
    if isinstance(value, dict) and "Name" in value:
        return f"{value.get('Value')} {value.get('Name')}"
    return value


def _answer_summary(answer: Answer | None) -> dict[str, Any] | None:
    if answer is None:
        return None
    return {"status": answer.status, "body": answer.body_kind, "ms": answer.elapsed_ms}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
