"""Open the app's database as the user's settings ask (encryption on/off, fallback)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from desktop.settings_store import SettingsStore
from desktop.storage import encryption
from desktop.storage.db import open_database
from desktop.storage.encryption_setting import encryption_wanted
from desktop.storage.integrity import tell_user
from desktop.storage.sqlite_file import has_data, is_plain_sqlite


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
