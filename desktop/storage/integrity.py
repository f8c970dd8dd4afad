"""Database safety at start-up: detect corruption, back up before migrating, never lose data.

``open_checked_database(path)`` is how the app opens its SQLite file, plain or encrypted
(SQLCipher, ``desktop.storage.encryption``); both go through the same net:

* a file that is not SQLite (plain) or cannot be read with the stored key (encrypted), or fails
  ``PRAGMA quick_check``, is moved aside to ``<name>.corrupt-<UTC timestamp>`` (with its
  ``-wal``/``-shm`` files) so that nothing is deleted — an encrypted file stays encrypted — and
  a fresh database is created; the report carries a message saying where the damaged file went;
* a database whose schema is older than the app's (Alembic revision behind head) is copied to
  ``backups/<stem>-pre-<head>-<timestamp>.db`` before the migration runs (SQLite's online
  backup API; for an encrypted database ``sqlcipher_export`` into a copy with the same key, so
  backups are never plaintext);
* a database written by a newer version of the app is refused with a clear error;
* turning encryption on converts the plain file (and its plain backups) in place; turning it
  off decrypts the file with the key from the keyring instead of treating it as damaged, or, if
  the key is gone, says so and keeps the file untouched.

Layers: ``sqlite_file`` (file, pragmas) → ``schema`` (migrations) → ``encryption`` (keys,
SQLCipher) → this module → ``db.open_database``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from desktop.storage import encryption
from desktop.storage.schema import head_revisions, known_revisions, migrate
from desktop.storage.sqlite_file import (
    SQLITE_HEADER,
    DBAPIConnection,
    has_data,
    is_plain_sqlite,
    plain_engine,
    sidecars,
)

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


def _connect(path: Path, key: str | None) -> DBAPIConnection:
    """A raw connection: ``sqlite3`` for a plain file, SQLCipher with ``key`` otherwise."""
    return sqlite3.connect(path, timeout=5) if key is None else encryption.connect(path, key)


def _read_error() -> tuple[type[BaseException], ...]:
    errors: tuple[type[BaseException], ...] = (sqlite3.DatabaseError,)
    if encryption.is_available():
        errors += (encryption.driver_error(),)
    return errors


def check_database(path: str | Path, full: bool = False, key: str | None = None) -> DatabaseCheck:
    """Check the file header and run ``PRAGMA quick_check`` (``integrity_check`` if ``full``).

    With ``key`` the file is read as a SQLCipher database (no header to check: without the
    key it is indistinguishable from random bytes). A missing or empty file is fine (a new
    database will be created there).
    """
    path = Path(path)
    if not has_data(path):
        return DatabaseCheck(ok=True, exists=False)
    if key is None and not is_plain_sqlite(path):
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
        return DatabaseCheck(
            ok=False,
            problem=f"the file does not start with the SQLite header (got {header[:16]!r})",
        )
    pragma = "integrity_check" if full else "quick_check"
    try:
        conn = _connect(path, key)
        try:
            rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}(5)").fetchall()]
        finally:
            conn.close()
    except _read_error() as exc:
        reader = "SQLite" if key is None else "SQLite with the stored encryption key"
        return DatabaseCheck(ok=False, problem=f"{reader} cannot read it: {exc}")
    if rows != ["ok"]:
        shown = " ".join("; ".join(str(r) for r in rows[:5]).split())
        return DatabaseCheck(ok=False, problem=f"{pragma} found damage: {shown[:300]}")
    return DatabaseCheck(ok=True)


def quarantine(path: str | Path) -> Path:
    """Move a damaged database (and its WAL/SHM/journal files) aside; return the new path.

    Only renamed: an encrypted file stays encrypted, a plain one plain.
    """
    path = Path(path)
    target = path.with_name(f"{path.name}.corrupt-{_timestamp()}")
    os.replace(path, target)
    for side in sidecars(path):
        if side.exists():
            os.replace(side, Path(f"{target}{side.name[len(path.name) :]}"))
    return target


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def backup_database(path: str | Path, label: str = "backup", key: str | None = None) -> Path:
    """Copy a live database consistently into ``backups/`` (encrypted with ``key`` if given)."""
    path = Path(path)
    folder = _private_dir(path.parent / BACKUP_DIR_NAME)
    target = folder / f"{path.stem}-{label}-{_timestamp()}.db"
    if key is not None:
        encryption.export_copy(path, key, target, key)
    else:
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


def current_revisions(path: str | Path, key: str | None = None) -> set[str]:
    """Alembic revision(s) stored in the database (empty for a new/unversioned file)."""
    path = Path(path)
    if not has_data(path):
        return set()
    conn = _connect(path, key)
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            return set()
        return {r[0] for r in conn.execute("SELECT version_num FROM alembic_version")}
    finally:
        conn.close()


def needs_migration(path: str | Path, key: str | None = None) -> bool:
    """True when an existing database holds data at a schema older than head."""
    path = Path(path)
    if not has_data(path):
        return False
    current = current_revisions(path, key)
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
        conn = _connect(path, key)
        try:
            n = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        finally:
            conn.close()
        return n > 0
    return True


def backup_before_migration(path: str | Path, key: str | None = None) -> Path | None:
    """Back up ``path`` if a schema migration is about to run on it; return the backup."""
    path = Path(path)
    if not needs_migration(path, key):
        return None
    label = "pre-" + "-".join(sorted(head_revisions()))
    return backup_database(path, label, key)


def prepare_database(path: str | Path, key: str | None = None) -> StartupReport:
    """Check, quarantine if damaged, back up if a migration is due. Call before opening.

    ``key`` is the SQLCipher key of an encrypted database (``None``: a plain file).
    """
    path = Path(path)
    report = StartupReport(path=path)
    check = check_database(path, key=key)
    if not check.ok:
        report.quarantined = quarantine(path)
        kept = " (still encrypted)" if key is not None else ""
        report.messages.append(
            f"The history database {path.name} was damaged ({check.problem}). It was moved "
            f"to {report.quarantined}{kept} (nothing was deleted) and a new, empty database "
            "was started."
        )
    else:
        report.backup = backup_before_migration(path, key)
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


def tell_user(message: str) -> None:
    """Queue a message for the user with the start-up messages (:func:`pending_messages`)."""
    _pending_messages.append(message)


def _note(report: StartupReport, message: str) -> None:
    report.messages.append(message)
    tell_user(message)


def _encrypt_existing(path: Path, key: str, report: StartupReport) -> None:
    """Encryption turned on: convert the plain file and its plain backups in place."""
    if has_data(path) and is_plain_sqlite(path) and check_database(path).ok:
        encryption.convert_to_encrypted(path, key)
        converted = [
            encryption.convert_to_encrypted(b, key)
            for b in sorted((path.parent / BACKUP_DIR_NAME).glob(f"{path.stem}-*.db"))
            if is_plain_sqlite(b) and check_database(b).ok
        ]
        extra = f" ({len(converted)} backups too)" if converted else ""
        _note(
            report,
            f"The history database is now encrypted{extra}. Its key is kept in the OS keyring "
            "only: losing the keyring entry means losing the history.",
        )


def _decrypt_existing(path: Path, report: StartupReport) -> None:
    """Encryption turned off: decrypt with the stored key, or stop with a clear message."""
    if not has_data(path) or is_plain_sqlite(path):
        return
    key = encryption.stored_key()
    if key is None or not encryption.opens_with(path, key):
        # Not readable with a stored key: the check below moves it aside, unchanged.
        _pending_messages.append(
            f"{path.name} is not a plain SQLite file and no stored encryption key opens it. "
            "If encryption at rest was on, this is the encrypted history whose key is missing "
            "from the OS keyring: the file is kept exactly as it was (see below)."
        )
        return
    report.backup = backup_database(path, "pre-decrypt", key)
    encryption.convert_to_plain(path, key)
    _note(
        report,
        "Encryption at rest was turned off: the history database was decrypted and is now "
        f"stored unencrypted (owner-only). An encrypted copy was kept in {report.backup}; "
        "its key stays in the OS keyring.",
    )


def open_checked_database(
    path: str | Path, encrypt: bool | None = None, key: str | None = None
) -> tuple[Engine, StartupReport]:
    """Switch encryption on/off as asked, check (quarantine/backup), open, migrate to head.

    ``encrypt=None`` follows ``CLINASSIST_ENCRYPT_DB``; ``key=None`` takes the key from the
    OS keyring (created on first use). Raises :class:`encryption.EncryptionError` with a
    message for the user when encryption is asked for but cannot be used.
    """
    path = Path(path)
    encrypt = encryption.encryption_requested() if encrypt is None else encrypt
    report = StartupReport(path=path)
    opener: Callable[[], Engine]
    if encrypt:
        encrypted_file = has_data(path) and not is_plain_sqlite(path)
        if key is None and encrypted_file:
            key = encryption.stored_key()
            if key is None:
                raise encryption.EncryptionKeyError(
                    f"{path.name} is encrypted (or damaged) but no encryption key is available "
                    "in the OS keyring, so it cannot be opened. The file was not changed. "
                    "Unlock the keyring, or turn encryption off to set the file aside."
                )
        if key is None:
            key = encryption.load_key(create=True)
        needs_key = key
        _encrypt_existing(path, key, report)

        def opener() -> Engine:
            return encryption.create_encrypted_engine(path, needs_key)
    else:
        _decrypt_existing(path, report)

        def opener() -> Engine:
            return plain_engine(path)

    checked = prepare_database(path, key if encrypt else None)
    report.backup = checked.backup or report.backup
    report.quarantined = checked.quarantined
    report.messages.extend(checked.messages)
    engine = opener()
    migrate(engine)
    return engine, report
