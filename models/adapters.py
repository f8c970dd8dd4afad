"""LoRA adapter GGUFs attached to an installed base model (one base, swappable adapters).

``python -m convert lora`` writes a llama.cpp LoRA GGUF (``general.type = adapter``) and records
in it, under ``clinassist.adapter``, which base it was made for (:class:`BaseRecord`): the GGUF
architecture and a fingerprint of every weight matrix's shape, plus the strongest identity it
had: the base GGUF's sha256 and/or the fingerprint of the base weights (``model_fingerprint``,
which our converter also stores in every GGUF it writes). :func:`why_not_base` accepts a base
only when architecture and shapes agree *and* one identity matches, so an adapter is never
applied to another model of the same shape (e.g. the Instruct sibling of its base).

Adapters live in ``adapters.json`` beside the model index, files owner-only (0600).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from models.checksum import copy_verified, sha256_file
from models.eci_head import provenance_fingerprint
from models.errors import ModelError, ModelFileError
from models.fingerprint import shapes_fingerprint
from models.gguf_bounds import check_bounds
from models.gguf_info import check_magic
from models.json_index import load_index, save_index

ADAPTER_KEY = "clinassist.adapter"  # JSON: {"base": BaseRecord, "lora": {...}}
ADAPTER_TEMPLATE_KEY = "clinassist.adapter.chat_template"  # the template it was trained with
ADAPTERS_FILE = "adapters.json"


class AdapterMismatchError(ModelError):
    """The adapter was made for another base model; it is not attached."""


@dataclass(frozen=True)
class BaseRecord:
    """Which base model an adapter belongs to."""

    architecture: str
    shapes_sha256: str
    name: str = ""
    sha256: str | None = None  # of the base GGUF, when the adapter was exported against one
    model_fingerprint: str | None = None  # of the base weights (any quantization)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BaseRecord:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def gguf_matrix_shapes(path: str | Path) -> dict[str, tuple[int, ...]]:
    """ggml shapes (ne) of the GGUF's tensors, from its header (no weights read)."""
    check_magic(Path(path))
    return dict(check_bounds(Path(path)).shapes)


def base_record_for_gguf(path: str | Path, sha256: str | None = None) -> BaseRecord:
    """The record of an installed (or given) base GGUF; ``sha256`` if already known.

    Read from the header walk (a fraction of a second), not ``GGUFReader`` (seconds on a
    large vocabulary)."""
    path = Path(path)
    check_magic(path)
    header = check_bounds(path)
    arch = header.strings.get("general.architecture", "")
    if not arch:
        raise ModelFileError(f"{path.name} has no general.architecture in its metadata.")
    return BaseRecord(
        architecture=arch,
        shapes_sha256=shapes_fingerprint(arch, header.shapes),
        name=header.strings.get("general.name") or path.stem,
        sha256=sha256 or sha256_file(path),
        model_fingerprint=provenance_fingerprint(header.strings.get("clinassist.provenance")),
    )


def why_not_base(made_for: BaseRecord, base: BaseRecord) -> str | None:
    """Why an adapter made for ``made_for`` must not be applied to ``base`` (None: it fits)."""
    label = made_for.name or "another model"
    if made_for.architecture != base.architecture:
        return (
            f"it was made for a {made_for.architecture} model ({label}), and {base.name} is a "
            f"{base.architecture} model."
        )
    if made_for.shapes_sha256 != base.shapes_sha256:
        return (
            f"it was made for {label}, a {made_for.architecture} model of another size or layout "
            f"than {base.name} (its weight shapes differ)."
        )
    if made_for.sha256 and made_for.sha256 == base.sha256:
        return None
    if made_for.model_fingerprint and made_for.model_fingerprint == base.model_fingerprint:
        return None
    return (
        f"it was made for {label}; {base.name} has the same shape but not the same weights "
        "(another checkpoint of the family, e.g. a base vs an instruct model). Export the "
        "adapter again with --base pointing at this model's GGUF or its Hugging Face folder."
    )


@dataclass(frozen=True)
class AdapterInfo:
    """What a LoRA adapter GGUF says about itself."""

    path: str
    name: str
    architecture: str
    alpha: float
    base: BaseRecord | None  # None: not exported by us (no record of its base)
    n_tensors: int
    chat_template: str | None = None  # the training template (used instead of the base's)


def read_adapter_info(path: str | Path) -> AdapterInfo:
    """Read a LoRA adapter GGUF's header; :class:`ModelFileError` if it is not one."""
    path = Path(path)
    check_magic(path)
    header = check_bounds(path)
    kind = header.strings.get("general.type", "")
    if kind != "adapter":
        what = "a model" if not kind or kind == "model" else f"a {kind!r} file"
        raise ModelFileError(
            f"{path.name} is not a LoRA adapter (general.type is {kind or 'unset'}: {what}). "
            "Import complete models with “Import GGUF…”; adapters come from "
            "`python -m convert lora`."
        )
    if header.strings.get("adapter.type") != "lora":
        raise ModelFileError(
            f"{path.name} is an adapter of type {header.strings.get('adapter.type')!r}; only "
            "LoRA adapters can be applied."
        )
    record = None
    if raw := header.strings.get(ADAPTER_KEY):
        try:
            base = json.loads(raw).get("base")
        except (ValueError, AttributeError) as exc:
            raise ModelFileError(f"{path.name} has malformed adapter metadata: {exc}") from exc
        record = BaseRecord.from_dict(base) if isinstance(base, dict) else None
    return AdapterInfo(
        path=str(path),
        name=header.strings.get("general.name") or path.stem,
        architecture=header.strings.get("general.architecture", ""),
        alpha=float(header.numbers.get("adapter.lora.alpha", 0.0)),
        base=record,
        n_tensors=header.n_tensors,
        chat_template=header.strings.get(ADAPTER_TEMPLATE_KEY) or None,
    )


@dataclass
class AdapterEntry:
    """One installed adapter, attached to one base model (by registry id)."""

    id: str
    name: str
    path: str
    sha256: str
    base_id: str
    architecture: str
    alpha: float
    imported_at: float = field(default_factory=time.time)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "adapter"


class AdapterStore:
    """The adapters index in a models folder (used through ``ModelRegistry``)."""

    def __init__(self, models_dir: Path) -> None:
        self.models_dir = Path(models_dir)
        self.index_path = self.models_dir / ADAPTERS_FILE

    def _load(self) -> list[AdapterEntry]:
        return load_index(self.index_path, AdapterEntry, "Adapter")

    def _save(self, entries: list[AdapterEntry]) -> None:
        save_index(self.index_path, entries)

    def list(self, base_id: str | None = None) -> list[AdapterEntry]:
        """Installed adapters (of one base), whose files still exist."""
        return [
            e
            for e in self._load()
            if Path(e.path).is_file() and (base_id is None or e.base_id == base_id)
        ]

    def attach(
        self,
        source: str | Path,
        base_id: str,
        base_path: str | Path,
        base_sha256: str,
        progress: Callable[[int, int], None] | None = None,
    ) -> AdapterEntry:
        """Check ``source`` is a LoRA adapter made for this base, then copy it in (0600).

        Raises :class:`AdapterMismatchError` (nothing copied) when it belongs to another base.
        """
        source = Path(source).expanduser().resolve()
        info = read_adapter_info(source)
        base = base_record_for_gguf(base_path, base_sha256)
        if info.base is None:
            raise AdapterMismatchError(
                f"{source.name} does not say which model it was made for, so it cannot be "
                "checked against this one; export it with `python -m convert lora`."
            )
        if problem := why_not_base(info.base, base):
            raise AdapterMismatchError(f"{source.name} cannot be used with {base.name}: {problem}")
        digest = sha256_file(source, progress)
        entries = self._load()
        for entry in entries:
            if entry.sha256 == digest and entry.base_id == base_id and Path(entry.path).is_file():
                return entry
        adapter_id = _slug(f"{info.name}-{digest[:8]}")
        path = self.models_dir / f"{adapter_id}.lora.gguf"
        copy_verified(source, path, digest)
        entry = AdapterEntry(
            id=adapter_id,
            name=info.name,
            path=str(path),
            sha256=digest,
            base_id=base_id,
            architecture=info.architecture,
            alpha=info.alpha,
        )
        self._save([*entries, entry])
        return entry

    def remove(self, adapter_id: str) -> None:
        entries = self._load()
        keep = [e for e in entries if e.id != adapter_id]
        if len(keep) == len(entries):
            raise ModelError(f"No installed adapter with id {adapter_id!r}")
        for entry in entries:
            if entry.id == adapter_id:
                Path(entry.path).unlink(missing_ok=True)
        self._save(keep)

    def remove_for_base(self, base_id: str) -> None:
        """Remove every adapter of a base model that is being removed."""
        for entry in self._load():
            if entry.base_id == base_id:
                self.remove(entry.id)
