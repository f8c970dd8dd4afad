"""Build the real Linux bundle with PyInstaller and run it like a clinician would.

The bundle is started FROM ITS OWN FOLDER with a minimal environment (no virtual environment,
no PYTHONPATH, PATH=/usr/bin:/bin, a fresh HOME), offscreen, and must answer with the embedded
default model (``--quit-after-load``). Then ``install.sh`` installs it into that HOME and the
installed launcher runs. Slow (PyInstaller analysis ~3-7 min on 2 cores); runs in CI.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.storage.integrity import head_revisions

REPO = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]


def clean_env(home: Path) -> dict[str, str]:
    """What a desktop session gives a freshly installed app: no venv, no PYTHONPATH."""
    return {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("PyInstaller", reason="pip install '.[installer]' to build the bundle")
    out = tmp_path_factory.mktemp("bundle")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "installer.build_bundle",
            f"--dist={out / 'dist'}",
            f"--work={out / 'work'}",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1000,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    return out / "dist" / "ClinicalAssistant"


def test_bundle_is_self_contained_and_small(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (bundle / "ClinicalAssistant").stat().st_mode & 0o111
    assert list((internal / "models" / "embedded").glob("*.gguf"))
    assert list((internal / "llama_cpp" / "lib").glob("libllama.so*"))
    assert (
        internal / "desktop" / "storage" / "migrations" / "versions" / "0001_history.py"
    ).is_file()
    for leaked in ("torch", "transformers", "peft", "accelerate", "training"):
        assert not (internal / leaked).exists(), f"{leaked} must not be bundled"
    platforms = {p.name for p in (internal / "PySide6" / "Qt" / "plugins" / "platforms").iterdir()}
    assert {"libqoffscreen.so", "libqxcb.so"} <= platforms
    assert "libqwayland.so" not in platforms and "libqeglfs.so" not in platforms
    manifest = json.loads((bundle / "BUILD-MANIFEST.json").read_text())
    size_mb = manifest["total_bytes"] / 1e6
    print(f"bundle size: {size_mb:.0f} MB, {len(manifest['files'])} files")
    assert size_mb < 600
    notes = " ".join(manifest["notes"])
    assert "CPU features compiled in" in notes and "NOT PORTABLE" not in notes


def test_bundle_answers_from_its_own_folder_without_a_venv(bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = clean_env(home)
    assert "VIRTUAL_ENV" not in env and "PYTHONPATH" not in env
    proc = subprocess.run(
        ["./ClinicalAssistant", "--quit-after-load"],
        cwd=bundle,
        env=env,
        capture_output=True,
        text=True,
        timeout=420,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-4000:]
    answer = proc.stdout.strip()
    print(f"bundle answer: {answer!r}")
    assert len(answer) > 10 and not answer.startswith("error")
    # User data went to the platform data dir (platformdirs), owner-only; not into the bundle.
    data = home / ".local" / "share" / "ClinicalAssistant"
    assert data.is_dir() and (data.stat().st_mode & 0o777) == 0o700
    db = data / "clinassist.db"
    # The window opens its history at start: the bundled Alembic migrations ran to head.
    assert db.is_file() and (db.stat().st_mode & 0o777) == 0o600
    with sqlite3.connect(db) as conn:
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert {version} == head_revisions()
    assert not list(bundle.rglob("*.db"))


def test_install_sh_on_the_real_bundle(bundle: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = clean_env(home)
    proc = subprocess.run(
        ["bash", str(bundle / "install.sh")], env=env, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    link = home / ".local" / "bin" / "clinical-assistant"
    assert link.is_symlink()
    assert (home / ".local" / "share" / "applications" / "clinical-assistant.desktop").is_file()
    # The installed copy starts (argument parsing, imports) from any working directory.
    proc = subprocess.run(
        [str(link), "--help"], cwd=home, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "--quit-after-load" in proc.stdout
    proc = subprocess.run(
        ["bash", str(home / ".local/share/ClinicalAssistant-app/uninstall.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and not link.exists()


@pytest.mark.skipif(os.environ.get("CLINASSIST_BUNDLE_SELFTEST") != "1", reason="optional")
def test_bundle_selftest_engine_only(bundle: Path, tmp_path: Path) -> None:
    """``--selftest``: the Qt-free engine path (set CLINASSIST_BUNDLE_SELFTEST=1 to run)."""
    proc = subprocess.run(
        ["./ClinicalAssistant", "--selftest"],
        cwd=bundle,
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "answer:" in proc.stdout
    assert "database schema: " in proc.stdout


def test_bundle_makes_a_faster_copy(bundle: Path, tmp_path: Path) -> None:
    """ "Make faster copy (Q8_0)" works in the installed app: convert.requantize is bundled."""
    proc = subprocess.run(
        ["./ClinicalAssistant", "--check-fast-copy", str(tmp_path / "copy")],
        cwd=bundle,
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert "faster copy: fast-copy.q8_0.gguf Q8_0" in proc.stdout
