"""Checkpoints: weights, optimizer, scheduler, grad scaler, every process's RNG and the state.

Everything tensor-like is loaded with ``torch.load(weights_only=True)`` (no pickled code runs).
The RNG states make a resumed run draw the same dropout masks as the uninterrupted one.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import torch

from training.errors import ConfigError
from training.state import TrainerState

STATE_FILE = "trainer_state.json"


def checkpoint_dir(output: Path, step: int) -> Path:
    return output / "checkpoints" / f"step-{step:07d}"


def find_checkpoint(output: Path, resume: str) -> Path:
    """``--resume latest`` (newest checkpoint in the output dir) or a checkpoint folder."""
    if resume == "latest":
        found = sorted((output / "checkpoints").glob("step-*"))
        found = [p for p in found if (p / STATE_FILE).is_file()]  # complete ones only
        if not found:
            raise ConfigError(f"--resume latest: no checkpoints under {output / 'checkpoints'}")
        return found[-1]
    path = Path(resume)
    if not (path / STATE_FILE).is_file():
        raise ConfigError(f"--resume {resume}: not a checkpoint (no {STATE_FILE})")
    return path


def rng_state() -> dict[str, Any]:
    """Python, NumPy and torch (CPU + CUDA) generator states, weights_only-loadable."""
    np_state = np.random.get_state()
    state: dict[str, Any] = {
        "python": random.getstate(),
        "numpy": [np_state[0], torch.from_numpy(np_state[1].astype(np.int64)), *np_state[2:]],
        "torch": torch.get_rng_state(),
    }
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict[str, Any]) -> None:
    random.setstate(_tuples(state["python"]))
    kind, keys, *rest = state["numpy"]
    np.random.set_state((kind, keys.numpy().astype(np.uint32), *rest))
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def _tuples(x: Any) -> Any:
    return tuple(_tuples(v) for v in x) if isinstance(x, list | tuple) else x


def save_objects(folder: Path, objects: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, obj in objects.items():
        torch.save(obj, folder / f"{name}.pt")


def load_object(folder: Path, name: str) -> Any:
    path = folder / f"{name}.pt"
    if not path.is_file():
        raise ConfigError(f"{folder}: incomplete checkpoint (no {path.name})")
    return torch.load(path, weights_only=True, map_location="cpu")


def finish_checkpoint(folder: Path, state: TrainerState, keep: int) -> None:
    """Write the state last (a folder without it is incomplete) and prune older checkpoints."""
    state.save(folder / STATE_FILE)
    older = sorted(folder.parent.glob("step-*"))[:-keep] if keep > 0 else []
    for old in older:
        shutil.rmtree(old, ignore_errors=True)
