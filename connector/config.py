"""Configuration. Precedence: ``DefaultConfig`` → ``CONNECTOR_*`` environment variables (values
parsed as JSON when they can be: ``CONNECTOR_TEST_CONTROLS=1``) → the mapping given to
``create_app``."""
from __future__ import annotations

from tharstern_kit.openapi import OpenApiDefaults


class DefaultConfig(OpenApiDefaults):
    # Where state lives: any SQLAlchemy URL. None = ``connector.sqlite`` in the instance folder.
    # ``sqlite://`` (in memory) is served from a private temporary file, deleted with the app.
    DATABASE_URL: str | None = None
    # The fake (or real) Tharstern the demo fixture's storefront points at.
    THARSTERN_URL = "http://127.0.0.1:8910/TharsternAPI"
    # /_control/reset and /_control/clock; the harness turns them on.
    TEST_CONTROLS = False
    # Callers of /_control that are not on loopback (the socket peer) must send this token as
    # X-Control-Token; None = loopback callers only (connector/control_guard.py).
    CONTROL_TOKEN: str | None = None
    # Host names the connector answers for besides localhost and loopback addresses (DNS
    # rebinding): names, ".example.com" for a domain and its subdomains, "*" for any (docs/security.md).
    ALLOWED_HOSTS: list[str] = []
    # Callers of the REST API, the admin pages and the API documents that are not on loopback must
    # send Authorization: Bearer <API_TOKEN> (or it as Basic's password); None = no check
    # (connector/api_guard.py).
    API_TOKEN: str | None = None
    # The key that seals connection passwords at rest (connector/password_box.py): SECRET_KEY (a
    # Fernet key, or any text, stretched), else the file SECRET_KEY_FILE (made 0600 on first start;
    # None = connector.key in the instance folder). With sqlite:// the key lives in memory.
    SECRET_KEY: str | None = None
    SECRET_KEY_FILE: str | None = None
    # The connector's own public address, e.g. https://shop.example.com (the webhook receiver URL).
    # None = the address the server listens on (never a request header); required when that is 0.0.0.0.
    PUBLIC_URL: str | None = None
    # Data applied at start when the database is empty, and by /_control/reset: demo | empty.
    FIXTURE = "demo"

    # Calls to Tharstern.
    THARSTERN_CONNECT_TIMEOUT_S = 5.0
    THARSTERN_READ_TIMEOUT_S = 30.0
    THARSTERN_RETRIES = 2            # extra tries for idempotent calls (GET) on connection errors and 502/503/504
    THARSTERN_BACKOFF_S = 0.2        # urllib3 backoff factor between those tries
    THARSTERN_PAGE_SIZE = 100        # paging_numberOfRecords for list calls (Tharstern allows up to 500)
    TOKEN_RENEW_MARGIN_S = 60        # renew a cached token this long before it expires
    TOKEN_FALLBACK_TTL_S = 900       # when a token answer carries no ExpiresDateTime
    CACHE_MAX_ENTRIES = 4096
    PRICE_LIST_CURRENCY = "GBP"      # stock items carry no currency; estimates do
    MAPPING_CODE_MAX_CHARS = 20_000
    # Mapping code runs in worker processes (connector/services/mapping_runner.py) with these limits.
    MAPPING_CODE_WORKERS = 2         # idle workers kept warm once mapping code has run (at most 4 run)
    MAPPING_CODE_MEMORY_MB = 64      # how far a worker's address space may grow over its size at start
    MAPPING_CODE_CPU_S = 1           # processor seconds per render (RLIMIT_CPU; the kernel stops it past this + 1)
    MAPPING_CODE_DEADLINE_S = 1.5    # wall-clock seconds per render before the worker is killed

    # The outbox of orders/submit (issue 5): backoff between attempts, on the connector's clock.
    OUTBOX_BACKOFF_BASE_S = 2.0      # the wait after the first failed attempt (doubling, with jitter)
    OUTBOX_BACKOFF_CAP_S = 300.0     # the longest wait between attempts (attempts never stop)
    OUTBOX_LEASE_S = 120.0           # a send unfinished after this long (its process died) is taken by another
    OUTBOX_SEED = 0                  # seeds the jitter, so runs repeat
    # Webhooks from Tharstern.
    WEBHOOK_TOLERANCE_S = 300        # how far webhook-timestamp may be from the connector's clock
    RECONCILE_AFTER_S = 600          # POST /reconcile polls lines with no news for this long (default)

    MAX_CONTENT_LENGTH = 1_048_576

    API_TITLE = "Connect:Tharstern connector"
    API_VERSION = "1.0"
