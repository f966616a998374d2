"""Everything an app needs at run time besides Flask itself, built once by ``create_app`` and
kept in ``app.extensions["connector"]``: the clock, the store, the Tharstern cache, the token
cache, HTTP sessions, the client factory, the password box, the per-customer locks, the mapping code
workers, the outbox worker and the import worker."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from flask import current_app, g
from sqlalchemy.orm import Session

from tharstern_kit.clock import Clock

from ..fixtures import apply_fixture
from ..fixtures.rows import FixtureRows
from ..models import Base
from ..password_box import PasswordBox
from ..store import Store
from ..tharstern import ClientFactory
from ..tharstern.client import ClientOptions
from ..tharstern.tokens import TokenCache
from ..tharstern.transport import HttpSessions
from .cache import TharsternCache
from .locks import KeyedLocks
from .mapping_runner import MappingRunner
from .orders.outbox import Outbox
from .pressero.import_worker import ImportWorker


@dataclass
class Runtime:
    config: Mapping[str, Any]
    clock: Clock
    store: Store
    cache: TharsternCache
    tokens: TokenCache
    http: HttpSessions
    clients: ClientFactory
    passwords: PasswordBox
    customer_locks: KeyedLocks
    mapping: MappingRunner
    outbox: Outbox = field(init=False)  # built right after the runtime (it needs it)
    imports: ImportWorker = field(init=False)  # the background imports, built likewise
    fixture_rows: FixtureRows | None = None  # each fixture's rows once built, for fast resets
    # the last Check Connection per storefront id since start: {ok, problem, message, at}; forgotten when
    # the connection settings change (the start page calls step 1 done only after a passing one)
    checks: dict[int, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def build(cls, config: Mapping[str, Any], store: Store, passwords: PasswordBox) -> "Runtime":
        clock = Clock()
        tokens = TokenCache(clock, float(config["TOKEN_RENEW_MARGIN_S"]), float(config["TOKEN_FALLBACK_TTL_S"]))
        http = HttpSessions(int(config["THARSTERN_RETRIES"]), float(config["THARSTERN_BACKOFF_S"]))
        options = ClientOptions(connect_timeout_s=float(config["THARSTERN_CONNECT_TIMEOUT_S"]),
                                read_timeout_s=float(config["THARSTERN_READ_TIMEOUT_S"]),
                                page_size=int(config["THARSTERN_PAGE_SIZE"]))
        rt = cls(config=config, clock=clock, store=store,
                 cache=TharsternCache(clock, int(config["CACHE_MAX_ENTRIES"])), tokens=tokens, http=http,
                 clients=ClientFactory(http, tokens, options, passwords.open), passwords=passwords,
                 customer_locks=KeyedLocks(),
                 mapping=MappingRunner(warm=int(config["MAPPING_CODE_WORKERS"]),
                                       memory_mb=int(config["MAPPING_CODE_MEMORY_MB"]),
                                       cpu_s=int(config["MAPPING_CODE_CPU_S"]),
                                       deadline_s=float(config["MAPPING_CODE_DEADLINE_S"])))
        rt.outbox = Outbox(rt)
        rt.imports = ImportWorker(rt)
        return rt

    def close(self) -> None:
        """Stop the background work (the outbox and import threads after their call in flight, the
        mapping code workers)."""
        self.outbox.close()
        self.imports.close()
        self.mapping.close()

    def reset(self, fixture: str) -> dict[str, int]:
        """Empty the database and apply ``fixture`` in one transaction; forget caches, tokens and
        the clock offset, and the mapping code stopped earlier (``POST /_control/reset``, and at start on
        an empty database)."""
        self.outbox.forget(float(self.config["THARSTERN_READ_TIMEOUT_S"]) + 1)
        self.imports.forget(float(self.config["THARSTERN_READ_TIMEOUT_S"]) + 1)
        self.clock.reset()
        if self.fixture_rows is None:
            self.fixture_rows = FixtureRows(list(Base.metadata.sorted_tables), self.store.engine)
        now = self.clock.now()
        counts = self.fixture_rows.reset(fixture, self.store, now, lambda session: apply_fixture(
            fixture, session, self.config, now, self.passwords.seal))
        self.cache.clear()
        self.tokens.clear()
        self.checks.clear()
        self.mapping.forget_stopped()
        return counts

    def forget_connection_state(self, storefront_id: int) -> None:
        """After connection settings change: the cached data may belong to another Tharstern, and
        the last Check Connection checked other settings."""
        self.cache.clear(storefront_id)
        self.checks.pop(storefront_id, None)


def runtime() -> Runtime:
    return current_app.extensions["connector"]


def db() -> Session:
    """The request's session (one per request, closed at teardown)."""
    if "db_session" not in g:
        g.db_session = runtime().store.sessions()
    return g.db_session


def close_db(_error: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
