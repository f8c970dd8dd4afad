"""`make run` checks Qt's system libraries first (installer/system_libs.sh), with a clear message."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "installer" / "system_libs.sh"
NEEDED = ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1")  # seen missing on fresh Debian


def _run(ldconfig: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LDCONFIG": ldconfig}
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run(
        ["sh", str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=60
    )


def _table() -> list[tuple[str, str]]:
    text = SCRIPT.read_text()
    return re.findall(r"(lib[\w.+-]+\.so\.\d+):([\w.+-]+)", text)


def test_reports_exactly_what_the_real_linker_cache_lacks() -> None:
    table = _table()
    assert {pkg for _lib, pkg in table} >= set(NEEDED)
    cache = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    missing = [pkg for lib, pkg in table if f" {lib} " not in cache.replace("\t", " ")]
    result = _run("ldconfig -p", "--check")
    assert result.returncode == (1 if missing else 0)
    named = re.findall(r"apt-get install -y (.+)", result.stderr)
    assert named == ([" ".join(missing)] if missing else [])


def test_empty_system_gets_the_exact_install_command(tmp_path: Path) -> None:
    """A fresh machine without any of them: exit 1 and the command to type."""
    result = _run("true", "--check")  # an empty linker cache
    assert result.returncode == 1
    assert "needs libraries this computer does not have" in result.stderr
    line = next(x for x in result.stderr.splitlines() if "apt-get install -y" in x)
    assert all(pkg in line.split() for pkg in NEEDED)


def test_headless_needs_nothing() -> None:
    env = {**os.environ, "LDCONFIG": "true", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(["sh", str(SCRIPT), "--check"], env=env, capture_output=True)
    assert result.returncode == 0
