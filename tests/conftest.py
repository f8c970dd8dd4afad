"""Shared fixtures: the real embedded model, the shared medical data, an isolated user home."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.file_keyring import MemoryKeyring

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = (REPO / ".." / "shared" / "data").resolve()

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def default_model_path() -> Path:
    """The embedded default GGUF (installed by `make setup`)."""
    from models.default_model import default_model_path as _path

    return _path()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` — real medical data sets, read by path, never copied."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def tmp_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An isolated per-user data directory (``CLINASSIST_HOME``)."""
    home = tmp_path / "home"
    monkeypatch.setenv("CLINASSIST_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Folder for screenshots and reports written by this test run."""
    path = REPO / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """This process's keyring for one test: a real backend in memory, then the old one back."""
    import keyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
