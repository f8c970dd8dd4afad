"""Open the app database: owner-only file, WAL journal, migrated to the latest schema."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class Base(DeclarativeBase):
    """Declarative base for every table (history, study)."""


def _set_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API connection
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _make_private(path: Path) -> None:
    """Create the DB file (and WAL/SHM siblings if present) readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    for suffix in ("", "-wal", "-shm"):
        p = Path(f"{path}{suffix}")
        if p.exists():
            os.chmod(p, 0o600)


def migrate(engine: Engine) -> None:
    """Upgrade the schema to Alembic head (creates it on a new database)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_database(path: str | Path, run_migrations: bool = True, check: bool = True) -> Engine:
    """Return a SQLAlchemy engine for ``path`` with WAL mode and the latest schema.

    Before migrating, a damaged file is quarantined and a pending migration is preceded by a
    backup (messages for the user: ``desktop.storage.integrity.pending_messages()``). With
    encryption at rest turned on (``CLINASSIST_ENCRYPT_DB=1``) the SQLCipher database is used.
    """
    path = Path(path)
    if run_migrations:
        from desktop.storage.encryption import encryption_requested, open_encrypted_database
        from desktop.storage.integrity import prepare_database

        if encryption_requested():
            return open_encrypted_database(path)
        if check:
            prepare_database(path)
    # SQLite gives -wal/-shm files the mode of the DB file, so creating it 0600 suffices.
    _make_private(path)
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    if run_migrations:
        migrate(engine)
    _make_private(path)
    return engine
