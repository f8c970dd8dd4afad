"""Encryption at rest through the app's own start-up (``desktop.app.create_window``).

The keyring is :class:`tests.file_keyring.FileKeyring`, a real keyring backend on a file.
Each window opens the database on its DB thread exactly as the installed app does: the
setting is read from ``settings.json``, the file is checked, backed up before a migration,
quarantined when damaged — encrypted or not — and decrypted when the user turns it off.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.settings_store import SettingsStore
from desktop.storage import encryption
from desktop.storage.encryption_setting import set_encryption_wanted, stored_choice
from desktop.storage.sqlite_file import is_plain_sqlite
from tests.file_keyring import PATH_ENV, FileKeyring
from tests.hardening.test_db_integrity import make_old_database
from tests.ui.conftest import close_window, wait_db

pytest.importorskip("sqlcipher3", reason="optional extra: pip install '.[encryption]'")
keyring = pytest.importorskip("keyring")

REPO = Path(__file__).resolve().parents[2]
NO_MODEL = REPO / "no-model-for-this-test.gguf"
SECRET = "troponin pending"  # the message text make_old_database writes


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[FileKeyring]:
    previous = keyring.get_keyring()
    backend = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


def _start(qtbot: Any, make_window: Any) -> Any:
    # No model is needed to open the database: a missing file keeps the engine idle.
    window = make_window(str(NO_MODEL))
    qtbot.waitUntil(lambda: window.database_messages is not None, timeout=60_000)
    wait_db(qtbot, window)
    return window


def _quarantined(home: Path) -> list[Path]:
    """Set-aside database files (without their -wal/-shm companions)."""
    found = home.glob("clinassist.db.corrupt-*")
    return [p for p in found if not p.name.endswith(("-wal", "-shm"))]


def _texts(window: Any) -> list[str]:
    history = window.ctx.history
    return [m.text for c in history.list_conversations() for m in history.get_messages(c.id)]


def test_encryption_on_off_through_app_startup(
    qtbot: Any, make_window: Any, tmp_home: Path, file_keyring: FileKeyring
) -> None:
    db = tmp_home / "clinassist.db"
    tmp_home.mkdir(parents=True)
    make_old_database(db)  # plain, at an older schema, with a conversation
    set_encryption_wanted(SettingsStore(tmp_home), True)

    # 1. Turned on: converted in place, backed up (encrypted) before the migration.
    window = _start(qtbot, make_window)
    messages = " ".join(window.database_messages)
    assert "now encrypted" in messages and "upgraded" in messages, messages
    assert SECRET in _texts(window)
    with window.ctx.db_engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    close_window(window)
    assert not is_plain_sqlite(db) and SECRET.encode() not in db.read_bytes()
    key = file_keyring.get_password(encryption.KEYRING_SERVICE, encryption.KEYRING_ENTRY)
    assert key and len(key) == 64
    backups = sorted((tmp_home / "backups").glob("*.db"))
    assert backups, "no backup before the migration"
    for backup in backups:
        assert not is_plain_sqlite(backup), f"{backup.name} is plaintext"
        assert SECRET.encode() not in backup.read_bytes()
        assert backup.stat().st_mode & 0o777 == 0o600
    conn = encryption.connect(backups[-1], key)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            "0001_history"
        )
    finally:
        conn.close()

    # 2. Damaged while encrypted: set aside still encrypted, a fresh encrypted database.
    data = bytearray(db.read_bytes())
    for i in range(4096, len(data), 5):
        data[i] ^= 0x5A
    db.write_bytes(bytes(data))
    window = _start(qtbot, make_window)
    assert any("damaged" in m and "still encrypted" in m for m in window.database_messages)
    quarantined = _quarantined(tmp_home)
    assert len(quarantined) == 1 and quarantined[0].read_bytes() == bytes(data)
    window.ctx.history.create_conversation(title="after recovery")
    close_window(window)
    assert not is_plain_sqlite(db)

    # 3. Turned off: decrypted cleanly (not "damaged"), the data still there.
    set_encryption_wanted(SettingsStore(tmp_home), False)
    window = _start(qtbot, make_window)
    messages = " ".join(window.database_messages)
    assert "turned off" in messages and "damaged" not in messages, messages
    assert [c.title for c in window.ctx.history.list_conversations()] == ["after recovery"]
    close_window(window)
    assert is_plain_sqlite(db)
    assert len(_quarantined(tmp_home)) == 1  # nothing new set aside
    with sqlite3.connect(db) as plain:
        assert plain.execute("SELECT title FROM conversations").fetchone()[0] == "after recovery"


def test_encrypted_file_without_its_key_is_left_untouched(
    qtbot: Any, make_window: Any, tmp_home: Path, file_keyring: FileKeyring
) -> None:
    """The keyring lost the key: the app says so instead of starting over on a new key."""
    db = tmp_home / "clinassist.db"
    tmp_home.mkdir(parents=True)
    make_old_database(db)
    encryption.convert_to_encrypted(db, encryption.new_key())  # a key nobody has any more
    before = db.read_bytes()
    set_encryption_wanted(SettingsStore(tmp_home), True)
    window = _start(qtbot, make_window)
    assert any("no encryption key is available" in m for m in window.database_messages)
    assert db.read_bytes() == before
    assert not _quarantined(tmp_home)
    assert file_keyring.get_password(encryption.KEYRING_SERVICE, encryption.KEYRING_ENTRY) is None


def test_privacy_setting_in_the_settings_page(
    qtbot: Any, make_window: Any, tmp_home: Path, file_keyring: FileKeyring, artifacts_dir: Path
) -> None:
    window = make_window(str(NO_MODEL))
    page = window.show_page("settings")
    box = page.privacy
    qtbot.waitUntil(lambda: box.support is not None, timeout=30_000)
    assert box.support.available, box.support.reason
    assert box.encrypt.isEnabled() and not box.encrypt.isChecked()
    box.encrypt.setChecked(True)
    assert stored_choice(SettingsStore(tmp_home))
    assert "next starts" in box.status.text()
    window.resize(1100, 900)
    box.encrypt.setFocus()
    qtbot.wait(50)
    window.grab().save(str(artifacts_dir / "settings-privacy.png"))
    box.encrypt.setChecked(False)
    assert not stored_choice(SettingsStore(tmp_home))


def test_forget_encryption_key_command_removes_the_key(tmp_path: Path) -> None:
    """What ``uninstall.sh --purge`` runs, in its own process with a real keyring backend."""
    store = FileKeyring(tmp_path / "keyring.json")
    store.set_password(encryption.KEYRING_SERVICE, encryption.KEYRING_ENTRY, "ab" * 32)
    store.set_password("another-app", "x", "kept")
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPO),
        "PYTHON_KEYRING_BACKEND": "tests.file_keyring.FileKeyring",
        PATH_ENV: str(store.path),
        "HOME": str(tmp_path),
    }
    run = [sys.executable, "-m", "desktop", "--forget-encryption-key"]
    proc = subprocess.run(run, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Removed" in proc.stdout
    assert store.get_password(encryption.KEYRING_SERVICE, encryption.KEYRING_ENTRY) is None
    assert store.get_password("another-app", "x") == "kept"
    again = subprocess.run(run, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "No encryption key" in again.stdout


def test_no_keyring_keeps_the_history_unencrypted_and_says_so(
    qtbot: Any, make_window: Any, tmp_home: Path
) -> None:
    """Encryption on, but no OS keyring (a headless machine): plain, usable, user told."""
    from keyring.backends import fail

    db = tmp_home / "clinassist.db"
    tmp_home.mkdir(parents=True)
    make_old_database(db)
    set_encryption_wanted(SettingsStore(tmp_home), True)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        window = _start(qtbot, make_window)
    finally:
        keyring.set_keyring(previous)
    messages = " ".join(window.database_messages)
    assert "cannot be used on this computer" in messages and "unencrypted" in messages
    assert SECRET in _texts(window)
    close_window(window)
    assert is_plain_sqlite(db)
    assert not _quarantined(tmp_home)
