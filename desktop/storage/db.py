"""Open the app database: the top storage layer, used by the app, history and study stores.

``open_database(path)`` = ``integrity.open_checked_database``: encryption switched on/off as
asked, damaged files quarantined, a backup before any migration, owner-only files, WAL with
``synchronous=FULL``, the latest schema. Messages for the user:
``desktop.storage.integrity.pending_messages()``.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from desktop.storage import encryption
from desktop.storage.base import Base
from desktop.storage.integrity import open_checked_database
from desktop.storage.schema import MIGRATIONS_DIR, migrate
from desktop.storage.sqlite_file import make_private, plain_engine

__all__ = ["MIGRATIONS_DIR", "Base", "migrate", "open_database"]


def open_database(
    path: str | Path,
    run_migrations: bool = True,
    check: bool = True,
    encrypt: bool | None = None,
    key: str | None = None,
) -> Engine:
    """Return a SQLAlchemy engine for ``path`` with WAL mode and the latest schema.

    ``encrypt=None`` follows ``CLINASSIST_ENCRYPT_DB`` (the app passes its setting);
    ``key=None`` takes the SQLCipher key from the OS keyring. ``check=False`` skips the
    start-up checks, ``run_migrations=False`` also the migration.
    """
    path = Path(path)
    encrypt = encryption.encryption_requested() if encrypt is None else encrypt
    if run_migrations and check:
        return open_checked_database(path, encrypt=encrypt, key=key)[0]
    if encrypt:
        engine = encryption.create_encrypted_engine(
            path, encryption.load_key(create=True) if key is None else key
        )
    else:
        engine = plain_engine(path)
    if run_migrations:
        migrate(engine)
    make_private(path)
    return engine
