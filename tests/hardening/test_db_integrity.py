"""The history database survives upgrades and damage: backup before migrating, quarantine
of a corrupt file (nothing deleted), a fresh database and a message for the user."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from desktop.storage import integrity
from desktop.storage.db import MIGRATIONS_DIR, open_database

HEAD = "0004_library_vectors"


def make_old_database(path: Path, revision: str = "0001_history") -> None:
    """A database as an older app version left it: schema at ``revision``, with data."""
    from alembic import command
    from alembic.config import Config

    engine = create_engine(f"sqlite:///{path}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.execute(
            text(
                "INSERT INTO conversations (id, title, created_at, updated_at) "
                "VALUES (1, 'Chest pain triage', '2026-01-02 03:04:05', '2026-01-02 03:04:05')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO messages (conversation_id, role, text, created_at, updated_at) "
                "VALUES (1, 'user', 'troponin pending', '2026-01-02 03:04:05', "
                "'2026-01-02 03:04:05')"
            )
        )
    engine.dispose()


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_old_schema_is_backed_up_then_migrated(tmp_path: Path) -> None:
    db = tmp_path / "clinassist.db"
    make_old_database(db)
    assert integrity.current_revisions(db) == {"0001_history"}
    assert integrity.head_revisions() == {HEAD}
    assert "study_banks" not in tables(db)

    engine, report = integrity.open_checked_database(db)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
            assert conn.execute(text("SELECT title FROM conversations")).scalar() == (
                "Chest pain triage"
            )
            hits = conn.execute(
                text("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'troponin'")
            ).all()
            assert len(hits) == 1  # the FTS index survived the migration
    finally:
        engine.dispose()
    assert "study_banks" in tables(db)

    backup = report.backup
    assert backup is not None and backup.parent == tmp_path / "backups"
    assert backup.stat().st_mode & 0o777 == 0o600
    assert integrity.current_revisions(backup) == {"0001_history"}  # the pre-migration copy
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT text FROM messages").fetchone()[0] == "troponin pending"
    assert report.quarantined is None
    assert any(str(backup) in m for m in report.messages)
    assert any(str(backup) in m for m in integrity.pending_messages())
    assert integrity.pending_messages() == []  # drained

    # Opening again at head: no new backup.
    engine, report = integrity.open_checked_database(db)
    engine.dispose()
    assert report.backup is None and report.messages == []
    assert len(list((tmp_path / "backups").iterdir())) == 1


def test_new_database_needs_no_backup(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    report = integrity.prepare_database(db)
    assert report.backup is None and report.quarantined is None and not report.messages
    open_database(db).dispose()
    assert integrity.check_database(db).ok


def _damage_pages(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(4096, len(data), 7):  # leave page 1 (header + schema) alone
        data[i] = 0xAB
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["not_sqlite", "damaged_pages", "truncated", "zeroed_header"])
def test_corrupt_database_is_quarantined_and_replaced(tmp_path: Path, damage: str) -> None:
    db = tmp_path / "clinassist.db"
    engine = open_database(db)
    with engine.begin() as conn:
        for i in range(200):
            conn.execute(
                text(
                    "INSERT INTO conversations (title, created_at, updated_at) "
                    "VALUES (:t, '2026-01-01', '2026-01-01')"
                ),
                {"t": f"conversation {i} " + "x" * 200},
            )
    engine.dispose()
    if damage == "not_sqlite":
        db.write_bytes(b"this is not a database" * 100)
    elif damage == "damaged_pages":
        _damage_pages(db)
    elif damage == "truncated":
        db.write_bytes(db.read_bytes()[: 4096 * 3 + 100])
    else:
        db.write_bytes(b"\0" * 100 + db.read_bytes()[100:])
    damaged_bytes = db.read_bytes()

    check = integrity.check_database(db)
    assert not check.ok and check.problem
    engine, report = integrity.open_checked_database(db)
    try:
        with engine.connect() as conn:  # a fresh, working, migrated database
            assert conn.execute(text("SELECT count(*) FROM conversations")).scalar() == 0
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    finally:
        engine.dispose()
    moved = report.quarantined
    assert moved is not None and moved.name.startswith("clinassist.db.corrupt-")
    assert moved.read_bytes() == damaged_bytes  # nothing lost: the damaged file is kept as-is
    assert report.messages and str(moved) in report.messages[0]
    assert "damaged" in report.messages[0]
    integrity.pending_messages()


def test_database_from_a_newer_app_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "clinassist.db"
    open_database(db).dispose()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
    before = db.read_bytes()
    with pytest.raises(integrity.DatabaseTooNewError, match="newer version"):
        integrity.prepare_database(db)
    assert db.read_bytes() == before


def test_backup_includes_wal_content_and_keeps_five(tmp_path: Path) -> None:
    db = tmp_path / "clinassist.db"
    open_database(db).dispose()
    writer = sqlite3.connect(db)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute(
        "INSERT INTO conversations (title, created_at, updated_at) VALUES ('in wal', 'x', 'x')"
    )
    writer.commit()  # committed to the -wal file, not yet checkpointed into the main file
    try:
        backups = [integrity.backup_database(db, "manual") for _ in range(7)]
    finally:
        writer.close()
    with sqlite3.connect(backups[-1]) as conn:
        assert conn.execute("SELECT title FROM conversations").fetchone()[0] == "in wal"
    kept = sorted((tmp_path / "backups").glob("clinassist-manual-*.db"))
    assert len(kept) == integrity.KEEP_BACKUPS
    assert kept[-1] == backups[-1]
