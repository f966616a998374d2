"""Alembic's environment: migrations run on the connection the caller gives (``connector.migrations``)."""
from __future__ import annotations

from alembic import context

from connector.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `python -m connector db …` (connector.migrations)")
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True, compare_type=True)
with context.begin_transaction():
    context.run_migrations()
