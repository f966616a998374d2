"""Where the connector keeps its state: an SQLAlchemy engine and sessions.

SQLite by default (``connector.sqlite`` in the instance folder), any SQLAlchemy URL otherwise.
SQLite serves the threaded server through one connection per thread (``check_same_thread``
off), WAL (readers never wait for the writer) and a busy timeout (writers queue instead of
failing). An in-memory URL (``sqlite://``) would give every connection its own empty database, so
it is served from a private temporary file (in /dev/shm when there is one) that is deleted with
the app. The schema is Alembic's (``connector.migrations``). Requests get one session each (``connector.services.runtime.db``).
"""
from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from sqlalchemy import Engine, create_engine, delete, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from . import migrations
from .models import Base, Storefront, WebhookSubscription
from .password_box import PasswordBox, is_sealed

BUSY_TIMEOUT_S = 15
FIRST_START_LOCK = 0x7468_6172  # the advisory lock key of ``first_start`` ("thar")


def _is_memory_sqlite(url) -> bool:
    database = url.database or ""
    return url.get_backend_name() == "sqlite" and (database in ("", ":memory:") or "mode=memory" in str(url))


def _temporary_database_dir() -> str:
    shm = "/dev/shm"
    base = shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None
    return tempfile.mkdtemp(prefix="connector-db-", dir=base)


class Store:
    def __init__(self, database_url: str) -> None:
        url = make_url(database_url)
        self.temporary_dir: str | None = None
        if _is_memory_sqlite(url):
            self.temporary_dir = _temporary_database_dir()
            url = make_url("sqlite:///" + os.path.join(self.temporary_dir, "connector.sqlite"))
        self.is_sqlite = url.get_backend_name() == "sqlite"
        kwargs: dict[str, Any] = {"hide_parameters": True}  # parameters hold passwords; keep them out of errors
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_S}
        self.engine: Engine = create_engine(url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas(durable=self.temporary_dir is None))
        self.sessions: sessionmaker[Session] = sessionmaker(self.engine, expire_on_commit=False)
        if self.temporary_dir:
            weakref.finalize(self, _remove_temporary, self.engine, self.temporary_dir)

    def prepare_schema(self) -> None:
        """SQLite (the embedded default) is migrated to the newest revision here; any other database
        must have been migrated before (``python -m connector db upgrade``): ``SchemaOutOfDate`` if not."""
        if self.is_sqlite:
            migrations.upgrade(self.engine)
        else:
            migrations.check_at_head(self.engine)

    @contextmanager
    def first_start(self) -> Iterator[None]:
        """Held while a starting process checks for an empty database and fills it: on PostgreSQL a
        session advisory lock, so of several processes starting at once one applies the fixture
        and the others find it done; SQLite is for one process and needs none."""
        if self.engine.dialect.name != "postgresql":
            yield
            return
        with self.engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": FIRST_START_LOCK})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": FIRST_START_LOCK})
                connection.commit()

    def is_empty(self) -> bool:
        with self.sessions() as session:
            return session.query(Storefront.id).first() is None

    def replace_all(self, fill: Callable[[Session], Any]) -> Any:
        """Empty every table and call ``fill(session)`` in one transaction."""
        with self.sessions.begin() as session:
            for table in reversed(Base.metadata.sorted_tables):
                session.execute(delete(table))
            result = fill(session)
            if self.engine.dialect.name == "postgresql":
                session.flush()
                _advance_sequences(session)
            return result


def _advance_sequences(session: Session) -> None:
    """Fixtures give rows their ids; PostgreSQL's sequences do not see that, so each is moved past
    the largest id (SQLite's autoincrement reads the table and needs nothing)."""
    for table in Base.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                 f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))


def seal_plain_passwords(store: Store, box: PasswordBox) -> int:
    """Seal connection passwords and webhook secrets an older connector stored in plain text (at
    start); how many."""
    sealed = 0
    with store.sessions.begin() as session:
        for sf in session.query(Storefront).filter(Storefront.password_sealed.is_not(None)):
            if sf.password_sealed is not None and not is_sealed(sf.password_sealed):
                sf.password_sealed, sealed = box.seal(sf.password_sealed), sealed + 1
        for row in session.query(WebhookSubscription):
            for name in ("secret", "previous_secret"):
                value = getattr(row, name)
                if value and not is_sealed(value):
                    setattr(row, name, box.seal(value))
                    sealed += 1
    if sealed and store.is_sqlite:  # freed pages are zeroed (secure_delete); the WAL's copies go too
        with store.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return sealed


def _sqlite_pragmas(*, durable: bool):
    def on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=" + ("NORMAL" if durable else "OFF"))
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")  # what a change replaces (a password) is not left in free space
        cursor.close()
    return on_connect


def _remove_temporary(engine: Engine, directory: str) -> None:
    engine.dispose()
    shutil.rmtree(directory, ignore_errors=True)
