"""Per-user data locations, created owner-only (0700 directories)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "ClinicalAssistant"
HOME_ENV = "CLINASSIST_HOME"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and restrict it to the owner."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def data_dir() -> Path:
    """The per-user data directory (``$CLINASSIST_HOME`` overrides the platform default)."""
    override = os.environ.get(HOME_ENV)
    base = (
        Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )
    return ensure_private_dir(base)


def user_models_dir() -> Path:
    """Where imported GGUF files and the model index live."""
    return ensure_private_dir(data_dir() / "models")
