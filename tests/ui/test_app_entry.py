"""The installer's smoke test: ``python -m desktop --quit-after-load`` answers headlessly."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from desktop.storage.integrity import head_revisions

REPO = Path(__file__).resolve().parents[2]


def test_quit_after_load_prints_an_answer(tmp_path: Path) -> None:
    # HOME points at an empty folder, so the platform default data dir would land there.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "user"))
    env.pop("CLINASSIST_HOME", None)
    env.pop("XDG_DATA_HOME", None)
    home = tmp_path / "home"
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "--quit-after-load", "--home", str(home)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    answer = proc.stdout.strip()
    assert len(answer) > 10 and "error" not in answer.lower()
    # --home was used, not the default: the history database is there, migrated, owner-only.
    db = home / "clinassist.db"
    assert db.is_file() and (db.stat().st_mode & 0o777) == 0o600
    assert (home.stat().st_mode & 0o777) == 0o700
    with sqlite3.connect(db) as conn:
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert {version} == head_revisions()
    assert not (tmp_path / "user" / ".local" / "share" / "ClinicalAssistant").exists()


def test_bad_model_flag_exits_nonzero(tmp_path: Path) -> None:
    bad = tmp_path / "broken.gguf"
    bad.write_bytes(b"GGUF" + b"\0" * 20)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            "--quit-after-load",
            "--home",
            str(tmp_path / "h"),
            "--model",
            str(bad),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "error:" in proc.stderr and "broken.gguf" in proc.stderr
