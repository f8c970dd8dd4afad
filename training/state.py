"""The trainer's state (like HF ``TrainerState``): counters and logs, saved in every checkpoint."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any


@dataclass
class TrainerState:
    step: int = 0  # optimizer steps done
    epoch: int = 0
    batch_in_epoch: int = 0  # global micro-batches of the current epoch already consumed
    train_tokens: int = 0  # real (non-pad) tokens over all processes
    train_seconds: float = 0.0
    history: list[dict[str, Any]] = field(default_factory=list)
    eval_history: list[dict[str, Any]] = field(default_factory=list)
    resumed_from: str | None = None
    cancelled: bool = False  # stopped early by a CancelToken

    @property
    def tokens_per_second(self) -> float:
        return self.train_tokens / max(self.train_seconds, 1e-9)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=1), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> TrainerState:
        raw = json.loads(path.read_text(encoding="utf-8"))
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})


@dataclass
class StepResult:
    """What one optimizer step did (averaged over processes)."""

    loss: float
    eci_ce: float | None
    tokens: int
    lr: float
