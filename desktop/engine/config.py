"""Engine and sampling settings (plain dataclasses, persisted by the app as JSON)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from desktop.engine.threads import default_threads

OverflowPolicy = Literal["trim", "refuse"]


@dataclass
class SamplingSettings:
    temperature: float = 0.7
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    max_tokens: int = 512
    seed: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SamplingSettings:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass
class EngineConfig:
    model_path: str
    n_ctx: int = 4096
    n_threads: int = field(default_factory=default_threads)
    n_gpu_layers: int = 0
    n_batch: int = 512
    overflow: OverflowPolicy = "trim"
    seed: int = 0xC11
    lora_path: str | None = None  # a LoRA adapter GGUF made for this model (models.adapters)
    lora_scale: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
