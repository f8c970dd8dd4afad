"""Alembic environment: runs on the connection handed over by ``desktop.storage.schema.migrate``."""

from alembic import context

from desktop.storage.base import Base

target_metadata = Base.metadata
connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - offline `alembic` CLI use is not supported
    raise RuntimeError("Run migrations through desktop.storage.schema.migrate()")
context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
