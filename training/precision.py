"""Precision: bf16/fp16 on GPUs (bf16 only where it is native), fp32 on CPU.

LoRA/QLoRA keep the frozen base weights in the half dtype (a 7B base needs 14 GB, not 28 GB) and
peft keeps the adapter weights in fp32; full fine-tuning keeps fp32 master weights and computes
under autocast.
"""

from __future__ import annotations

import torch

from training.config import FinetuneConfig
from training.errors import ConfigError


def bf16_native() -> bool:
    """bf16 is fast only from compute capability 8 (Ampere) on; older GPUs emulate it."""
    return torch.cuda.is_available() and torch.cuda.get_device_capability()[0] >= 8


def mixed_precision(cfg: FinetuneConfig) -> str:
    """accelerate's ``mixed_precision`` for ``--precision`` (auto: bf16 > fp16 > fp32 on CPU)."""
    cuda = torch.cuda.is_available()
    if cfg.precision == "fp32":
        return "no"
    if cfg.precision in {"bf16", "fp16"} and not cuda:
        raise ConfigError(f"--precision {cfg.precision} needs a CUDA GPU; on CPU training is fp32")
    if cfg.precision == "bf16" and not bf16_native():
        raise ConfigError(
            "--precision bf16 needs a GPU of compute capability 8.0 or newer; use fp16"
        )
    if cfg.precision in {"bf16", "fp16"}:
        return cfg.precision
    if not cuda:
        return "no"
    return "bf16" if bf16_native() else "fp16"


def weight_dtype(cfg: FinetuneConfig, mixed: str) -> torch.dtype:
    """The dtype the base weights are loaded in."""
    if mixed == "no" or cfg.full:
        return torch.float32
    return torch.bfloat16 if mixed == "bf16" else torch.float16
