"""Fixtures of the history tests: a fresh store on a migrated database."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.history import HistoryStore
from desktop.storage.db import open_database


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated to head (migrating takes ~0.5 s; tests copy this file)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = open_database(path)
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def store(tmp_path: Path, migrated_template: Path) -> Iterator[HistoryStore]:
    path = tmp_path / "data" / "history.db"
    path.parent.mkdir(mode=0o700)
    shutil.copyfile(migrated_template, path)
    s = HistoryStore(path)  # open_database finds it at head: no migration work
    yield s
    s.close()
