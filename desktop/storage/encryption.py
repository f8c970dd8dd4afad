"""Optional encryption at rest for the app database: SQLCipher, key kept in the OS keyring.

Off by default. Turn it on in Settings → Privacy (``storage.encrypt_db``) or with
``CLINASSIST_ENCRYPT_DB=1``, after installing the extra: ``pip install '.[encryption]'``
(``sqlcipher3-binary``, ``keyring``). This module only knows keys and SQLCipher files; the
start-up checks, backups and the switch on/off run in ``desktop.storage.integrity``.

* The key is 32 random bytes used as a raw SQLCipher key (``PRAGMA key = "x'..'"``, no
  passphrase KDF), stored only in the OS keyring (GNOME Keyring / KWallet via Secret Service,
  macOS Keychain, Windows Credential Locker) under service ``ClinicalAssistant``.
* There is deliberately no fallback to a key file: without a keyring backend
  :func:`load_key` raises :class:`KeyringUnavailableError` with a message for the user, and
  the app keeps using the unencrypted (owner-only) database.
* Losing the keyring entry means losing the history: the UI must say so when enabling this.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from pathlib import Path
from types import ModuleType

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import DatabaseError

from desktop.storage.sqlite_file import DBAPIConnection, set_pragmas, sidecars
from desktop.storage.sqlite_file import is_plain_sqlite as is_plain_sqlite  # re-export

ENABLE_ENV = "CLINASSIST_ENCRYPT_DB"
KEYRING_SERVICE = "ClinicalAssistant"
KEYRING_ENTRY = "history-database-key"
KEY_BYTES = 32


class EncryptionError(RuntimeError):
    """Encryption at rest cannot be used; the message says why and what to do."""


class EncryptionUnavailableError(EncryptionError):
    """The SQLCipher driver (``sqlcipher3``) is not installed."""


class KeyringUnavailableError(EncryptionError):
    """No usable OS keyring to keep the database key in."""


class EncryptionKeyError(EncryptionError):
    """The key does not open this database (wrong key, or the file is not encrypted)."""


def encryption_requested() -> bool:
    """True when the user turned encryption at rest on (off by default)."""
    return os.environ.get(ENABLE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def _driver() -> ModuleType:
    try:
        import sqlcipher3  # lazy: an optional driver; missing, it gets a clear error
    except ImportError as exc:
        raise EncryptionUnavailableError(
            "Encryption at rest needs the optional SQLCipher driver: "
            "pip install 'offline-clinical-assistant[encryption]' (sqlcipher3-binary)."
        ) from exc
    return sqlcipher3


def driver_error() -> type[Exception]:
    """The SQLCipher driver's ``DatabaseError`` (not a subclass of ``sqlite3``'s)."""
    return _driver().DatabaseError


def is_available() -> bool:
    """True if the SQLCipher driver can be imported."""
    try:
        _driver()
    except EncryptionUnavailableError:
        return False
    return True


def new_key() -> str:
    """A fresh random key as 64 hex characters."""
    return secrets.token_hex(KEY_BYTES)


def _check_key(key: str) -> str:
    key = key.strip().lower()
    if len(key) != 2 * KEY_BYTES or any(c not in "0123456789abcdef" for c in key):
        raise EncryptionKeyError(f"a database key must be {2 * KEY_BYTES} hex characters")
    return key


def _keyring() -> ModuleType:
    try:
        import keyring  # lazy: optional; missing, it gets a clear error
    except ImportError as exc:
        raise KeyringUnavailableError(
            "Encryption at rest keeps its key in the OS keyring, but the `keyring` package is "
            "not installed (pip install 'offline-clinical-assistant[encryption]')."
        ) from exc
    return keyring


def _no_keyring(exc: Exception) -> KeyringUnavailableError:
    return KeyringUnavailableError(
        "No OS keyring is available to hold the database key (GNOME Keyring/KWallet on Linux, "
        "Keychain on macOS, Credential Locker on Windows). The key is never written to a "
        f"file, so the history stays unencrypted (owner-only file). Details: {exc}"
    )


def keyring_problem() -> str:
    """Why no OS keyring can hold the key ("" when one can)."""
    try:
        backend = _keyring().get_keyring()
    except KeyringUnavailableError as exc:
        return str(exc)
    from keyring.backends import fail  # lazy: keyring is optional (checked just above)

    if isinstance(backend, fail.Keyring):
        return str(_no_keyring(RuntimeError("no keyring backend found")))
    return ""


def load_key(create: bool = True) -> str:
    """The database key from the OS keyring; create and store one if ``create``."""
    keyring = _keyring()
    from keyring.errors import KeyringError  # lazy: keyring is optional (see _keyring)

    try:
        stored = keyring.get_password(KEYRING_SERVICE, KEYRING_ENTRY)
    except (KeyringError, RuntimeError) as exc:
        raise _no_keyring(exc) from exc
    if stored:
        return _check_key(stored)
    if not create:
        raise EncryptionKeyError("no database key is stored in the OS keyring")
    key = new_key()
    try:
        keyring.set_password(KEYRING_SERVICE, KEYRING_ENTRY, key)
    except (KeyringError, RuntimeError) as exc:
        raise _no_keyring(exc) from exc
    return key


def forget_key() -> None:
    """Remove the key from the keyring (the encrypted database becomes unreadable)."""
    keyring = _keyring()
    from keyring.errors import KeyringError, PasswordDeleteError  # lazy: as in load_key

    try:
        keyring.delete_password(KEYRING_SERVICE, KEYRING_ENTRY)
    except PasswordDeleteError:
        pass
    except (KeyringError, RuntimeError) as exc:
        raise _no_keyring(exc) from exc


def _raw_key_pragma(key: str) -> str:
    return f"x'{_check_key(key)}'"


def create_encrypted_engine(path: str | Path, key: str) -> Engine:
    """A SQLAlchemy engine on a SQLCipher database (created owner-only if new).

    Raises :class:`EncryptionKeyError` if ``key`` does not open an existing file.
    """
    _driver()
    key_pragma = _raw_key_pragma(key)  # validate before touching the disk
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    old_umask = os.umask(0o077)
    try:
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        url = URL.create("sqlite+pysqlcipher", password=key_pragma, database=str(path))
        engine = create_engine(url)
        event.listen(engine, "connect", set_pragmas)
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
        except DatabaseError as exc:
            engine.dispose()
            raise EncryptionKeyError(
                f"{path.name} cannot be opened with the stored key (wrong key, or the file is "
                f"not an encrypted database): {exc.orig}"
            ) from exc
    finally:
        os.umask(old_umask)
    for side in (path, *sidecars(path)):
        if side.exists():
            os.chmod(side, 0o600)
    return engine


def stored_key() -> str | None:
    """The key kept in the OS keyring, or None (no driver, no keyring, or no key stored)."""
    if not is_available():
        return None
    try:
        return load_key(create=False)
    except EncryptionError:
        return None


def connect(path: str | Path, key: str) -> DBAPIConnection:
    """A raw SQLCipher DB-API connection on ``path`` keyed with ``key`` (no pragmas)."""
    conn = _driver().connect(str(path), timeout=5)
    conn.execute(f'PRAGMA key = "{_raw_key_pragma(key)}"')
    return conn


def opens_with(path: str | Path, key: str) -> bool:
    """True if ``key`` reads the SQLCipher file ``path`` (wrong key or damage: False)."""
    try:
        conn = connect(path, key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except driver_error():
        return False
    return True


def export_copy(path: str | Path, key: str, target: str | Path, target_key: str | None) -> Path:
    """Write a consistent copy of the encrypted ``path`` to ``target`` with ``sqlcipher_export``.

    ``target_key=None`` writes a plain SQLite file; otherwise it is encrypted with that key.
    """
    target = Path(target)
    target.unlink(missing_ok=True)
    attach_key = "" if target_key is None else _raw_key_pragma(target_key)
    old_umask = os.umask(0o077)
    try:
        conn = connect(path, key)
        try:
            conn.execute("ATTACH DATABASE ? AS copy KEY ?", (str(target), attach_key))
            conn.execute("SELECT sqlcipher_export('copy')")
            conn.execute("DETACH DATABASE copy")
        finally:
            conn.close()
    finally:
        os.umask(old_umask)
    os.chmod(target, 0o600)
    return target


def convert_to_encrypted(path: str | Path, key: str) -> Path:
    """Re-write a plain SQLite database as an encrypted one at the same path.

    The data are exported with ``sqlcipher_export`` into a sibling file, checked, and only
    then swapped in; the plain file is removed afterwards.
    """
    sqlcipher = _driver()
    path = Path(path)
    tmp = path.with_name(path.name + ".encrypting")
    tmp.unlink(missing_ok=True)
    # Flush any WAL into the main file first with the standard driver.
    plain = sqlite3.connect(path)
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        plain.close()
    old_umask = os.umask(0o077)
    try:
        conn = sqlcipher.connect(str(path))
        try:
            conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(tmp), _raw_key_pragma(key)))
            conn.execute("SELECT sqlcipher_export('encrypted')")
            conn.execute("DETACH DATABASE encrypted")
        finally:
            conn.close()
    finally:
        os.umask(old_umask)
    check = create_encrypted_engine(tmp, key)
    try:
        with check.connect() as c:
            if c.execute(text("PRAGMA quick_check")).scalar_one() != "ok":
                raise EncryptionError(f"encrypting {path.name} failed its integrity check")
    finally:
        check.dispose()
    _swap_in(tmp, path)
    return path


def convert_to_plain(path: str | Path, key: str) -> Path:
    """Re-write the encrypted database at ``path`` as a plain (owner-only) SQLite file.

    Used when the user turns encryption off: the decrypted copy is checked before it replaces
    the encrypted file, so a failure leaves the encrypted file as it was.
    """
    path = Path(path)
    tmp = path.with_name(path.name + ".decrypting")
    export_copy(path, key, tmp, None)
    check = sqlite3.connect(tmp)
    try:
        ok = check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        check.close()
    if not ok:
        tmp.unlink(missing_ok=True)
        raise EncryptionError(f"decrypting {path.name} failed its integrity check")
    _swap_in(tmp, path)
    return path


def _swap_in(tmp: Path, path: Path) -> None:
    """Replace ``path`` (and its stale WAL/SHM) by the finished ``tmp`` database."""
    for side in sidecars(path):
        side.unlink(missing_ok=True)
    os.replace(tmp, path)
    for side in sidecars(tmp):
        if side.exists():
            os.replace(side, Path(f"{path}{side.name[len(tmp.name) :]}"))
    os.chmod(path, 0o600)
