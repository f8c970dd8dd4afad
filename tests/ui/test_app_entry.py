"""The installer's smoke test: ``python -m desktop --quit-after-load`` answers headlessly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_quit_after_load_prints_an_answer(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("CLINASSIST_HOME", None)
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
    assert (home / "settings.json").exists() or home.is_dir()  # --home was used, not the default


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
