"""The user's "encrypt the history database" choice, kept in the settings file.

Stored as ``{"storage": {"encrypt_db": true}}`` in ``settings.json``; the environment variable
``CLINASSIST_ENCRYPT_DB=1`` also turns it on (for managed installs). It takes effect the next
time the database is opened (app start, ``desktop.storage.app_database``):
``desktop.storage.integrity`` then encrypts, or decrypts, the existing file. Light to import
(no Alembic), so pages can read the choice at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.settings_store import SettingsStore
from desktop.storage import encryption

GROUP = "storage"
KEY = "encrypt_db"


def stored_choice(store: SettingsStore) -> bool:
    """What the settings file says (False if unset or not a boolean)."""
    group = store.get(GROUP, {})
    return isinstance(group, dict) and group.get(KEY) is True


def encryption_wanted(store: SettingsStore) -> bool:
    """True when the history database should be encrypted at the next open."""
    return stored_choice(store) or encryption.encryption_requested()


def export_warning(store: SettingsStore) -> str:
    """A note for an export's status line when the database itself is encrypted ("" if not)."""
    if not encryption_wanted(store):
        return ""
    return " (a plain, unencrypted file: the history database is encrypted, exports are not)"


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
