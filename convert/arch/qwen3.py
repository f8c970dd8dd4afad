"""Qwen3 (dense): Qwen2 without biases, plus per-head RMSNorm on Q and K (q_norm, k_norm)."""

from __future__ import annotations

import gguf

from convert.arch.qwen2 import Qwen2
from convert.arch.registry import register


@register
class Qwen3(Qwen2):
    hf_classes = ("Qwen3ForCausalLM",)
    model_types = ("qwen3",)
    gguf_arch = gguf.MODEL_ARCH.QWEN3
    family = "Qwen3"
