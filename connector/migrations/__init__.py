"""The connector's schema, managed by Alembic: ``python -m connector db upgrade|current|downgrade|history``.

Migrations live in ``versions/``; they run programmatically on the store's engine (no
``alembic.ini``). SQLite databases are upgraded when the app starts; any other database must be
upgraded before (``python -m connector db upgrade``, once per release, from one process) and the
app refuses to start on a schema that is not at the newest revision, naming the command.

A SQLite file made before migrations existed (the schema was then made by ``create_all``) has
tables but no ``alembic_version``: it is *adopted* — the tables and columns of the first revision
it lacks are added (rows are kept), then it is stamped at that revision and upgraded as usual.

Starting on a database already at ``HEAD``, or on an empty one, needs no Alembic at all (it is
imported only to migrate): the version is read with one query, and an empty database gets the
models' tables and ``HEAD`` written in Alembic's own version table. ``HEAD`` is the newest
revision's id; a test checks it is Alembic's head.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import Column, Connection, Engine, MetaData, PrimaryKeyConstraint, String, Table, inspect, select

from ..models import Base

HEAD = "0003"
VERSION_TABLE = "alembic_version"


class SchemaOutOfDate(RuntimeError):
    """The database is not at the newest revision (and the app does not migrate it itself)."""


def _version_table() -> Table:
    """Alembic's version table, exactly as Alembic makes it."""
    return Table(VERSION_TABLE, MetaData(), Column("version_num", String(32), nullable=False),
                 PrimaryKeyConstraint("version_num", name="alembic_version_pkc"))


def _read_version(connection: Connection) -> str | None:
    if VERSION_TABLE not in inspect(connection).get_table_names():
        return None
    return connection.scalar(select(_version_table().c.version_num))


def head() -> str:
    """Alembic's newest revision, read from the scripts."""
    from alembic.script import ScriptDirectory

    from .alembic_setup import alembic_config
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current(engine: Engine) -> str | None:
    """The revision the database is at (None: never migrated)."""
    with engine.connect() as connection:
        return _read_version(connection)


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction for migrating. On SQLite, foreign keys are off meanwhile:
    Alembic's batch mode rebuilds a table (copy, drop, rename), and dropping ``storefronts`` with
    them on would cascade-delete every row that refers to it. The pragma only works outside a
    transaction, so it is set before and after; a foreign-key check runs before the commit."""
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                yield connection
                if sqlite and (broken := connection.exec_driver_sql("PRAGMA foreign_key_check").all()):
                    raise RuntimeError(f"the migration left rows that refer to missing rows: {broken[:5]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def upgrade(engine: Engine, revision: str = "head") -> list[str]:
    """Migrate to ``revision``; returns what adopting a pre-migration database added (usually
    nothing). An empty database at ``head`` gets the models' tables at once and is stamped (the
    same schema, as the migration test proves, without replaying every revision)."""
    with _migrating(engine) as connection:
        tables = set(inspect(connection).get_table_names())
        if revision == "head":
            if not tables:
                Base.metadata.create_all(connection)
                version = _version_table()
                version.create(connection)
                connection.execute(version.insert().values(version_num=HEAD))
                return []
            if VERSION_TABLE in tables and _read_version(connection) == HEAD:
                return []
        from alembic import command

        from .adopt import adopt
        from .alembic_setup import alembic_config
        config = alembic_config(connection)
        added: list[str] = []
        if VERSION_TABLE not in tables and "storefronts" in tables:
            added = adopt(connection)
            command.stamp(config, "0001")
        command.upgrade(config, revision)
        return added


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    from .alembic_setup import alembic_config
    with _migrating(engine) as connection:
        command.downgrade(alembic_config(connection), revision)


def stamp(engine: Engine, revision: str) -> None:
    """Record ``revision`` without running anything (a database whose schema is known to match)."""
    from alembic import command

    from .alembic_setup import alembic_config
    with engine.begin() as connection:
        command.stamp(alembic_config(connection), revision)


def history() -> Iterator[str]:
    from alembic.script import ScriptDirectory

    from .alembic_setup import alembic_config
    for script in ScriptDirectory.from_config(alembic_config()).walk_revisions():
        yield f"{script.revision} ← {script.down_revision or '(base)'}: {script.doc}"


def check_at_head(engine: Engine) -> None:
    at = current(engine)
    if at != HEAD:
        raise SchemaOutOfDate(f"the connector's database is at revision {at or '(none)'}, this version needs "
                              f"{HEAD}: run `python -m connector db upgrade --database-url …` first")
