"""Migration 0003_library matches the ORM models and downgrades/upgrades cleanly."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

import desktop.history.tables  # noqa: F401 - registers message_sources on Base
import desktop.library.tables  # noqa: F401 - registers the library tables on Base
from desktop.storage.db import MIGRATIONS_DIR, Base, open_database

TABLES = {
    "library_documents",
    "library_chunks",
    "library_state",
    "library_vectors",
    "message_sources",
}


def _diffs(engine) -> list:  # noqa: ANN001
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)

    def table_of(diff) -> str:  # noqa: ANN001
        item = diff[0] if isinstance(diff, list) else diff
        for part in item[1:]:
            table = getattr(part, "table", None)
            if table is not None:
                return table.name
            name = part if isinstance(part, str) else getattr(part, "name", None)
            if name in TABLES:
                return name
        return ""

    # message_sources.chunk_id has its foreign key in the database only (see MessageSource)
    return [
        d
        for d in diffs
        if table_of(d) in TABLES
        and not (
            isinstance(d, tuple) and d[0] == "remove_fk" and d[1].parent.name == "message_sources"
        )
    ]


def test_schema_matches_models_and_round_trips(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "app.db")
    names = set(inspect(engine).get_table_names())
    assert names >= TABLES | {"library_fts"}
    assert _diffs(engine) == []
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002_study")
    left = set(inspect(engine).get_table_names())
    assert not (TABLES | {"library_fts"}) & left and "study_banks" in left
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with engine.begin() as conn:  # the FTS triggers are back: inserts are searchable
        conn.execute(
            text(
                "INSERT INTO library_documents (path, sha256, title, fmt, pages, size, mtime, "
                "collection, is_sample, added_at, indexed_at) VALUES ('/x', 'h', 't', 'text', 0, "
                "1, 0, 'c', 0, '2026-01-01', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO library_chunks (document_id, ordinal, page, char_start, char_end, "
                "text) VALUES (1, 0, NULL, 0, 9, 'bradycardia')"
            )
        )
        hits = conn.execute(
            text("SELECT rowid FROM library_fts WHERE library_fts MATCH 'bradycardia'")
        )
        assert [r[0] for r in hits] == [1]
    engine.dispose()
