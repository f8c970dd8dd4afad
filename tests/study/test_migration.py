"""Migration 0002_study matches the ORM models and downgrades/upgrades cleanly."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import desktop.study.tables  # noqa: F401 - registers the study tables on Base
from desktop.storage.db import MIGRATIONS_DIR, Base, open_database

STUDY_TABLES = {
    "study_banks",
    "study_import_runs",
    "study_questions",
    "study_blocks",
    "study_block_items",
    "study_cards",
    "study_review_logs",
    "study_explanations",
    "study_model_scores",
}


def _study_diffs(engine) -> list:  # noqa: ANN001
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)

    def table_of(diff) -> str:  # noqa: ANN001
        item = diff[0] if isinstance(diff, list) else diff
        for part in item[1:]:
            name = getattr(part, "name", None) if not isinstance(part, str) else part
            table = getattr(part, "table", None)
            if table is not None:
                return table.name
            if name in STUDY_TABLES:
                return name
        return ""

    return [d for d in diffs if table_of(d) in STUDY_TABLES]


def test_schema_matches_models_and_round_trips(tmp_home: Path) -> None:
    engine = open_database(tmp_home / "app.db")
    assert set(inspect(engine).get_table_names()) >= STUDY_TABLES
    assert _study_diffs(engine) == []

    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001_history")
    assert not STUDY_TABLES & set(inspect(engine).get_table_names())
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert set(inspect(engine).get_table_names()) >= STUDY_TABLES
