"""The registry's JSON index files (models and adapters): read whole, replaced atomically."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

from models.errors import ModelError

T = TypeVar("T")


def load_index(path: Path, row_type: type[T], what: str) -> list[T]:
    """The rows of ``path`` as ``row_type`` records; none when the file does not exist yet."""
    if not path.is_file():
        return []
    try:
        rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
        return [row_type(**row) for row in rows]
    except (ValueError, TypeError) as exc:
        raise ModelError(f"{what} index {path} is unreadable: {exc}") from exc


def save_index(path: Path, entries: list[Any]) -> None:
    """Write ``entries`` (dataclasses) owner-only, through a temporary file so a crash
    mid-write leaves the old index whole."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps([asdict(e) for e in entries], indent=2), encoding="utf-8")
    os.chmod(tmp, 0o600)
    tmp.replace(path)
