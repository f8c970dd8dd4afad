"""Installed models: the embedded default plus GGUF files a user imported (copied or referenced)."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from models.adapters import AdapterEntry, AdapterStore
from models.checksum import copy_verified, sha256_file, verify_sha256
from models.default_model import (
    DEFAULT_MODEL_ID,
    DEFAULT_MODEL_LICENSE,
    DEFAULT_MODEL_SHA256,
    default_model_path,
)
from models.eci_head import copy_head, find_head
from models.errors import ModelError
from models.gguf_info import GGUFInfo, read_gguf_info
from models.json_index import load_index, save_index
from models.paths import ensure_private_dir, user_models_dir
from models.usable import check_usable_file

INDEX_FILE = "index.json"
NAMES_FILE = "names.json"  # display names the user chose, by model id (the default's too)


@dataclass(frozen=True)
class ModelIdentity:
    """The one name of a model everywhere in the app: registry id + display name."""

    id: str
    name: str


@dataclass
class ModelEntry:
    """One installed model."""

    id: str
    name: str
    path: str
    sha256: str
    builtin: bool = False
    copied: bool = False
    imported_at: float = field(default_factory=time.time)
    license: str | None = None
    eci_head: str | None = None  # folder of an ECI head trained on exactly these weights

    def info(self) -> GGUFInfo:
        return read_gguf_info(self.path)

    def verify(self) -> None:
        verify_sha256(Path(self.path), self.sha256)

    @property
    def identity(self) -> ModelIdentity:
        return ModelIdentity(self.id, self.name)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "model"


class ModelRegistry:
    """Lists, imports and removes models; the index is a JSON file in the user models folder."""

    def __init__(self, models_dir: Path | None = None) -> None:
        self.models_dir = Path(models_dir) if models_dir else user_models_dir()
        ensure_private_dir(self.models_dir)  # owner-only, like the rest of the user's data
        self.index_path = self.models_dir / INDEX_FILE

    # -- index -------------------------------------------------------------------------
    def _load(self) -> list[ModelEntry]:
        return load_index(self.index_path, ModelEntry, "Model")

    def _save(self, entries: list[ModelEntry]) -> None:
        save_index(self.index_path, entries)

    def _names(self) -> dict[str, str]:
        path = self.models_dir / NAMES_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def rename(self, model_id: str, name: str) -> ModelEntry:
        """Give a model the display name ``name`` (used on every page); empty: not allowed."""
        name = " ".join(name.split())
        if not name:
            raise ModelError("A model name cannot be empty.")
        self.get(model_id)  # raises for an unknown id
        names = {**self._names(), model_id: name[:120]}
        tmp = self.models_dir / (NAMES_FILE + ".tmp")
        tmp.write_text(json.dumps(names, indent=2), encoding="utf-8")
        os.chmod(tmp, 0o600)
        tmp.replace(self.models_dir / NAMES_FILE)
        return self.get(model_id)

    # -- queries -----------------------------------------------------------------------
    def default_entry(self) -> ModelEntry:
        path = default_model_path()
        return ModelEntry(
            id=DEFAULT_MODEL_ID,
            name="SmolLM2-135M-Instruct (Q4_1, embedded default)",
            path=str(path),
            sha256=DEFAULT_MODEL_SHA256,
            builtin=True,
            imported_at=path.stat().st_mtime,
            license=DEFAULT_MODEL_LICENSE,
        )

    def list(self) -> list[ModelEntry]:
        """The default model first, then imported models; missing files are skipped."""
        entries = [self.default_entry()]
        entries += [e for e in self._load() if Path(e.path).is_file()]
        names = self._names()
        for entry in entries:
            entry.name = names.get(entry.id, entry.name)
        return entries

    def installed_with_sha256(self, digest: str) -> ModelEntry | None:
        """The installed model with these exact bytes (the embedded default included)."""
        return next((e for e in self.list() if e.sha256 == digest), None)

    def for_path(self, model_path: str | Path) -> ModelEntry | None:
        """The installed entry whose file is ``model_path`` (None if not installed)."""
        want = Path(model_path).resolve()
        return next((e for e in self.list() if Path(e.path).resolve() == want), None)

    def identity_for_path(self, path: str | Path) -> ModelIdentity:
        """The identity of the model file at ``path`` (its file name if it is not installed)."""
        entry = self.for_path(path)
        if entry is not None:
            return entry.identity
        target = Path(path).resolve()
        return ModelIdentity(target.name, target.stem)

    def get(self, model_id: str) -> ModelEntry:
        for entry in self.list():
            if entry.id == model_id:
                return entry
        raise ModelError(f"No installed model with id {model_id!r}")

    # -- changes -----------------------------------------------------------------------
    def import_gguf(
        self,
        source: str | Path,
        copy: bool = True,
        progress: Callable[[int, int], None] | None = None,
        digest: str | None = None,
        take: bool = False,
    ) -> ModelEntry:
        """Validate ``source`` as GGUF, record its sha256 and copy (or reference) it.

        ``take``: the file was made for the registry (conversion, faster copy) in its models
        folder: it is renamed into place and owned like a copy (removed with its entry),
        without writing its bytes twice.
        ``digest``: its sha256 if the caller computed it already (not read twice).
        An ECI classification head beside it (``<name>.eci/`` or the same folder) whose
        fingerprint matches the GGUF's provenance is imported with it.
        """
        source = Path(source).expanduser().resolve()
        check_usable_file(source)  # vocabulary-only / weightless: refused before any hashing
        info = read_gguf_info(source)  # clear error for non-GGUF / truncated / corrupt files
        digest = digest or sha256_file(source, progress)
        entries = self._load()
        for entry in entries:
            if entry.sha256 == digest and Path(entry.path).is_file():
                return entry
        model_id = _slug(f"{info.name}-{info.quantization}-{digest[:8]}")
        head = find_head(source, info)  # beside the file as it was given, before any rename
        path = source
        if take:
            if source.parent != self.models_dir.resolve():
                raise ModelError(f"{source} is not in the models folder; import a copy instead")
            path = self.models_dir / f"{model_id}.gguf"
            os.chmod(source, 0o600)  # owner-only like every other model file
            source.replace(path)
        elif not copy and source.parent == self.models_dir.resolve():
            os.chmod(source, 0o600)  # a file referenced in the models folder: owner-only too
        elif copy:
            path = self.models_dir / f"{model_id}.gguf"
            copy_verified(source, path, digest)
        entry = ModelEntry(
            id=model_id,
            name=f"{info.name} ({info.quantization})",
            path=str(path),
            sha256=digest,
            copied=copy or take,
            license=info.license,
            eci_head=str(copy_head(head, self.models_dir / f"{model_id}.eci")) if head else None,
        )
        self._save([*entries, entry])
        return entry

    # -- LoRA adapters (attached to one base each) ---------------------------------------
    @property
    def adapters(self) -> AdapterStore:
        return AdapterStore(self.models_dir)

    def import_adapter(
        self,
        source: str | Path,
        base_id: str,
        progress: Callable[[int, int], None] | None = None,
    ) -> AdapterEntry:
        """Attach a LoRA adapter GGUF to the installed base ``base_id`` (refused if it was
        made for another model; see :mod:`models.adapters`)."""
        base = self.get(base_id)
        return self.adapters.attach(source, base.id, base.path, base.sha256, progress)

    def remove(self, model_id: str, delete_file: bool = True) -> None:
        entries = self._load()
        keep = [e for e in entries if e.id != model_id]
        if len(keep) == len(entries):
            raise ModelError(
                f"No imported model with id {model_id!r} (the default cannot be removed)"
            )
        self.adapters.remove_for_base(model_id)  # they fit no other model
        for entry in entries:
            if entry.id == model_id and entry.copied and delete_file:
                Path(entry.path).unlink(missing_ok=True)
            if entry.id == model_id and entry.eci_head:
                shutil.rmtree(entry.eci_head, ignore_errors=True)
        self._save(keep)
