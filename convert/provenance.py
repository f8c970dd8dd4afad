"""Provenance metadata: where the weights came from (base model, adapter, training data).

Sources, later ones winning: ``adapter_config.json`` / ``training_args.json`` in the model folder,
an optional ``provenance.json`` there (keys: name, base_model, adapter, datasets, notes, ...), and
explicit values from the CLI / API. Written as standard ``general.*`` keys plus the full record as
JSON under ``clinassist.provenance`` so the app can show it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import gguf

log = logging.getLogger(__name__)
PROVENANCE_KEY = "clinassist.provenance"


@dataclass
class Provenance:
    name: str | None = None
    base_model: str | None = None
    adapter: str | None = None
    datasets: list[str] = field(default_factory=list)
    training: dict[str, Any] = field(default_factory=dict)
    converter: str = "clinassist-convert"
    notes: str | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


def _load_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable %s: %s", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def read_provenance(model_dir: Path, config: dict[str, Any], **overrides: Any) -> Provenance:
    """Collect provenance from the model folder, then apply non-empty ``overrides``."""
    prov = Provenance()
    adapter = _load_json(model_dir / "adapter_config.json")
    if adapter:
        prov.base_model = adapter.get("base_model_name_or_path")
        prov.adapter = f"{adapter.get('peft_type', 'adapter')} r={adapter.get('r')}"
    args = _load_json(model_dir / "training_args.json")
    keep = ("learning_rate", "num_train_epochs", "max_steps", "per_device_train_batch_size", "seed")
    prov.training = {k: args[k] for k in keep if k in args}
    name_or_path = config.get("_name_or_path")
    if name_or_path and not prov.base_model:
        prov.base_model = str(name_or_path)
    explicit = _load_json(model_dir / "provenance.json")
    for key, value in explicit.items():
        if key == "datasets" and isinstance(value, str):
            value = [value]
        if hasattr(prov, key):
            setattr(prov, key, value)
        else:
            prov.training[key] = value
    for key, value in overrides.items():
        if value:
            setattr(prov, key, list(value) if key == "datasets" else value)
    if not prov.name:
        prov.name = model_dir.resolve().name
    return prov


def add_provenance(writer: gguf.GGUFWriter, prov: Provenance) -> None:
    writer.add_name(prov.name or "model")
    if prov.base_model:
        writer.add_base_model_count(1)
        writer.add_base_model_name(0, prov.base_model)
    if prov.datasets:
        writer.add_dataset_count(len(prov.datasets))
        for i, ds in enumerate(prov.datasets):
            writer.add_dataset_name(i, ds)
    if prov.adapter:
        writer.add_finetune(prov.adapter)
    writer.add_string(PROVENANCE_KEY, prov.to_json())
