"""The hand-written migration 0001_history matches the models and builds FTS5 + triggers."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.operations import Operations

import desktop.history.tables  # noqa: F401 - registers the tables on Base.metadata
from desktop.storage.db import MIGRATIONS_DIR, Base, open_database

HISTORY_TABLES = {"conversations", "messages"}


def _diff(engine: sa.Engine, metadata: sa.MetaData) -> list:
    def include_name(name, type_, _parent):  # noqa: ANN001
        return name in HISTORY_TABLES if type_ == "table" else True

    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_name": include_name, "compare_type": True}
        )
        return compare_metadata(ctx, metadata)


def test_models_match_migration(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "h.db")
    # Other features (study mode) register their own tables on Base; compare ours only.
    history_only = sa.MetaData()
    for table in Base.metadata.sorted_tables:
        if table.name in HISTORY_TABLES:
            table.to_metadata(history_only)
    assert _diff(engine, history_only) == []
    # The comparison can fail: a model column the migration lacks is reported.
    changed = sa.MetaData()
    for table in history_only.sorted_tables:
        table.to_metadata(changed)
    changed.tables["messages"].append_column(sa.Column("extra", sa.Integer))
    diff = _diff(engine, changed)
    assert any(op[0] == "add_column" and op[3].name == "extra" for op in diff)
    engine.dispose()


def test_migration_creates_fts_and_triggers(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    open_database(path).dispose()
    with sqlite3.connect(path) as conn:
        rows = dict(conn.execute("SELECT name, type FROM sqlite_master").fetchall())
        version = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert rows["conversations"] == "table" and rows["messages"] == "table"
    assert rows["messages_fts"] == "table"
    for trigger in ("messages_fts_ai", "messages_fts_ad", "messages_fts_au"):
        assert rows[trigger] == "trigger"
    assert version  # at head (0001_history or a later revision on top of it)
    assert journal == "wal"


def _load_migration():  # noqa: ANN202
    spec = importlib.util.spec_from_file_location(
        "history_migration", MIGRATIONS_DIR / "versions" / "0001_history.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_migration_upgrade_downgrade_in_isolation(tmp_path: Path) -> None:
    """Run 0001_history alone (independent of later revisions): up, down, up again."""
    migration = _load_migration()
    assert migration.revision == "0001_history" and migration.down_revision is None
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'iso.db'}")
    with engine.begin() as conn:
        with Operations.context(MigrationContext.configure(conn)):
            migration.upgrade()
        assert set(sa.inspect(conn).get_table_names()) >= HISTORY_TABLES | {"messages_fts"}
        with Operations.context(MigrationContext.configure(conn)):
            migration.downgrade()
        left = set(sa.inspect(conn).get_table_names())
        assert not left & (HISTORY_TABLES | {"messages_fts"}), left
        triggers = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        assert triggers == []
        with Operations.context(MigrationContext.configure(conn)):
            migration.upgrade()
        conn.exec_driver_sql(
            "INSERT INTO conversations (title, pinned, system_prompt, created_at, updated_at) "
            "VALUES ('t', 0, '', '2026-01-01', '2026-01-01')"
        )
        conn.exec_driver_sql(
            "INSERT INTO messages (conversation_id, role, text, complete, created_at, "
            "updated_at) VALUES (1, 'user', 'tachycardia at rest', 1, '2026-01-01', '2026-01-01')"
        )
        hits = conn.exec_driver_sql(
            "SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'tachycardia'"
        ).fetchall()
        assert hits == [(1,)]
    engine.dispose()


def test_role_check_constraint(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    open_database(path).dispose()
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO conversations (title, pinned, system_prompt, created_at, updated_at) "
            "VALUES ('t', 0, '', '2026-01-01', '2026-01-01')"
        )
        try:
            conn.execute(
                "INSERT INTO messages (conversation_id, role, text, complete, created_at, "
                "updated_at) VALUES (1, 'robot', 'x', 1, '2026-01-01', '2026-01-01')"
            )
        except sqlite3.IntegrityError as exc:
            assert "ck_messages_role" in str(exc) or "CHECK" in str(exc)
        else:
            raise AssertionError("a message with an unknown role was accepted")
