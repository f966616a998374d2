"""Configuration of the fake. Precedence: these defaults, then ``FAKE_THARSTERN_*`` environment
variables (values parsed as JSON when they can be: ``FAKE_THARSTERN_ALLOWLIST='["127.0.0.2"]'``),
then the mapping given to ``create_app``."""
from __future__ import annotations

from tharstern_kit.openapi import OpenApiDefaults

from .backend.webhooks.policy import STANDARD_SCHEDULE_S


class DefaultConfig(OpenApiDefaults):
    BASE_PATH = "/TharsternAPI"
    FIXTURE = "demo"  # a fixture name (demo, empty, large) or a .yaml/.yml/.json fixture file
    STATE_FILE: str | None = None  # restored at start, saved after every change (backend/snapshots/statefile.py)
    SEED = 42
    TOKEN_TTL_S = 3600
    JOURNAL_SIZE = 1000
    JOURNAL_BODY_BYTES = 4096
    ALLOWLIST: list[str] = []
    ALLOWLIST_MODE = "drop"
    HANG_S = 30.0
    TRUST_PROXY = False
    CONTROL_TOKEN: str | None = None
    # Host names the fake answers for besides localhost and loopback addresses (DNS rebinding):
    # names, ".example.com" for a domain and its subdomains, "*" for any (docs/security.md).
    ALLOWED_HOSTS: list[str] = []
    UNSUPPORTED_WORK_TYPES = ["Labels", "WebPress"]
    CURRENCY = {"Abbreviation": "GBP", "Symbol": "£"}
    THARSTERN_API_VERSION = "fake-1.0"
    MAX_CONTENT_LENGTH = 1_048_576
    SNAPSHOT_MAX_CONTENT_LENGTH = 256 * 1_048_576  # PUT /_fake/snapshot: a whole world
    # outbound webhooks [I]: see fake_tharstern/backend/webhooks/policy.py
    WEBHOOK_MAX_ATTEMPTS = 8
    WEBHOOK_TIMEOUT_S = 5.0
    WEBHOOK_BACKOFF_BASE_S = 2.0
    WEBHOOK_BACKOFF_CAP_S = 3600.0
    WEBHOOK_RETRY_AFTER_MAX_S = 86400.0
    # seconds between attempts (FAKE_THARSTERN_WEBHOOK_SCHEDULE='[5, 300]' or "5,300"); the default
    # is Standard Webhooks'/Svix's; [] backs off exponentially (WEBHOOK_BACKOFF_BASE_S, _CAP_S)
    WEBHOOK_SCHEDULE = STANDARD_SCHEDULE_S
    WEBHOOK_LOG_SIZE = 5000
    # tenants (/t/{name}/...): a cap on named tenants and the real seconds after which an idle one
    # is removed (fake_tharstern/tenants/registry.py)
    MAX_TENANTS = 100
    TENANT_IDLE_S = 3600.0

    API_TITLE = "Fake Tharstern API"
    API_VERSION = "1.0"
