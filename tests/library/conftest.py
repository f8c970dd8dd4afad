"""Fixtures of the library tests: a store on a freshly migrated database, documents on disk."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.library import LibraryStore
from desktop.storage.db import open_database


@pytest.fixture(scope="session")
def library_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated to head (tests copy it instead of migrating again)."""
    path = tmp_path_factory.mktemp("library-template") / "template.db"
    engine = open_database(path)
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def db_path(tmp_path: Path, library_template: Path) -> Path:
    path = tmp_path / "data" / "app.db"
    path.parent.mkdir(mode=0o700)
    shutil.copyfile(library_template, path)
    return path


@pytest.fixture
def store(db_path: Path) -> Iterator[LibraryStore]:
    engine = open_database(db_path)
    yield LibraryStore(engine)
    engine.dispose()
