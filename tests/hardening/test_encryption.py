"""Optional encryption at rest (SQLCipher, key in the OS keyring).

Skipped when the optional ``sqlcipher3`` driver is not installed
(``pip install '.[encryption]'``). The OS keyring is replaced by an in-memory backend; the
"no keyring" path uses keyring's own fail backend, as on a headless machine.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.storage import encryption
from desktop.storage.db import open_database

pytest.importorskip("sqlcipher3", reason="optional extra: pip install '.[encryption]'")
keyring = pytest.importorskip("keyring")
from keyring.backends import fail  # noqa: E402

from tests.file_keyring import MemoryKeyring  # noqa: E402

SECRET = "Patient Jane Roe, 54F, suspected STEMI"


def _add_conversation(engine, title: str) -> None:  # noqa: ANN001
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO conversations (title, created_at, updated_at) "
                "VALUES (:t, '2026-01-01', '2026-01-01')"
            ),
            {"t": title},
        )


def test_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(encryption.ENABLE_ENV, raising=False)
    assert not encryption.encryption_requested()
    monkeypatch.setenv(encryption.ENABLE_ENV, "1")
    assert encryption.encryption_requested()


def test_encrypted_file_is_unreadable_without_the_key(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    db = tmp_path / "clinassist.db"
    engine = open_database(db, encrypt=True)  # key created in the keyring
    _add_conversation(engine, SECRET)
    engine.dispose()

    key = memory_keyring.store[(encryption.KEYRING_SERVICE, encryption.KEYRING_ENTRY)]
    assert len(key) == 64
    assert db.stat().st_mode & 0o777 == 0o600
    raw = db.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert SECRET.encode() not in raw and b"conversations" not in raw
    with pytest.raises(sqlite3.DatabaseError), sqlite3.connect(db) as plain:
        plain.execute("SELECT * FROM sqlite_master").fetchall()

    engine = open_database(db, encrypt=True)  # same key from the keyring
    with engine.connect() as conn:
        assert conn.execute(text("SELECT title FROM conversations")).scalar() == SECRET
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    engine.dispose()

    with pytest.raises(encryption.EncryptionKeyError, match="cannot be opened"):
        encryption.create_encrypted_engine(db, encryption.new_key())


def test_plain_database_is_converted_in_place(tmp_path: Path) -> None:
    db = tmp_path / "clinassist.db"
    engine = open_database(db)
    _add_conversation(engine, SECRET)
    engine.dispose()
    assert encryption.is_plain_sqlite(db)

    key = encryption.new_key()
    engine = open_database(db, encrypt=True, key=key)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT title FROM conversations")).scalar() == SECRET
    engine.dispose()
    assert not encryption.is_plain_sqlite(db)
    assert SECRET.encode() not in db.read_bytes()
    assert not (tmp_path / "clinassist.db.encrypting").exists()


def test_no_keyring_is_a_clear_error_and_writes_no_key_file(tmp_path: Path, tmp_home: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(encryption.KeyringUnavailableError, match="No OS keyring") as info:
            open_database(tmp_path / "clinassist.db", encrypt=True)
    finally:
        keyring.set_keyring(previous)
    assert "never written to a file" in str(info.value)
    assert not (tmp_path / "clinassist.db").exists()
    written = [p for p in tmp_home.rglob("*") if p.is_file()] if tmp_home.exists() else []
    assert written == []


def test_bad_key_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(encryption.EncryptionKeyError, match="hex"):
        encryption.create_encrypted_engine(tmp_path / "x.db", "not-a-key")
    assert not (tmp_path / "x.db").exists()
