"""ECI classification heads that belong to one GGUF: found next to it, checked by fingerprint.

``training.merge`` stamps ``eci_head.json`` with ``model_fingerprint`` (sha256 over the merged
weights) and writes the same value into ``provenance.json``, which the converter stores in the
GGUF (``clinassist.provenance``). A head is offered for a model only when the two agree.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from models.gguf_info import GGUFInfo

HEAD_FILES = ("eci_head.json", "eci_head.safetensors")


def gguf_fingerprint(info: GGUFInfo) -> str | None:
    """The ``model_fingerprint`` recorded in the GGUF's provenance (None if absent)."""
    return provenance_fingerprint(info.provenance)


def provenance_fingerprint(provenance: str | None) -> str | None:
    """The ``model_fingerprint`` in a ``clinassist.provenance`` JSON text (None if absent)."""
    if not provenance:
        return None
    try:
        record = json.loads(provenance)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    value = record.get("training", {}).get("model_fingerprint") or record.get("model_fingerprint")
    return str(value) if value else None


def head_fingerprint(folder: Path) -> str | None:
    try:
        meta = json.loads((folder / HEAD_FILES[0]).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = meta.get("model_fingerprint") if isinstance(meta, dict) else None
    return str(value) if value else None


def head_labels(folder: Path) -> list[str]:
    meta = json.loads((folder / HEAD_FILES[0]).read_text(encoding="utf-8"))
    return [str(x) for x in meta.get("labels", [])]


def head_fits(folder: Path, info: GGUFInfo) -> bool:
    """True if ``folder`` holds a head trained on exactly this GGUF's weights."""
    if not all((folder / name).is_file() for name in HEAD_FILES):
        return False
    want = gguf_fingerprint(info)
    return want is not None and head_fingerprint(folder) == want


def find_head(gguf_path: Path, info: GGUFInfo) -> Path | None:
    """A matching head beside the GGUF: ``<name>.eci/`` or the GGUF's own folder."""
    for folder in (gguf_path.with_suffix(".eci"), gguf_path.parent):
        if folder.is_dir() and head_fits(folder, info):
            return folder
    return None


def copy_head(source: Path, target: Path) -> Path:
    """Owner-only copy of the head files into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    os.chmod(target, 0o700)
    for name in HEAD_FILES:
        shutil.copyfile(source / name, target / name)
        os.chmod(target / name, 0o600)
    return target
