"""``Settings``: what a fake is started with (``create_app`` builds them from its configuration)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .controls.allowlist import Allowlist
from .webhooks import WebhookPolicy


@dataclass(frozen=True)
class Settings:
    fixture: str = "demo"
    seed: int = 42
    token_ttl_s: float = 3600.0
    journal_size: int = 1000
    allowlist: Allowlist = field(default_factory=Allowlist)
    unsupported_work_types: tuple[str, ...] = ("Labels", "WebPress")
    currency: tuple[tuple[str, str], ...] = (("Abbreviation", "GBP"), ("Symbol", "£"))
    api_version: str = "fake-1.0"
    webhook_policy: WebhookPolicy = field(default_factory=WebhookPolicy)
    webhook_log_size: int = 5000
    fixture_file: Any = None  # a fixtures.files.FixtureFile when ``fixture`` names a file
