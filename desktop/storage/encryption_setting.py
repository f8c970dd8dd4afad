"""The user's "encrypt the history database" choice, kept in the settings file.

Stored as ``{"storage": {"encrypt_db": true}}`` in ``settings.json``; the environment variable
``CLINASSIST_ENCRYPT_DB=1`` also turns it on (for managed installs). It takes effect the next
time the database is opened (app start): ``desktop.storage.integrity`` then encrypts, or
decrypts, the existing file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from desktop.settings_store import SettingsStore
from desktop.storage import encryption
from desktop.storage.db import open_database
from desktop.storage.integrity import tell_user
from desktop.storage.sqlite_file import has_data, is_plain_sqlite

GROUP = "storage"
KEY = "encrypt_db"


def stored_choice(store: SettingsStore) -> bool:
    """What the settings file says (False if unset or not a boolean)."""
    group = store.get(GROUP, {})
    return isinstance(group, dict) and group.get(KEY) is True


def encryption_wanted(store: SettingsStore) -> bool:
    """True when the history database should be encrypted at the next open."""
    return stored_choice(store) or encryption.encryption_requested()


def set_encryption_wanted(store: SettingsStore, on: bool) -> None:
    group = store.get(GROUP, {})
    group = dict(group) if isinstance(group, dict) else {}
    group[KEY] = bool(on)
    store.set(GROUP, group)


@dataclass(frozen=True)
class EncryptionSupport:
    """Whether encryption at rest can be used here, and why not."""

    available: bool
    reason: str = ""


def encryption_support() -> EncryptionSupport:
    """Check the SQLCipher driver and the OS keyring (may be slow: call off the GUI thread)."""
    if not encryption.is_available():
        return EncryptionSupport(
            False, "The SQLCipher driver is not installed (pip install '.[encryption]')."
        )
    problem = encryption.keyring_problem()
    if problem:
        return EncryptionSupport(False, problem)
    return EncryptionSupport(True)


def open_app_database(path: str | Path, store: SettingsStore) -> Engine:
    """Open the app's database as the settings ask (call off the GUI thread).

    Encryption asked for but impossible here (no SQLCipher driver, no OS keyring): a plain or
    new database is opened unencrypted and the user is told why; an already encrypted file is
    never opened as plain (that would set it aside as damaged): the error goes to the user.
    """
    path = Path(path)
    if not encryption_wanted(store):
        return open_database(path, encrypt=False)
    try:
        return open_database(path, encrypt=True)
    except (encryption.EncryptionUnavailableError, encryption.KeyringUnavailableError) as exc:
        if has_data(path) and not is_plain_sqlite(path):
            raise
        tell_user(
            f"Encryption at rest is turned on but cannot be used on this computer: {exc} "
            "The history database stays unencrypted (owner-only file)."
        )
        return open_database(path, encrypt=False)
