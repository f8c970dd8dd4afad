"""A checkpoint is loaded with ``torch.load(weights_only=True)``: a pickle payload never runs."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
import torch

from tests.training.conftest import toy_records
from training.config import FinetuneConfig
from training.trainer import Trainer


class _Payload:
    """Unpickling this calls ``Path.touch`` on the marker: code execution from a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # noqa: ANN204 - pickle protocol
        return (Path.touch, (self.marker,))


def test_checkpoint_with_a_pickle_payload_is_refused(tmp_path: Path, tiny_base: Path) -> None:
    data = tmp_path / "toy.json"
    data.write_text(json.dumps(toy_records(8)), encoding="utf-8")
    cfg = FinetuneConfig(
        base=str(tiny_base), data=[str(data)], output=str(tmp_path / "run"), max_steps=1,
        batch_size=2, lora_r=4, eval_size=0, max_length=64, warmup_steps=0,
    )  # fmt: skip
    trainer = Trainer(cfg, show_progress=False)
    trainer.setup()
    folder = trainer.save_checkpoint()
    trainer.load_checkpoint(folder)  # a genuine checkpoint (tensors, numbers) still loads

    marker = tmp_path / "code-ran"
    with (folder / "optimizer.pt").open("wb") as fh:
        pickle.dump({"state": _Payload(marker)}, fh)
    with pytest.raises(pickle.UnpicklingError):
        trainer.load_checkpoint(folder)
    assert not marker.exists()
    assert torch.load(folder / "scheduler.pt", weights_only=True)
