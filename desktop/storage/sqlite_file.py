"""The lowest storage layer: one SQLite file on disk, owner-only, with the app's pragmas.

Knows nothing of schemas, checks or encryption; every other storage module builds on it.

Durability: every connection runs ``journal_mode=WAL`` with ``synchronous=FULL``, so each
commit is fsynced to the WAL before it returns and survives a power cut, not only a crash of the
app (``synchronous=NORMAL`` in WAL mode may lose the last commits on power loss). The cost is
measured by ``python -m bench db_durability``.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine, create_engine, event

SQLITE_HEADER = b"SQLite format 3\x00"
SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal")
PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)


class DBAPIConnection(Protocol):
    """A DB-API connection of ``sqlite3`` or ``sqlcipher3`` (same interface, other classes)."""

    def cursor(self) -> sqlite3.Cursor: ...

    def execute(self, sql: str, parameters: tuple[object, ...] = ..., /) -> sqlite3.Cursor: ...

    def close(self) -> None: ...


def set_pragmas(dbapi_conn: DBAPIConnection, _record: object = None) -> None:
    """Apply :data:`PRAGMAS` (a SQLAlchemy ``connect`` listener, also usable directly)."""
    cur = dbapi_conn.cursor()
    for pragma in PRAGMAS:
        cur.execute(pragma)
    cur.close()


def has_data(path: str | Path) -> bool:
    """True if ``path`` exists and is not empty."""
    path = Path(path)
    return path.exists() and path.stat().st_size > 0


def is_plain_sqlite(path: str | Path) -> bool:
    """True if the file starts with the plain SQLite header (i.e. it is not encrypted)."""
    with Path(path).open("rb") as fh:
        return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def sidecars(path: str | Path) -> list[Path]:
    """The WAL/SHM/rollback-journal files that belong to ``path``."""
    return [Path(f"{path}{suffix}") for suffix in SIDECAR_SUFFIXES]


def make_private(path: str | Path) -> None:
    """Create the DB file (owner-only folder and file) and tighten its existing sidecars."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    for p in (path, *sidecars(path)):
        if p.exists():
            os.chmod(p, 0o600)


def plain_engine(path: str | Path) -> Engine:
    """A SQLAlchemy engine on the plain SQLite file ``path`` (created owner-only)."""
    path = Path(path)
    # SQLite gives -wal/-shm files the mode of the DB file, so creating it 0600 suffices.
    make_private(path)
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", set_pragmas)
    return engine
