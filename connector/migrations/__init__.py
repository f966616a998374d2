"""The connector's schema, managed by Alembic: ``python -m connector db upgrade|current|downgrade|history``.

Migrations live in ``versions/``; they run programmatically on the store's engine (no
``alembic.ini``). SQLite databases are upgraded when the app starts; any other database must be
upgraded before (``python -m connector db upgrade``, once per release, from one process) and the
app refuses to start on a schema that is not at the newest revision, naming the command.

A SQLite file made before migrations existed (the schema was then made by ``create_all``) has
tables but no ``alembic_version``: it is *adopted* — the tables and columns of the first revision
it lacks are added (rows are kept), then it is stamped at that revision and upgraded as usual.
"""
from __future__ import annotations

from typing import Iterator

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from ..models import Base
from .adopt import adopt
from .alembic_setup import alembic_config

VERSION_TABLE = "alembic_version"


class SchemaOutOfDate(RuntimeError):
    """The database is not at the newest revision (and the app does not migrate it itself)."""


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current(engine: Engine) -> str | None:
    """The revision the database is at (None: never migrated)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> list[str]:
    """Migrate to ``revision``; returns what adopting a pre-migration database added (usually
    nothing). An empty database at ``head`` gets the models' tables at once and is stamped (the
    same schema, as the migration test proves, without replaying every revision)."""
    with engine.begin() as connection:
        config = alembic_config(connection)
        tables = set(inspect(connection).get_table_names())
        if not tables and revision == "head":
            Base.metadata.create_all(connection)
            command.stamp(config, "head")
            return []
        added: list[str] = []
        if VERSION_TABLE not in tables and "storefronts" in tables:
            added = adopt(connection)
            command.stamp(config, "0001")
        command.upgrade(config, revision)
        return added


def downgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)


def stamp(engine: Engine, revision: str) -> None:
    """Record ``revision`` without running anything (a database whose schema is known to match)."""
    with engine.begin() as connection:
        command.stamp(alembic_config(connection), revision)


def history() -> Iterator[str]:
    for script in ScriptDirectory.from_config(alembic_config()).walk_revisions():
        yield f"{script.revision} ← {script.down_revision or '(base)'}: {script.doc}"


def check_at_head(engine: Engine) -> None:
    at, newest = current(engine), head()
    if at != newest:
        raise SchemaOutOfDate(f"the connector's database is at revision {at or '(none)'}, this version needs "
                              f"{newest}: run `python -m connector db upgrade --database-url …` first")

