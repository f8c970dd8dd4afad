"""A real 2-process data-parallel run (``accelerate launch --multi_gpu --num_processes 2`` on this
GPU-less machine: torchrun + gloo; accelerate's ``--cpu`` flag starts ONE process unless MPI is
installed) equals
the 1-process run with the same global batch: same adapter, same learning rate after every
optimizer step. And a tiny ``--full`` fine-tuning run."""

from __future__ import annotations

import json
import math
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from tests.training.conftest import toy_records
from training.finetune import main as finetune_main

pytestmark = pytest.mark.slow

COMMON = [
    "--max-steps", "3", "--lr", "5e-3", "--lora-r", "4", "--lora-dropout", "0", "--eval-size",
    "0", "--logging-steps", "1", "--warmup-steps", "1", "--scheduler", "cosine",
    "--max-length", "96", "--threads", "1", "--template", "alpaca",
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _lrs(out: Path) -> list[float]:
    return [h["lr"] for h in json.loads((out / "metrics.json").read_text())["history"]]


def test_two_processes_equal_one_process_with_the_same_global_batch(
    tmp_path: Path, tiny_base: Path
) -> None:
    data = tmp_path / "toy.json"
    data.write_text(json.dumps(toy_records(16)), encoding="utf-8")
    one, two = tmp_path / "one", tmp_path / "two"
    base = ["--base", str(tiny_base), "--data", str(data)]
    assert finetune_main([*base, "--output", str(one), "--batch-size", "4", *COMMON]) == 0
    accelerate = shutil.which("accelerate", path=str(Path(sys.executable).parent))
    assert accelerate is not None
    env = {**os.environ, "OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1"}
    cmd = [
        accelerate, "launch", "--multi_gpu", "--num_processes", "2", "--num_machines", "1",
        "--mixed_precision", "no", "--dynamo_backend", "no",
        "--main_process_port", str(_free_port()), "-m", "training.finetune",
        *base, "--output", str(two), "--batch-size", "2", *COMMON,
    ]  # fmt: skip
    proc = subprocess.run(cmd, env=env, cwd=Path(__file__).resolve().parents[2],
                          capture_output=True, text=True, timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    m2 = json.loads((two / "metrics.json").read_text())
    assert m2["num_processes"] == 2 and m2["steps"] == 3
    # The LR after each optimizer step is the 1-process schedule (warmup 1, cosine over 3).
    want = [5e-3 * 0.5 * (1 + math.cos(math.pi * (s - 1) / 2)) for s in (1, 2, 3)]
    assert _lrs(one) == pytest.approx(want, rel=1e-9)
    assert _lrs(two) == pytest.approx(want, rel=1e-9)
    a = load_file(str(one / "adapter" / "adapter_model.safetensors"))
    b = load_file(str(two / "adapter" / "adapter_model.safetensors"))
    assert a.keys() == b.keys() and len(a) > 0
    for key in a:
        torch.testing.assert_close(a[key], b[key], rtol=1e-4, atol=1e-6)
    losses = [h["loss"] for h in json.loads((one / "metrics.json").read_text())["history"]]
    assert [h["loss"] for h in m2["history"]] == pytest.approx(losses, rel=1e-4)
    assert m2["train_tokens"] == json.loads((one / "metrics.json").read_text())["train_tokens"]


def test_full_fine_tuning_writes_a_standalone_model(tmp_path: Path, tiny_base: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from training.templates import ALPACA_CHAT_TEMPLATE

    data = tmp_path / "toy.json"
    data.write_text(json.dumps(toy_records(12)), encoding="utf-8")
    out = tmp_path / "full"
    args = ["--base", str(tiny_base), "--data", str(data), "--output", str(out), "--full",
            "--batch-size", "4", "--epochs", "1", "--lr", "1e-3", "--eval-size", "0",
            "--template", "alpaca", "--max-length", "96", "--threads", "1"]  # fmt: skip
    assert finetune_main(args) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["steps"] == 3  # one exact epoch: 12 examples / batch 4
    model_dir = out / "model"
    tuned = AutoModelForCausalLM.from_pretrained(str(model_dir))
    before = AutoModelForCausalLM.from_pretrained(str(tiny_base))
    changed = [
        n for n, p in tuned.named_parameters() if not torch.equal(p, before.get_parameter(n))
    ]
    assert any("layers.0.self_attn" in n for n in changed)  # every block trained, not adapters
    assert any("embed_tokens" in n for n in changed)
    assert AutoTokenizer.from_pretrained(str(model_dir)).chat_template == ALPACA_CHAT_TEMPLATE
    prov = json.loads((model_dir / "provenance.json").read_text())
    assert prov["adapter"] == "full fine-tuning" and len(prov["model_fingerprint"]) == 64
    ckpt = sorted((out / "checkpoints").iterdir())[-1]
    assert (ckpt / "model" / "model.safetensors").is_file() and (ckpt / "rng-0.pt").is_file()


def test_epochs_are_exact(tmp_path: Path, tiny_base: Path) -> None:
    """10 examples, batch 4 -> 3 batches per epoch; grad-accum 2 -> 2 steps per epoch (the second
    takes the last batch alone); 2 epochs = 4 steps, every example seen twice."""
    from training.config import FinetuneConfig
    from training.schedule import plan_steps

    cfg = FinetuneConfig(data=["x"], batch_size=4, grad_accum=2, epochs=2)
    plan = plan_steps(cfg, 10, world=1)
    assert (plan.batches_per_epoch, plan.steps_per_epoch, plan.total_steps) == (3, 2, 4)
    assert plan_steps(cfg, 10, world=2).total_steps == 2  # global batch 8: 2 batches, 1 step
    data = tmp_path / "toy.json"
    data.write_text(json.dumps(toy_records(10)), encoding="utf-8")
    out = tmp_path / "ep"
    args = ["--base", str(tiny_base), "--data", str(data), "--output", str(out),
            "--batch-size", "4", "--grad-accum", "2", "--epochs", "2", *COMMON[2:]]  # fmt: skip
    assert finetune_main(args) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["steps"] == 4 and metrics["steps_per_epoch"] == 2
    per_pass = metrics["data_report"]["train_tokens"]
    assert metrics["train_tokens"] == 2 * per_pass
