"""Adopting a database made before migrations existed (``create_all``, no ``alembic_version``).

The first revision (``0001``) is the schema as ``create_all`` last made it. An older file may lack
tables or columns added since (``customers.link_ambiguity``, ``orders.accepted_offline``): they
are added here, keeping every row, and the caller stamps the file at ``0001``. What ``0001``
holds is read by running it on a scratch in-memory SQLite database, so this never drifts from the
revision. Only SQLite files are adopted (the only pre-migration databases in use); a column the
file lacks that cannot be added to existing rows (NOT NULL without a default) is refused by name.
"""
from __future__ import annotations

from alembic import command
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Connection, MetaData, create_engine, inspect

from .alembic_setup import alembic_config


class CannotAdopt(RuntimeError):
    pass


def first_revision_schema() -> MetaData:
    scratch = create_engine("sqlite://")
    with scratch.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        schema = MetaData()
        schema.reflect(connection)
    scratch.dispose()
    return schema


def adopt(connection: Connection) -> list[str]:
    """Add what revision 0001 has and the database lacks; returns what was added."""
    if connection.dialect.name != "sqlite":
        raise CannotAdopt("this database has the connector's tables but no migration history: if its schema is "
                          "the one of revision 0001, run `python -m connector db stamp 0001`, then `db upgrade`")
    wanted = first_revision_schema()
    present = inspect(connection)
    tables = set(present.get_table_names())
    operations = Operations(MigrationContext.configure(connection))
    added = [table.name for table in wanted.sorted_tables if table.name not in tables]
    wanted.create_all(connection, checkfirst=True)  # the missing tables only
    for table in wanted.sorted_tables:
        if table.name not in tables:
            continue
        have = {column["name"] for column in present.get_columns(table.name)}
        for column in table.columns:
            if column.name in have:
                continue
            if not column.nullable and column.server_default is None:
                raise CannotAdopt(f"{table.name}.{column.name} is missing and cannot be added to existing rows "
                                  "(NOT NULL without a default): this file is too old to adopt")
            operations.add_column(table.name, Column(column.name, column.type, nullable=column.nullable,
                                                     server_default=column.server_default))
            added.append(f"{table.name}.{column.name}")
    return added
