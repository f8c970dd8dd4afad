"""Study statistics exports (CSV, PNG) are owner-only files whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.study.charts import save_png
from desktop.study.stats import compute_stats, export_csv
from desktop.study.store import StudyStore


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual default: files would be world-readable
    try:
        yield
    finally:
        os.umask(old)


def test_csv_and_png_exports_are_0600(tmp_path: Path, open_umask: None) -> None:
    store = StudyStore.open(tmp_path / "study.db")
    stats = compute_stats(store)
    csv_path = export_csv(stats, tmp_path / "out" / "stats.csv")
    png_path = save_png(stats, tmp_path / "out" / "stats.png")
    store.engine.dispose()
    assert csv_path.read_text(encoding="utf-8").startswith("group,key,answered")
    assert png_path.read_bytes()[:4] == b"\x89PNG"
    for path in (csv_path, png_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]  # no temp left
