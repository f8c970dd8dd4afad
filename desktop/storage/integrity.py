"""Database safety at start-up: detect corruption, back up before migrating, never lose data.

``prepare_database(path)`` runs before the app opens its SQLite file:

* a file that is not SQLite, or fails ``PRAGMA quick_check``, is moved aside to
  ``<name>.corrupt-<UTC timestamp>`` (with its ``-wal``/``-shm`` files) so that nothing is
  deleted, and a fresh database is created by the normal open; the returned report carries a
  message for the user saying where the damaged file went;
* a database whose schema is older than the app's (Alembic revision behind head) is copied
  with SQLite's online backup API to ``backups/<stem>-pre-<head>-<timestamp>.db`` before
  the migration runs;
* a database written by a newer version of the app is refused with a clear error.

Everything here uses the standard ``sqlite3`` module only (no SQLAlchemy engine is opened).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

SQLITE_HEADER = b"SQLite format 3\x00"
BACKUP_DIR_NAME = "backups"
KEEP_BACKUPS = 5
_pending_messages: list[str] = []


class DatabaseTooNewError(RuntimeError):
    """The database was written by a newer version of the app (unknown schema revision)."""


@dataclass(frozen=True)
class DatabaseCheck:
    """Result of :func:`check_database`: ``ok`` or the ``problem`` found."""

    ok: bool
    problem: str | None = None
    exists: bool = True


@dataclass
class StartupReport:
    """What :func:`prepare_database` did; ``messages`` are meant to be shown to the user."""

    path: Path
    backup: Path | None = None
    quarantined: Path | None = None
    messages: list[str] = field(default_factory=list)


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _sidecars(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal")]


def check_database(path: str | Path, full: bool = False) -> DatabaseCheck:
    """Check the file header and run ``PRAGMA quick_check`` (``integrity_check`` if ``full``).

    A missing or empty file is fine (a new database will be created there).
    """
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return DatabaseCheck(ok=True, exists=False)
    with path.open("rb") as fh:
        header = fh.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        return DatabaseCheck(
            ok=False,
            problem=f"the file does not start with the SQLite header (got {header[:16]!r})",
        )
    pragma = "integrity_check" if full else "quick_check"
    try:
        conn = sqlite3.connect(path, timeout=5)
        try:
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}(5)").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return DatabaseCheck(ok=False, problem=f"SQLite cannot read it: {exc}")
    if rows != ["ok"]:
        shown = " ".join("; ".join(str(r) for r in rows[:5]).split())
        return DatabaseCheck(ok=False, problem=f"{pragma} found damage: {shown[:300]}")
    return DatabaseCheck(ok=True)


def quarantine(path: str | Path) -> Path:
    """Move a damaged database (and its WAL/SHM/journal files) aside; return the new path."""
    path = Path(path)
    target = path.with_name(f"{path.name}.corrupt-{_timestamp()}")
    os.replace(path, target)
    for side in _sidecars(path):
        if side.exists():
            os.replace(side, Path(f"{target}{side.name[len(path.name) :]}"))
    return target


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def backup_database(path: str | Path, label: str = "backup") -> Path:
    """Copy a live database consistently (SQLite online backup API) into ``backups/``."""
    path = Path(path)
    folder = _private_dir(path.parent / BACKUP_DIR_NAME)
    target = folder / f"{path.stem}-{label}-{_timestamp()}.db"
    old_umask = os.umask(0o077)
    try:
        src = sqlite3.connect(path, timeout=5)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    finally:
        os.umask(old_umask)
    os.chmod(target, 0o600)
    _prune(folder, f"{path.stem}-{label}-")
    return target


def _prune(folder: Path, prefix: str, keep: int = KEEP_BACKUPS) -> None:
    """Keep only the ``keep`` newest backups with this prefix."""
    old = sorted(folder.glob(f"{prefix}*.db"))[:-keep]
    for p in old:
        p.unlink(missing_ok=True)


def head_revisions() -> set[str]:
    """The app's Alembic head revision(s)."""
    return set(_script_directory().get_heads())


def known_revisions() -> set[str]:
    return {rev.revision for rev in _script_directory().walk_revisions()}


def _script_directory():  # noqa: ANN202 - alembic.script.ScriptDirectory
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from desktop.storage.db import MIGRATIONS_DIR

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(cfg)


def current_revisions(path: str | Path) -> set[str]:
    """Alembic revision(s) stored in the database (empty for a new/unversioned file)."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return set()
    conn = sqlite3.connect(path, timeout=5)
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            return set()
        return {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
    finally:
        conn.close()


def needs_migration(path: str | Path) -> bool:
    """True when an existing database holds data at a schema older than head."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return False
    current = current_revisions(path)
    if current == head_revisions():
        return False
    unknown = current - known_revisions()
    if unknown:
        raise DatabaseTooNewError(
            f"{path.name} was written by a newer version of Clinical Assistant (schema "
            f"{', '.join(sorted(unknown))}). Install the newer version again; the file was not "
            "changed."
        )
    if not current:  # tables but no alembic_version: only matters if it holds tables
        conn = sqlite3.connect(path, timeout=5)
        try:
            n = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        finally:
            conn.close()
        return n > 0
    return True


def backup_before_migration(path: str | Path) -> Path | None:
    """Back up ``path`` if a schema migration is about to run on it; return the backup."""
    path = Path(path)
    if not needs_migration(path):
        return None
    label = "pre-" + "-".join(sorted(head_revisions()))
    return backup_database(path, label)


def prepare_database(path: str | Path, encrypted: bool = False) -> StartupReport:
    """Check, quarantine if damaged, back up if a migration is due. Call before opening.

    ``encrypted=True`` (a SQLCipher file, see ``desktop.storage.encryption``) skips the
    checks: without the key the file is indistinguishable from random bytes.
    """
    path = Path(path)
    report = StartupReport(path=path)
    if encrypted:
        return report
    check = check_database(path)
    if not check.ok:
        report.quarantined = quarantine(path)
        report.messages.append(
            f"The history database {path.name} was damaged ({check.problem}). It was moved "
            f"to {report.quarantined} (nothing was deleted) and a new, empty database was "
            "started."
        )
    else:
        report.backup = backup_before_migration(path)
        if report.backup is not None:
            report.messages.append(
                f"The database was upgraded to a new format; a copy of the previous version "
                f"is in {report.backup}."
            )
    _pending_messages.extend(report.messages)
    return report


def pending_messages() -> list[str]:
    """Messages from start-up checks not yet shown to the user (the list is emptied)."""
    out = list(_pending_messages)
    _pending_messages.clear()
    return out


def open_checked_database(path: str | Path) -> tuple[Engine, StartupReport]:
    """:func:`prepare_database`, then ``open_database`` (migrates to head)."""
    from desktop.storage.db import open_database

    report = prepare_database(path)
    return open_database(path, check=False), report
